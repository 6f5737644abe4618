import Foundation
import TailSweepCore

/// Settings of the synthetic 0DTE put quote source.
///
/// ```swift
/// var q = SyntheticQuoteModel()
/// q.staleShare = 0      // no stale quotes
/// ```
public struct SyntheticQuoteModel: Sendable, Codable, Equatable {
    /// Listed strike spacing in dollars (SPY lists $1 strikes for same-day expiries).
    public var strikeIncrement = 1.0
    /// Put skew: σ(K) = σ_atm · (1 + skewSlope · z), z = max(0, ln(S/K)) / (σ_atm √T), capped.
    public var skewSlope = 0.12
    public var maxSkewMultiple = 3.0
    /// Half-spread = max(minHalfSpread, spreadFraction · mid) in dollars, so the relative spread
    /// widens away from the money while bid and ask both stay monotone in the strike.
    public var minHalfSpread = 0.005
    public var spreadFraction = 0.04
    public var tick = 0.01
    /// Shares of defective quotes, drawn deterministically per (session, minute, strike).
    public var missingShare = 0.01
    public var staleShare = 0.02
    public var crossedShare = 0.005
    public var zeroBidShare = 0.01
    /// A stale quote carries the price and timestamp of this many minutes earlier (uniform).
    public var staleLagMinutes = 3...15

    public init() {}
}

/// 0DTE put quotes computed on demand from a synthetic dataset, so thousands of sessions need
/// no quote files.
///
/// ```swift
/// let source = SyntheticQuoteSource(dataset: dataset, seed: 1)
/// let q = source.quote(session: 10, slot: 60, strike: 118)  // the 10:30 ET quote, or nil (missing)
/// ```
///
/// Implied volatility sits above realised: the ATM level is the previous session's synthetic
/// volatility index scaled by the same intraday leverage factor as the generator, with a put
/// skew. Prices are Black–Scholes to the close in trading time, quantised to $0.01 ticks with
/// spreads widening away from the money. The quote at slot `k` is made at `open + k` minutes
/// and sees only bars that ended by then. A class: called through `any PutQuoteSource` millions
/// of times a sweep, a struct this size was copied on every call.
public final class SyntheticQuoteSource: PutQuoteSource {
    public let dataset: MarketDataset
    public let model: SyntheticQuoteModel
    public let market: SyntheticMarketModel
    public let seed: UInt64
    /// Session `s` of the caller is session `s + sessionOffset` of `dataset` (a restricted study
    /// sees a slice; quotes must not depend on where the slice starts).
    public let sessionOffset: Int
    /// `atmVolatility` at each (session, slot) of `dataset` with the spot known there (NaN
    /// without one), computed once: every strike quoted at a minute shares it.
    private let atmBySlot: [Double]
    /// A fair value proven at most this gives the quote bid 0, ask one tick: value plus
    /// half-spread below the tick, with a 0.1 % margin (nil when the spread model rules it out).
    private let floorQuoteLimit: Double?
    /// Per session of `dataset`, `SplitMix64.prefix(seed, day)`: every quote's defect draw starts from it.
    private let drawPrefix: [UInt64]

    public init(dataset: MarketDataset, model: SyntheticQuoteModel = SyntheticQuoteModel(),
                market: SyntheticMarketModel = SyntheticMarketModel(), seed: UInt64, sessionOffset: Int = 0) {
        self.dataset = dataset
        self.model = model
        self.market = market
        self.seed = seed
        self.sessionOffset = sessionOffset
        floorQuoteLimit = model.minHalfSpread > 0 && model.spreadFraction >= 0
            ? min(0.999 * model.tick - model.minHalfSpread, 0.999 * model.tick / (1 + model.spreadFraction)) : nil
        let slots = SessionBarGrid.slotsPerSession
        var atm = [Double](repeating: .nan, count: dataset.sessions.count * slots)
        for s in dataset.sessions.indices {
            for k in 0..<dataset.sessions[s].minuteCount {
                guard let spot = dataset.bars.knownPrice(session: s, atSlot: k) else { continue }
                atm[s * slots + k] = Self.atmVolatility(daily: dataset.daily, market: market, session: s, spot: spot)
            }
        }
        atmBySlot = atm
        drawPrefix = dataset.sessions.map { SplitMix64.prefix(seed, Self.drawKey($0)) }
    }

    private static func drawKey(_ session: TradingSession) -> UInt64 { UInt64(bitPattern: Int64(session.date.dayNumber)) }

    public var premiumSource: PremiumSource { .synthetic }

    public func listedStrike(atOrBelow target: Double, session: Int) -> Double? {
        let step = model.strikeIncrement
        let k = (target / step + 1e-9).rounded(.down) * step
        return k > 0 ? k : nil
    }

    /// The quote for `strike` at the start of `slot` of `session`, or `nil` when missing.
    public func quote(session caller: Int, slot k: Int, strike: Double) -> OptionQuote? {
        quote(session: caller, slot: k, strike: strike, known: nil)
    }

