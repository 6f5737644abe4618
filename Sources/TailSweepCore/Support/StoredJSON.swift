import Foundation

/// JSON as the result databases store it: property names as they are (skip-reason keys must
/// survive untouched), keys sorted, numbers in Swift's shortest round-trip form and non-finite
/// ones as the strings "inf", "-inf", "nan" — so the same value is the same text everywhere and
/// a round trip is exact.
///
/// ```swift
/// let text = try StoredJSON.encode(metrics)                 // generic, through JSONEncoder
/// let back = try StoredJSON.decode(TrackSummary.self, text)
/// StoredJSON.text([1.5, 2, .infinity])                      // "[1.5,2,\"inf\"]" — the same text, written directly
/// ```
///
/// The direct writers (`text`, `append`) give byte for byte what `encode` gives (tested) for the
/// large arrays of sweeps — daily P&L series and shard partials — where `JSONEncoder` was a
/// tenth of a sweep's time.
public enum StoredJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try d.decode(type, from: Data(text.utf8))
    }

    public static func text(_ values: [Double]) -> String {
        var out = ""
        out.reserveCapacity(values.count * 12)
        append(values, to: &out)
        return out
    }

    public static func text(_ strings: [String]) -> String {
        var out = "["
        out.reserveCapacity(strings.reduce(2) { $0 + $1.utf8.count + 3 })
        for (i, s) in strings.enumerated() {
            if i > 0 { out += "," }
            append(s, to: &out)
        }
        return out + "]"
    }

    public static func append(_ values: [Int], to out: inout String) {
        out += "["
        for (i, v) in values.enumerated() { out += i > 0 ? ",\(v)" : "\(v)" }
        out += "]"
    }

    /// An object of counts, keys in UTF-8 order as `JSONEncoder`'s `.sortedKeys` gives them.
    public static func append(_ counts: [String: Int], to out: inout String) {
        out += "{"
        for (i, key) in counts.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if i > 0 { out += "," }
            append(key, to: &out)
            out += ":\(counts[key]!)"
        }
        out += "}"
    }

    public static func append(_ values: [Double], to out: inout String) {
        out += "["
        for (i, v) in values.enumerated() {
            if i > 0 { out += "," }
            append(v, to: &out)
        }
        out += "]"
    }

    /// Shortest round-trip form without a trailing ".0" (as `JSONEncoder` writes it); non-finite
    /// values as quoted names.
    public static func append(_ x: Double, to out: inout String) {
        guard x.isFinite else {
            out += x.isNaN ? "\"nan\"" : x > 0 ? "\"inf\"" : "\"-inf\""
            return
        }
        let text = x.description
        out += text.hasSuffix(".0") ? text.dropLast(2) : Substring(text)
    }

    /// A quoted string escaped as `JSONEncoder` escapes it (slashes included).
    public static func append(_ text: String, to out: inout String) {
        out += "\""
        defer { out += "\"" }
        // Most strings (dates, reason names) have nothing to escape: copy them whole.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "/") }) {
            out += text
            return
        }
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"
            case "\u{8}": out += "\\b"
            case "\u{c}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}"..."\u{1f}": out += "\\u00" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
    }
}
