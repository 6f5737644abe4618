import Foundation

/// One column value as both back ends store it. Booleans are integers 0/1, non-finite numbers
/// are NULL (see `finite`), binary data is a blob (`BLOB` in SQLite, `BYTEA` in PostgreSQL).
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift value that can be bound as a statement argument.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .real(self) } }
extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Array: SQLBindable where Element == UInt8 { public var sqlValue: SQLValue { .blob(self) } }
extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// Column name → value, for inserts and upserts, in the order written: an upsert's rows list
/// the same columns in the same order (checked), so its statement arguments are each row's
/// values as they stand — no hashing of column names, thousands of rows a sweep.
struct SQLFields: ExpressibleByDictionaryLiteral {
    private(set) var columns: [String] = []
    private(set) var values: [any SQLBindable] = []

    /// A literal's columns are distinct (a repeated one makes the statement fail).
    init(dictionaryLiteral elements: (String, any SQLBindable)...) {
        columns = elements.map(\.0)
        values = elements.map(\.1)
    }

    /// Replaces the column's value, or adds the column last.
    mutating func set(_ column: String, _ value: any SQLBindable) {
        if let i = columns.firstIndex(of: column) {
            values[i] = value
        } else {
            columns.append(column)
            values.append(value)
        }
    }

    /// Refuses a row of an upsert whose columns are not the first row's, in the same order.
    func check(columns expected: [String], table: String) throws {
        guard columns == expected else { throw StoreError.database("\(table): a row has the columns \(columns), not \(expected)") }
    }

    /// `INSERT … VALUES` with `rows` tuples of `columns`, then `ON CONFLICT (key) DO UPDATE SET`
    /// every other column (`DO NOTHING` when every column is in the key).
    static func upsertSQL(table: String, columns: [String], key: [String], rows: Int) -> String {
        let updates = columns.filter { !key.contains($0) }.map { "\($0) = excluded.\($0)" }
        let conflict = updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updates.joined(separator: ", ")
        let tuple = "(" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ", ")
            + " ON CONFLICT (\(key.joined(separator: ", "))) \(conflict)"
    }
}

/// NaN and infinities become SQL NULL.
func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

/// A Swift type a column can be read as; `nil` when the stored value has another type.
protocol SQLReadable {
    static func read(_ value: SQLValue) -> Self?
}

extension Int64: SQLReadable {
    static func read(_ value: SQLValue) -> Int64? { if case .integer(let i) = value { return i }; return nil }
}
extension Int: SQLReadable {
    static func read(_ value: SQLValue) -> Int? { Int64.read(value).map(Int.init) }
}
extension Bool: SQLReadable {
    static func read(_ value: SQLValue) -> Bool? { Int64.read(value).map { $0 != 0 } }
}
extension Double: SQLReadable {
    static func read(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let d): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }
}
extension String: SQLReadable {
    static func read(_ value: SQLValue) -> String? { if case .text(let s) = value { return s }; return nil }
}
extension Array: SQLReadable where Element == UInt8 {
    static func read(_ value: SQLValue) -> [UInt8]? { if case .blob(let b) = value { return b }; return nil }
}
extension Optional: SQLReadable where Wrapped: SQLReadable {
    static func read(_ value: SQLValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.read(value).map { .some($0) }
    }
}

/// One result row, by column name.
struct SQLRow: Sendable {
    let columns: [String]
    let values: [SQLValue]

    subscript(raw name: String) -> SQLValue? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    /// The column as `T`; a missing column or a value of another type is an error naming both.
    func get<T: SQLReadable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let value = self[raw: name] else { throw StoreError.database("result has no column '\(name)'") }
        guard let typed = T.read(value) else { throw StoreError.database("column '\(name)' holds \(value), not \(T.self)") }
        return typed
    }
}