    /// `known`: the underlying at `slot`, used when the quote is not stale.
    public func quote(session caller: Int, slot k: Int, strike: Double, known: KnownUnderlying?) -> OptionQuote? {
        let s = caller + sessionOffset
        let session = dataset.sessions[s]
        let slots = session.minuteCount
        guard k >= 0, k < slots else { return nil }
        let key = Self.drawKey(session)
        let strikeKey = UInt64(bitPattern: Int64((strike * 100).rounded()))
        let u = SplitMix64.uniform(prefix: drawPrefix[s], UInt64(k), strikeKey)
        let q = model
        if u < q.missingShare { return nil }
        var quoteSlot = k
        var cut = q.missingShare + q.staleShare
        if u < cut {
            let span = q.staleLagMinutes.upperBound - q.staleLagMinutes.lowerBound + 1
            let lag = q.staleLagMinutes.lowerBound + Int(SplitMix64.uniform(seed ^ 1, key, UInt64(k), strikeKey) * Double(span))
            quoteSlot = max(0, k - lag)
        }
        guard case (var bid, let ask)? = fairQuote(session: s, slot: quoteSlot, strike: strike, known: quoteSlot == k ? known : nil)
        else { return nil }
        let time = session.slotStart(quoteSlot)
        if u >= cut {
            cut += q.crossedShare
            if u < cut {
                let ticks = 1 + Int(SplitMix64.uniform(seed ^ 2, key, UInt64(k), strikeKey) * 3)
                bid = ask + Double(ticks) * q.tick
            } else if u < cut + q.zeroBidShare {
                bid = 0
            }
        }
        return OptionQuote(strike: strike, bid: bid, ask: ask, quoteTime: time)
    }

    /// The underlying price known at the start of `slot`.
    public func underlyingPrice(session s: Int, slot k: Int) -> Double? {
        dataset.bars.knownPrice(session: s + sessionOffset, atSlot: k)
    }

    /// The at-the-money implied volatility at the start of `slot`.
    public func atmVolatility(session s: Int, slot k: Int, spot: Double) -> Double {
        Self.atmVolatility(daily: dataset.daily, market: market, session: s, spot: spot)
    }

    private static func atmVolatility(daily: DailyTable, market: SyntheticMarketModel, session s: Int, spot: Double) -> Double {
        let previousIndex = s > 0 ? daily.volatilityIndex[s - 1] : .nan
        let base = previousIndex.isFinite
            ? previousIndex / 100
            : market.impliedVolatilityPremium * market.meanVolatility + market.impliedVolatilityOffsetPoints / 100
        let previousClose = daily.previousClose[s]
        guard previousClose.isFinite, previousClose > 0 else { return base }
        let leverage = min(max(exp(-market.intradayLeverage * log(spot / previousClose)),
                               market.leverageFactorRange.lowerBound), market.leverageFactorRange.upperBound)
        return base * leverage
    }

    private func fairQuote(session s: Int, slot k: Int, strike: Double, known: KnownUnderlying?) -> (bid: Double, ask: Double)? {
        guard let spot = known?.spot ?? dataset.bars.knownPrice(session: s, atSlot: k) else { return nil }
        let put = SkewedPut(spot: spot, strike: strike, minutesLeft: Double(dataset.sessions[s].minuteCount - k),
                            atmVolatility: atmBySlot[s * SessionBarGrid.slotsPerSession + k],
                            skewSlope: model.skewSlope, maxSkewMultiple: model.maxSkewMultiple, logMoneyness: known?.logMoneyness)
        // Far out of the money the quote is often provably bid 0, ask one tick, without pricing it.
        if let floorQuoteLimit, put.provably(atMost: floorQuoteLimit) { return (0, cents(model.tick)) }
        return bidAsk(put.value)
    }

    /// The quote around a fair value: half-spread max(minHalfSpread, spreadFraction · value), bid
    /// rounded down and ask up to the tick (the floor quote above is the value's own).
    private func bidAsk(_ mid: Double) -> (bid: Double, ask: Double) {
        let tick = model.tick
        let half = max(model.minHalfSpread, model.spreadFraction * mid)
        let bid = max(0, ((mid - half) / tick).rounded(.down) * tick)
        let ask = max(tick, ((mid + half) / tick).rounded(.up) * tick)
        return (cents(bid), cents(ask))
    }

    /// Bounds on the good quotes only (`rules` given; nil otherwise): a good quote has a positive
    /// bid, so it is no defect (missing, crossed or zero-bid) but the fair quote made at its own
    /// minute — or a stale one young enough for `rules`, which is not bounded (nil). The fair
    /// quote's bid and ask rise with the put's value while the half-spread grows no faster
    /// than it (`spreadFraction` ≤ 1).
    public func quoteRange(session caller: Int, slots: Range<Int>, strike: Double, spots: ClosedRange<Double>,
                           goodUnder rules: QuoteQualityRules?) -> QuoteRange? {
        let s = caller + sessionOffset, q = model
        let n = dataset.sessions[s].minuteCount, first = max(slots.lowerBound, 0), last = min(slots.upperBound, n) - 1
        guard first <= last else { return QuoteRange.none }
        // A stale quote at minute k is min(lag, k) minutes old.
        guard let rules, q.staleShare == 0 || Int64(min(q.staleLagMinutes.lowerBound, first)) * 60 > rules.staleAfterSeconds,
              q.spreadFraction >= 0, q.spreadFraction <= 1, q.tick > 0, strike > 0, spots.lowerBound > 0 else { return nil }
        var atmLow = Double.infinity, atmHigh = -Double.infinity
        for k in first...last {
            let atm = atmBySlot[s * SessionBarGrid.slotsPerSession + k]   // NaN: no spot, no quote
            if atm.isFinite { (atmLow, atmHigh) = (min(atmLow, atm), max(atmHigh, atm)) }
        }
        guard atmLow <= atmHigh else { return QuoteRange.none }
        guard atmLow > 0, let value = SkewedPut.valueBounds(spots: spots, strike: strike, minutesLeft: Double(n - last)...Double(n - first),
                                                             atm: atmLow...atmHigh, skewSlope: q.skewSlope, maxSkewMultiple: q.maxSkewMultiple)
        else { return nil }
        let (low, high) = (bidAsk(value.lowerBound), bidAsk(value.upperBound))
        return high.bid > 0 ? .within(bid: low.bid...high.bid, ask: low.ask...high.ask) : QuoteRange.none
    }
}
