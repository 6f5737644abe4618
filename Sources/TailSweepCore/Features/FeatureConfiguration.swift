/// Settings of the state, feature and anchor computation.
///
/// ```swift
/// var config = FeatureConfiguration()
/// config.regimeSource = .volatilityIndex          // use the dataset's VIX-style series
/// config.maxEntryDelayMinutes = 2                 // a missing entry bar may move 2 minutes at most
/// ```
public struct FeatureConfiguration: Sendable, Hashable, Codable {
    public enum RegimeSource: String, Sendable, Hashable, Codable {
        /// Trailing realised close-to-close volatility of the previous `regimeWindow` sessions (annualised).
        case trailingRealized = "trailing_realized"
        /// The previous session's close of the dataset's volatility index, in percent points / 100.
        case volatilityIndex = "volatility_index"
    }

    /// How far (minutes) the entry may move past the decision when the decision-time bar is missing.
    public var maxEntryDelayMinutes = 5
    /// Minimum one-minute returns before realised intraday volatility is reported.
    public var minimumReturnsForVolatility = 10
    /// Minimum completed bars before the bar-range percentile is reported.
    public var minimumBarsForRangePercentile = 5
    /// Time-of-day bucket edges, ET minutes of the day (default 10:30, 12:00, 14:00, 15:00).
    public var timeBucketEdges: BucketEdges = try! BucketEdges(edges: [630, 720, 840, 900])
    public var regimeSource = RegimeSource.trailingRealized
    /// Sessions in the trailing realised-volatility window.
    public var regimeWindow = 20
    /// Minimum prior sessions with returns before a trailing regime is reported.
    public var regimeMinimumSessions = 10
    /// Regime edges on annualised volatility (default: low < 12 %, normal < 20 %, elevated < 30 %, high).
    public var regimeEdges: BucketEdges = try! BucketEdges(edges: [0.12, 0.20, 0.30])

    public init() {}

    public func validated() throws(ConfigurationError) -> FeatureConfiguration {
        guard maxEntryDelayMinutes >= 0 else { throw .invalid("max entry delay must be ≥ 0 minutes, got \(maxEntryDelayMinutes)") }
        guard minimumReturnsForVolatility >= 2 else { throw .invalid("minimum returns for volatility must be ≥ 2") }
        guard minimumBarsForRangePercentile >= 1 else { throw .invalid("minimum bars for the range percentile must be ≥ 1") }
        guard regimeWindow >= 2, regimeMinimumSessions >= 2, regimeMinimumSessions <= regimeWindow else {
            throw .invalid("regime window \(regimeWindow) and minimum sessions \(regimeMinimumSessions) must satisfy 2 ≤ minimum ≤ window")
        }
        return self
    }

    /// `[10:30, 12:00)`
    public func timeBucketLabel(_ bucket: Int) -> String {
        timeBucketEdges.label(bucket) { DecisionSchedule.format(Int($0)) }.replacingInfinities(low: "09:30", high: "16:00")
    }

    /// `[0.12, 0.20)`
    public func regimeLabel(_ bucket: Int) -> String {
        regimeEdges.label(bucket) { formatFixed($0, decimals: 2) }
    }
}

extension String {
    func replacingInfinities(low: String, high: String) -> String {
        var s = self
        if s.hasPrefix("[-inf") { s = "[" + low + s.dropFirst(5) }
        if s.hasSuffix("+inf)") { s = s.dropLast(5) + high + ")" }
        return s
    }
}

/// Fixed-point formatting without Foundation (`formatFixed(-0.01, decimals: 2)` → `-0.01`).
public func formatFixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "+inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let integer = Int(scaled / scale)
    let fraction = Int(scaled - Double(integer) * scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    return decimals == 0 ? "\(sign)\(integer)" : "\(sign)\(integer).\(pad(fraction, decimals))"
}
