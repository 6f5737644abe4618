/// Why a decision did not become a trade (or a model row). Every skipped decision carries one,
/// and results count them by reason.
///
/// ```swift
/// SkipReason.noEntryAnchor.rawValue   // "no_entry_anchor"
/// ```
public enum SkipReason: UInt8, Sendable, CaseIterable, DescribedCodable {
    /// The decision time is at or after the session's close (early closes).
    case outsideSession = 1
    /// No bar at or after the decision time within the allowed delay, before the close.
    case noEntryAnchor = 2
    /// No completed bar before the decision, or the session's final bar is missing.
    case insufficientData = 3
    /// Not enough training history for the model to score this session.
    case notScored = 4
    /// No eligible strike's breach probability is within the tier.
    case noStrikeWithinTier = 5
    /// The quote of the strike the policy wanted was unusable.
    case quoteMissing = 6
    case quoteZeroBid = 7
    case quoteCrossed = 8
    case quoteLocked = 9
    case quoteWide = 10
    case quoteStale = 11
    /// No listed strike at or below the target.
    case noContract = 12
    /// A position is already open for the symbol, in total, or the day's entries are used up.
    case capPerSymbol = 13
    case capTotal = 14
    case capPerDay = 15
    /// Sizing gave zero contracts (equity too small for the max-loss budget).
    case sizeZero = 16

    public var description: String {
        switch self {
        case .outsideSession: return "outside_session"
        case .noEntryAnchor: return "no_entry_anchor"
        case .insufficientData: return "insufficient_data"
        case .notScored: return "not_scored"
        case .noStrikeWithinTier: return "no_strike_within_tier"
        case .quoteMissing: return "quote_missing"
        case .quoteZeroBid: return "quote_zero_bid"
        case .quoteCrossed: return "quote_crossed"
        case .quoteLocked: return "quote_locked"
        case .quoteWide: return "quote_wide"
        case .quoteStale: return "quote_stale"
        case .noContract: return "no_contract"
        case .capPerSymbol: return "concurrency_cap_symbol"
        case .capTotal: return "concurrency_cap_total"
        case .capPerDay: return "concurrency_cap_day"
        case .sizeZero: return "size_zero"
        }
    }

    public init(from decoder: any Decoder) throws { self = try Self.decodeDescribed(decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeDescribed(encoder) }
}
