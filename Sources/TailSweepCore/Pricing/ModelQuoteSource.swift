import Foundation

/// Model premiums when no quotes exist: Black–Scholes to the close in trading time, volatility
/// from the regime input with a put skew, and a spread model. Marked `premium_source = model`.
///
/// ```swift
/// let source = ModelQuoteSource(dataset: dataset, states: states)
/// source.quote(session: s, slot: 60, strike: 440)   // bid/ask around the model value, stamped at the minute
/// ```
///
/// σ_atm = `volatilityMultiplier` × the session's regime volatility (prior sessions only; the
/// long-run default when unknown); σ(K) = σ_atm · min(1 + skewSlope · z, maxSkewMultiple) with
/// z = max(0, ln(S/K)) / (σ_atm √T); half-spread = max(minHalfSpread, spreadFraction · mid);
/// bid rounded down, ask up, to $0.01. The spot is the last price known at the minute. A class:
/// called through `any PutQuoteSource` for millions of marks a sweep, a struct was copied on every call.
public final class ModelQuoteSource: PutQuoteSource {
    public struct Parameters: Sendable, Hashable, Codable {
        public var volatilityMultiplier = 1.15
        public var fallbackVolatility = 0.18
        public var skewSlope = 0.12
        public var maxSkewMultiple = 3.0
        public var minHalfSpread = 0.01
        public var spreadFraction = 0.05
        public var strikeIncrement = 1.0
        public init() {}
    }

    public let bars: SessionBarGrid
    public let regimeVolatility: [Double]
    public let parameters: Parameters
    public var premiumSource: PremiumSource { .model }

    public init(dataset: MarketDataset, states: DecisionStates, parameters: Parameters = Parameters()) {
        bars = dataset.bars
        regimeVolatility = states.regimes.volatility
        self.parameters = parameters
    }

    public func listedStrike(atOrBelow target: Double, session: Int) -> Double? {
        let step = parameters.strikeIncrement
        let k = (target / step + 1e-9).rounded(.down) * step
        return k > 0 ? k : nil
    }

    public func quote(session s: Int, slot k: Int, strike: Double) -> OptionQuote? {
        quote(session: s, slot: k, strike: strike, known: nil)
    }

    public func quote(session s: Int, slot k: Int, strike: Double, known: KnownUnderlying?) -> OptionQuote? {
        guard let spot = known?.spot ?? bars.knownPrice(session: s, atSlot: k) else { return nil }
        let p = parameters
        let put = SkewedPut(spot: spot, strike: strike, minutesLeft: Double(bars.slotCount(session: s) - k),
                            atmVolatility: atmVolatility(session: s), skewSlope: p.skewSlope, maxSkewMultiple: p.maxSkewMultiple,
                            logMoneyness: known?.logMoneyness)
        // Far out of the money the quote is often provably the floor quote — bid 0, ask $0.02
        // (the value in (10⁻¹⁵, $0.0095], so the half-spread is the $0.01 minimum) — without pricing it.
        if p.minHalfSpread == 0.01, p.spreadFraction <= 1, put.provably(atMost: 0.0095, above: 1e-15) {
            return OptionQuote(strike: strike, bid: 0, ask: 0.02, quoteTime: bars.sessions[s].slotStart(k))
        }
        let (bid, ask) = bidAsk(put.value)
        return OptionQuote(strike: strike, bid: bid, ask: ask, quoteTime: bars.sessions[s].slotStart(k))
    }

    /// Bounds from the put's value bounds over the minutes (every quote counts: a model quote is
    /// a mark, not classified). The bid and ask rise with the value while the half-spread grows
    /// no faster than it (`spreadFraction` ≤ 1); the floor quote above is the value's own.
    public func quoteRange(session s: Int, slots: Range<Int>, strike: Double, spots: ClosedRange<Double>,
                           goodUnder rules: QuoteQualityRules?) -> QuoteRange? {
        let p = parameters, n = bars.slotCount(session: s)
        let first = max(slots.lowerBound, 0), last = min(slots.upperBound, n) - 1
        guard first <= last else { return QuoteRange.none }
        let atm = atmVolatility(session: s)
        guard p.spreadFraction >= 0, p.spreadFraction <= 1, atm > 0, strike > 0, spots.lowerBound > 0,
              let value = SkewedPut.valueBounds(spots: spots, strike: strike, minutesLeft: Double(n - last)...Double(n - first),
                                                atm: atm...atm, skewSlope: p.skewSlope, maxSkewMultiple: p.maxSkewMultiple)
        else { return nil }
        let (low, high) = (bidAsk(value.lowerBound), bidAsk(value.upperBound))
        return .within(bid: low.bid...high.bid, ask: low.ask...high.ask)
    }

    /// σ_atm of session `s`: its regime volatility (the fallback when unknown) times the multiplier.
    private func atmVolatility(session s: Int) -> Double {
        let v = regimeVolatility[s]
        return (v.isFinite ? v : parameters.fallbackVolatility) * parameters.volatilityMultiplier
    }

    /// The quote around a model value: half-spread max(minHalfSpread, spreadFraction · value), bid
    /// rounded down and ask up to $0.01.
    private func bidAsk(_ mid: Double) -> (bid: Double, ask: Double) {
        let p = parameters
        let half = max(p.minHalfSpread, p.spreadFraction * mid)
        return (max(0, ((mid - half) * 100).rounded(.down) / 100), max(0.01, ((mid + half) * 100).rounded(.up) / 100))
    }
}

extension SessionBarGrid {
    /// The underlying price known at the start of `slot`: the previous bar's close (the first
    /// bar's open at the open), walking back over missing bars.
    public func knownPrice(session s: Int, atSlot k: Int) -> Double? {
        if k == 0 { return isValid(session: s, slot: 0) ? open[index(session: s, slot: 0)] : nil }
        var j = min(k, slotCount(session: s)) - 1
        while j >= 0 {
            if isValid(session: s, slot: j) { return close[index(session: s, slot: j)] }
            j -= 1
        }
        return nil
    }

    /// The lowest and highest ``knownPrice(session:atSlot:)`` over `slots`, in one pass; nil when
    /// none is known.
    public func knownPriceRange(session s: Int, slots: Range<Int>) -> ClosedRange<Double>? {
        guard let first = slots.first else { return nil }
        var price = knownPrice(session: s, atSlot: first)
        var low = Double.infinity, high = -Double.infinity
        for k in slots {
            // The price known at k is bar k − 1's close when that bar exists, else the one known at k − 1.
            if k > first, k - 1 < slotCount(session: s), isValid(session: s, slot: k - 1) { price = close[index(session: s, slot: k - 1)] }
            if let price { (low, high) = (min(low, price), max(high, price)) }
        }
        return low <= high ? low...high : nil
    }
}
