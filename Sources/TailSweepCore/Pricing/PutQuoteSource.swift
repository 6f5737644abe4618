import Foundation

/// Where premiums come from: same-day put quotes for a session's minutes.
///
/// ```swift
/// let strike = source.listedStrike(atOrBelow: entry * 0.99, session: s)   // nearest listed ≤ target
/// let q = source.quote(session: s, slot: 60, strike: strike!)            // the quote made in minute 60, or nil
/// source.premiumSource                                                   // .quotes, .synthetic or .model
/// ```
///
/// Implementations: imported quotes, the synthetic market's quote source, and
/// ``ModelQuoteSource`` (Black–Scholes with a skew and a spread model) when no quotes exist.
public protocol PutQuoteSource: Sendable {
    var premiumSource: PremiumSource { get }
    /// The listed same-day PM-settled put strike nearest to `target` at or below it.
    func listedStrike(atOrBelow target: Double, session: Int) -> Double?
    /// The first quote made in `[open + slot, open + slot + 1 min)`, or `nil` when there is none.
    func quote(session: Int, slot: Int, strike: Double) -> OptionQuote?
    /// The same quote, told the underlying known at the start of `slot` when there is one (exit
    /// marks ask two sources at one minute: a source that prices from the spot need not look it
    /// up, or take its logarithm, again; nil: the source looks for it itself). The default ignores it.
    func quote(session: Int, slot: Int, strike: Double, known: KnownUnderlying?) -> OptionQuote?
}

/// The underlying known at the start of a minute (`SessionBarGrid.knownPrice`) and ln(spot / strike) for one strike.
public struct KnownUnderlying: Sendable {
    public let spot: Double, logMoneyness: Double

    public init(spot: Double, strike: Double) {
        self.spot = spot
        logMoneyness = log(spot / strike)
    }
}

/// How a premium was obtained; carried by every trade and ladder row.
public enum PremiumSource: String, Sendable, Codable {
    /// Imported market quotes.
    case quotes
    /// The synthetic market's quote source.
    case synthetic
    /// A model premium (no quotes available).
    case model
}

extension PutQuoteSource {
    public func quote(session: Int, slot: Int, strike: Double, known: KnownUnderlying?) -> OptionQuote? {
        quote(session: session, slot: slot, strike: strike)
    }

    /// The entry quote: the first quote in `[decision, decision + maxAge]`, with its quality.
    public func entryQuote(session: TradingSession, sessionIndex s: Int, decisionSlot d: Int, strike: Double,
                           rules: QuoteQualityRules) -> (quote: OptionQuote?, quality: QuoteQuality, slot: Int) {
        let decision = session.slotStart(d)
        var slot = d
        while slot < session.minuteCount, session.slotStart(slot).seconds <= decision.seconds + rules.maxQuoteAgeSeconds {
            if let q = quote(session: s, slot: slot, strike: strike) {
                return (q, rules.classify(q, usedAt: session.slotStart(slot)), slot)
            }
            slot += 1
        }
        return (nil, .missing, d)
    }
}
