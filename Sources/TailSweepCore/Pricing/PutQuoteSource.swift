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
    /// Bounds on the bid and the ask of every quote this source can give for `strike` at the
    /// minutes `slots` of `session` while the underlying known there lies in `spots` — only of
    /// those `rules` can classify good when `rules` is given; nil when the source cannot bound
    /// them (exit walks then price every minute). The default: nil.
    func quoteRange(session: Int, slots: Range<Int>, strike: Double, spots: ClosedRange<Double>,
                    goodUnder rules: QuoteQualityRules?) -> QuoteRange?
}

/// What ``PutQuoteSource/quoteRange(session:slots:strike:spots:goodUnder:)`` can say of a
/// block of minutes' quotes.
public enum QuoteRange: Sendable, Equatable {
    /// No quote counted: there is none, or none can be good.
    case none
    /// Every quote counted has its bid and its ask in these ranges.
    case within(bid: ClosedRange<Double>, ask: ClosedRange<Double>)

    /// The ranges holding every quote either counts.
    public func joined(with other: QuoteRange) -> QuoteRange {
        switch (self, other) {
        case (.none, _): return other
        case (_, .none): return self
        case let (.within(b1, a1), .within(b2, a2)):
            return .within(bid: min(b1.lowerBound, b2.lowerBound)...max(b1.upperBound, b2.upperBound),
                           ask: min(a1.lowerBound, a2.lowerBound)...max(a1.upperBound, a2.upperBound))
        }
    }
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

    public func quoteRange(session: Int, slots: Range<Int>, strike: Double, spots: ClosedRange<Double>,
                           goodUnder rules: QuoteQualityRules?) -> QuoteRange? { nil }

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
