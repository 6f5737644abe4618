/// Quality classes of an option quote, checked in this order; only `good` quotes trade.
///
/// ```swift
/// let rules = QuoteQualityRules()
/// rules.classify(quote, usedAt: decisionTime)   // .good, .stale, .wide, …
/// QuoteQuality.zeroBid.skipReason               // .quoteZeroBid
/// ```
public enum QuoteQuality: UInt8, Sendable, DescribedCodable {
    case missing = 0, zeroBid, crossed, locked, wide, stale, good

    public var description: String {
        switch self {
        case .missing: return "missing"
        case .zeroBid: return "zero_bid"
        case .crossed: return "crossed"
        case .locked: return "locked"
        case .wide: return "wide"
        case .stale: return "stale"
        case .good: return "good"
        }
    }

    public init(from decoder: any Decoder) throws { self = try Self.decodeDescribed(decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeDescribed(encoder) }

    /// The skip reason of a trade that would have used a quote of this quality.
    public var skipReason: SkipReason? {
        switch self {
        case .missing: return .quoteMissing
        case .zeroBid: return .quoteZeroBid
        case .crossed: return .quoteCrossed
        case .locked: return .quoteLocked
        case .wide: return .quoteWide
        case .stale: return .quoteStale
        case .good: return nil
        }
    }
}

/// Thresholds of the quote-quality classes.
///
/// `wide`: the spread exceeds **both** `wideAbsolute` dollars and `wideFractionOfMid` of the mid.
/// `stale`: the quote has no timestamp, or it is older than `staleAfterSeconds` when used.
public struct QuoteQualityRules: Sendable, Hashable, Codable {
    public var wideAbsolute = 0.05
    public var wideFractionOfMid = 0.25
    public var staleAfterSeconds: Int64 = 120
    /// Entry quote = the first quote in `[decision_ts, decision_ts + maxQuoteAgeSeconds]`.
    public var maxQuoteAgeSeconds: Int64 = 60

    public init() {}

    public func classify(_ quote: OptionQuote?, usedAt time: Timestamp) -> QuoteQuality {
        guard let q = quote, q.bid.isFinite, q.ask.isFinite else { return .missing }
        if q.bid <= 0 { return .zeroBid }
        if q.bid > q.ask { return .crossed }
        if q.bid == q.ask { return .locked }
        let spread = q.ask - q.bid
        if spread > wideAbsolute && spread > wideFractionOfMid * q.mid { return .wide }
        guard let t = q.quoteTime, time.seconds - t.seconds <= staleAfterSeconds else { return .stale }
        return .good
    }
}
