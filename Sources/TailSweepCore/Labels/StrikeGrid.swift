/// Candidate put strikes as moneyness offsets from the entry price (`K / entry − 1`).
///
/// ```swift
/// StrikeGrid.default.moneyness          // [-0.0025, -0.005, …, -0.05] (20 strikes)
/// try StrikeGrid(parsing: "-0.005:-0.03:0.005").count   // 6
/// try StrikeGrid(parsing: "-0.005,-0.01,-0.02")         // an explicit list
/// ```
///
/// Offsets are sorted from the nearest strike to the deepest (decreasing moneyness), so a
/// deeper strike always has a higher index — the order monotonicity rules rely on.
public struct StrikeGrid: Sendable, Hashable, Codable {
    public let moneyness: [Double]

    public static let `default` = try! StrikeGrid(start: -0.0025, end: -0.05, step: 0.0025)

    public init(moneyness: [Double]) throws(ConfigurationError) {
        guard !moneyness.isEmpty else { throw .invalid("the strike grid is empty") }
        guard moneyness.allSatisfy({ $0.isFinite && $0 < 0 && $0 > -1 }) else {
            throw .invalid("strike moneyness offsets must lie in (-1, 0): \(moneyness)")
        }
        let sorted = moneyness.sorted(by: >)
        guard zip(sorted, sorted.dropFirst()).allSatisfy({ $0 != $1 }) else { throw .invalid("strike offsets repeat: \(moneyness)") }
        self.moneyness = sorted
    }

    /// `start, start − step, …` down to `end` (inclusive within rounding). Each offset is
    /// `start − i·step` rounded to ten decimals, so `-0.005:-0.03:0.005` gives exactly the
    /// doubles nearest to −0.015, −0.02 … rather than accumulated-error neighbours.
    public init(start: Double, end: Double, step: Double) throws(ConfigurationError) {
        guard step > 0, start > end else { throw .invalid("strike range \(start):\(end):\(step) must run downwards with a positive step") }
        let n = Int(((start - end) / step + 1e-9).rounded(.down)) + 1
        try self.init(moneyness: (0..<n).map { ((start - Double($0) * step) * 1e10).rounded() / 1e10 })
    }

    /// `START:END:STEP` or a comma-separated list.
    public init(parsing text: String) throws(ConfigurationError) {
        let parts = text.split(separator: ":")
        if parts.count == 3 {
            guard let a = Double(parts[0]), let b = Double(parts[1]), let c = Double(parts[2]) else {
                throw .invalid("'\(text)' is not START:END:STEP")
            }
            try self.init(start: a, end: b, step: c)
            return
        }
        var values: [Double] = []
        for p in text.split(separator: ",") {
            guard let v = Double(p.trimmingCharacters(in: " ")) else { throw .invalid("'\(p)' in '\(text)' is not a number") }
            values.append(v)
        }
        try self.init(moneyness: values)
    }

    public var count: Int { moneyness.count }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String { String(self).trimmingWhitespace }
}
