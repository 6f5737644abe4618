import Foundation
import TailSweepCore

/// Shard partials as JSON text (exact: doubles round-trip in Swift's shortest form; sorted keys,
/// so the same shard is the same text in every run and every database).
///
/// ```swift
/// let text = ShardPartial.encode(output.statistics)   // what sweep_shards.partial holds
/// let back = try ShardPartial.decode(text)            // == output.statistics
/// ```
///
/// The text is what `JSONEncoder` with sorted keys and non-finite numbers as "inf", "-inf",
/// "nan" writes for `[CellAccumulator]` — byte for byte (tested) — but written directly: the
/// generic encoder spent about a tenth of a sweep's time on the CVaR tails of large shards.
enum ShardPartial {
    static func encode(_ accumulators: [CellAccumulator]) -> String {
        var out = "["
        out.reserveCapacity(accumulators.reduce(0) { $0 + 600 + 20 * $1.worstTail.count })
        for (i, a) in accumulators.enumerated() {
            if i > 0 { out += "," }
            append(a, to: &out)
        }
        out += "]"
        return out
    }

    static func decode(_ text: String) throws -> [CellAccumulator] {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try d.decode([CellAccumulator].self, from: Data(text.utf8))
    }

    /// One accumulator's object, keys in UTF-8 order as `JSONEncoder`'s `.sortedKeys` gives them.
    private static func append(_ a: CellAccumulator, to out: inout String) {
        out += "{\"binCount\":"; append(a.binCount, to: &out)
        out += ",\"binForecast\":"; append(a.binForecast, to: &out)
        out += ",\"binOutcome\":"; append(a.binOutcome, to: &out)
        out += ",\"breaches\":\(a.breaches)"
        out += ",\"brierSum\":"; append(a.brierSum, to: &out)
        out += ",\"daySquares\":"; append(a.daySquares, to: &out)
        out += ",\"daySum\":"; append(a.daySum, to: &out)
        out += ",\"days\":\(a.days)"
        out += ",\"maxDrawdown\":"; append(a.maxDrawdown, to: &out)
        out += ",\"pathMaxPrefix\":"; append(a.pathMaxPrefix, to: &out)
        out += ",\"pathMinPrefix\":"; append(a.pathMinPrefix, to: &out)
        out += ",\"pathTotal\":"; append(a.pathTotal, to: &out)
        out += ",\"pnlSquares\":"; append(a.pnlSquares, to: &out)
        out += ",\"pnlSum\":"; append(a.pnlSum, to: &out)
        out += ",\"skips\":{"
        for (i, key) in a.skips.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if i > 0 { out += "," }
            appendString(key, to: &out)
            out += ":\(a.skips[key]!)"
        }
        out += "},\"tailCapacity\":\(a.tailCapacity)"
        out += ",\"trades\":\(a.trades)"
        out += ",\"wins\":\(a.wins)"
        out += ",\"worst\":"; append(a.worst, to: &out)
        out += ",\"worstTail\":"; append(a.worstTail, to: &out)
        out += "}"
    }

    private static func append(_ values: [Int], to out: inout String) {
        out += "["
        for (i, v) in values.enumerated() { out += i > 0 ? ",\(v)" : "\(v)" }
        out += "]"
    }

    private static func append(_ values: [Double], to out: inout String) {
        out += "["
        for (i, v) in values.enumerated() {
            if i > 0 { out += "," }
            append(v, to: &out)
        }
        out += "]"
    }

    /// A quoted string escaped as `JSONEncoder` escapes it (slashes included).
    private static func appendString(_ text: String, to out: inout String) {
        out += "\""
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
        out += "\""
    }

    /// Shortest round-trip form without a trailing ".0"; non-finite values as quoted names.
    private static func append(_ x: Double, to out: inout String) {
        guard x.isFinite else {
            out += x.isNaN ? "\"nan\"" : x > 0 ? "\"inf\"" : "\"-inf\""
            return
        }
        let text = x.description
        out += text.hasSuffix(".0") ? text.dropLast(2) : Substring(text)
    }
}
