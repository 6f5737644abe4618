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

    /// Doubles as their IEEE-754 bit patterns, 16 lowercase hex digits each, in one string:
    /// exact (signed zeros and NaN payloads too) and far cheaper to write and read than shortest
    /// decimal forms — for the shard partials' CVaR tails, hundreds of thousands of values a sweep.
    public static func bitPatternText(_ values: [Double]) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 16 * values.count) { out in
            digits.withUTF8Buffer { digits in
                for (i, v) in values.enumerated() {
                    var bits = v.bitPattern
                    for d in (0..<16).reversed() {
                        out[16 * i + d] = digits[Int(bits & 0xf)]
                        bits >>= 4
                    }
                }
            }
            return 16 * values.count
        }
    }

    /// The doubles of a ``bitPatternText(_:)``, or nil when the text is not one.
    public static func doubles(bitPatternText text: String) -> [Double]? {
        let bytes = Array(text.utf8)
        guard bytes.count % 16 == 0 else { return nil }
        var values = [Double]()
        values.reserveCapacity(bytes.count / 16)
        for start in stride(from: 0, to: bytes.count, by: 16) {
            var bits: UInt64 = 0
            for byte in bytes[start..<(start + 16)] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                default: return nil
                }
                bits = bits << 4 | UInt64(digit)
            }
            values.append(Double(bitPattern: bits))
        }
        return values
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

    /// The array's text built as bytes and appended once (half the cost of appending each
    /// number to the string: daily P&L series hold hundreds of thousands).
    public static func append(_ values: [Double], to out: inout String) {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(20 * values.count + 2)
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            append(v, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        out += String(decoding: bytes, as: UTF8.self)
    }

    public static func append(_ x: Double, to out: inout String) { out += text(x) }

    private static func append(_ x: Double, to bytes: inout [UInt8]) {
        var text = text(x)
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Shortest round-trip form without a trailing ".0" (as `JSONEncoder` writes it); non-finite
    /// values as quoted names.
    private static func text(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "\"nan\"" : x > 0 ? "\"inf\"" : "\"-inf\"" }
        let text = x.description, utf8 = text.utf8
        guard utf8.count > 2, utf8.last == UInt8(ascii: "0"), utf8[utf8.index(utf8.endIndex, offsetBy: -2)] == UInt8(ascii: ".") else { return text }
        return String(decoding: utf8.dropLast(2), as: UTF8.self)
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
