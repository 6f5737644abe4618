import CLibPQ
import Foundation

/// A failure from libpq, with the SQLSTATE when the server sent one.
struct PGFailure: Error, CustomStringConvertible {
    let message: String
    let sqlState: String?
    /// The connection is gone (server restart, terminated backend, network): reconnect and retry.
    let connectionLost: Bool

    var description: String { message.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Worth running the transaction again: a lost connection, a serialisation failure or a deadlock.
    var retryable: Bool {
        connectionLost || sqlState == "40001" || sqlState == "40P01" || (sqlState?.hasPrefix("08") ?? false)
            || sqlState == "57P01" || sqlState == "57P02" || sqlState == "57P03"
    }
}

/// One libpq connection. Not thread-safe: `PostgresBackend` serialises its use.
final class PGConnection {
    private var handle: OpaquePointer?

    /// Connects to a `postgres://` URL (any libpq connection string works too).
    init(url: String, applicationName: String = "tailsweep") throws {
        let keywords = ["dbname", "application_name", "connect_timeout"]
        let values = [url, applicationName, "10"]
        handle = withArrayOfCStrings(keywords) { k in
            withArrayOfCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(handle)
            handle = nil
            throw PGFailure(message: message, sqlState: nil, connectionLost: true)
        }
        // Quiet NOTICEs (e.g. "relation already exists, skipping") instead of printing them to stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one or more statements without parameters (schema text, BEGIN/COMMIT).
    func run(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs one statement with parameters (`$1`, `$2`, …) and returns its rows.
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        var lengths: [Int32] = [], formats: [Int32] = []
        var buffers: [[CChar]?] = []
        for value in arguments {
            switch value {
            case .null: buffers.append(nil); lengths.append(0); formats.append(0)
            case .integer(let i): buffers.append(Array("\(i)".utf8CString)); lengths.append(0); formats.append(0)
            case .real(let d): buffers.append(Array("\(d)".utf8CString)); lengths.append(0); formats.append(0)
            case .text(let s): buffers.append(Array(s.utf8CString)); lengths.append(0); formats.append(0)
            case .blob(let b): buffers.append(b.map { CChar(bitPattern: $0) } + [0]); lengths.append(Int32(b.count)); formats.append(1)
            }
        }
        let result = withPointers(to: buffers) { pointers in
            PQexecParams(handle, sql, Int32(arguments.count), nil, pointers, lengths, formats, 0)
        }
        defer { PQclear(result) }
        try check(result)
        return Self.rows(result!)
    }

    private func check(_ result: OpaquePointer?) throws {
        let status = PQresultStatus(result)
        guard status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK else { return }
        let message = result.map { String(cString: PQresultErrorMessage($0)) } ?? String(cString: PQerrorMessage(handle))
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        throw PGFailure(message: message.isEmpty ? String(cString: PQerrorMessage(handle)) : message, sqlState: state,
                        connectionLost: PQstatus(handle) != CONNECTION_OK)
    }

    /// Text-format results typed by column type: integers, floating point (and numeric), bytea
    /// (hex), booleans; anything else is text.
    private static func rows(_ result: OpaquePointer) -> [SQLRow] {
        let n = Int(PQntuples(result)), m = Int(PQnfields(result))
        let columns = (0..<m).map { String(cString: PQfname(result, Int32($0))) }
        let types = (0..<m).map { PQftype(result, Int32($0)) }
        return (0..<n).map { r in
            SQLRow(columns: columns, values: (0..<m).map { c -> SQLValue in
                if PQgetisnull(result, Int32(r), Int32(c)) == 1 { return .null }
                let text = String(cString: PQgetvalue(result, Int32(r), Int32(c)))
                switch types[c] {
                case 20, 21, 23: return Int64(text).map(SQLValue.integer) ?? .text(text)
                case 700, 701, 1700: return Double(text).map(SQLValue.real) ?? .text(text)
                case 16: return .integer(text == "t" ? 1 : 0)
                case 17: return .blob(hexBytes(text))
                default: return .text(text)
                }
            })
        }
    }

    /// bytea's hex output format, `\x` then two hex digits per byte.
    private static func hexBytes(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8.dropFirst(2))
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
        return stride(from: 0, to: digits.count - 1, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
    }
}

private func withArrayOfCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let buffers = strings.map { Array($0.utf8CString) }
    return withPointers(to: buffers.map { Optional($0) }) { pointers in body(pointers + [nil]) }
}

/// Stable pointers to each buffer for the duration of `body` (nil stays nil: SQL NULL).
private func withPointers<R>(to buffers: [[CChar]?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafePointer<CChar>?] = []
    var allocated: [UnsafeMutablePointer<CChar>] = []
    for buffer in buffers {
        guard let buffer else { pointers.append(nil); continue }
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: buffer.count)
        p.initialize(from: buffer, count: buffer.count)
        allocated.append(p)
        pointers.append(UnsafePointer(p))
    }
    defer { allocated.forEach { $0.deallocate() } }
    return body(pointers)
}
