/// The causal features of a decision state (SPEC §4), each with the one reason it can be
/// unavailable.
///
/// ```swift
/// FeatureKind.realizedVolatility.unavailableReason   // "insufficient_returns"
/// states.isAvailable(.vwapDistance, at: i)
/// ```
public enum FeatureKind: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Last completed close / previous session close − 1.
    case extension_ = 0
    /// Last completed close / session open − 1.
    case returnSinceOpen
    /// Session open / previous close − 1.
    case gap
    /// Last completed close / highest high since the open − 1 (≤ 0).
    case drawdownFromOpen
    /// Last completed close / session VWAP so far − 1 (VWAP of typical prices (h+l+c)/3).
    case vwapDistance
    /// Annualised realised volatility of the session's one-minute log returns so far.
    case realizedVolatility
    /// Percentile rank (0…1] of the last completed bar's high−low range among the session's bars so far.
    case barRangePercentile
    /// Minutes from the open to the decision.
    case minutesSinceOpen
    /// Minutes from the decision to the close (early-close aware).
    case minutesToClose
    /// Volatility of prior sessions only: trailing realised daily volatility, or the previous
    /// session's volatility index.
    case regimeVolatility

    public var description: String {
        switch self {
        case .extension_: return "extension"
        case .returnSinceOpen: return "return_since_open"
        case .gap: return "gap"
        case .drawdownFromOpen: return "drawdown_from_open"
        case .vwapDistance: return "vwap_distance"
        case .realizedVolatility: return "realized_volatility"
        case .barRangePercentile: return "bar_range_percentile"
        case .minutesSinceOpen: return "minutes_since_open"
        case .minutesToClose: return "minutes_to_close"
        case .regimeVolatility: return "regime_volatility"
        }
    }

    /// The status reported when the feature cannot be computed.
    public var unavailableReason: String {
        switch self {
        case .extension_, .gap: return "no_previous_close"
        case .returnSinceOpen, .drawdownFromOpen, .minutesSinceOpen, .minutesToClose: return "no_completed_bar"
        case .vwapDistance: return "no_volume"
        case .realizedVolatility: return "insufficient_returns"
        case .barRangePercentile: return "insufficient_bars"
        case .regimeVolatility: return "insufficient_history"
        }
    }

    @inline(__always) var bit: UInt16 { 1 << UInt16(rawValue) }
}
