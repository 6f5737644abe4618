import Foundation
import Testing
import TailSweepCore
@testable import TailSweepData

@Suite struct SyntheticQuoteTests {
    static let dataset = SyntheticMarketTests.sample

    @Test func pricesRiseWithStrikeAndSpreadsAreQuantised() {
        var q = SyntheticQuoteModel()
        q.missingShare = 0; q.staleShare = 0; q.crossedShare = 0; q.zeroBidShare = 0
        let source = SyntheticQuoteSource(dataset: Self.dataset, model: q, seed: 11)
        for s in stride(from: 5, to: 600, by: 37) {
            for slot in [15, 60, 200, 240, 370] where slot < Self.dataset.sessions[s].minuteCount {
                let spot = source.underlyingPrice(session: s, slot: slot)!
                var previousMid = -1.0
                for offset in stride(from: -0.05, through: 0.0, by: 0.0025) {
                    let strike = (spot * (1 + offset)).rounded(.down)
                    let quote = source.quote(session: s, slot: slot, strike: strike)!
                    #expect(quote.bid <= quote.ask && quote.bid >= 0 && quote.ask >= 0.01)
                    #expect(onTick(quote.bid) && onTick(quote.ask), "\(quote)")
                    #expect(quote.mid >= previousMid, "mid must not fall as the strike rises")
                    #expect(quote.quoteTime == Self.dataset.sessions[s].slotStart(slot))
                    previousMid = quote.mid
                }
            }
        }
    }

    /// Far out of the money both sources settle many quotes by `SkewedPut.provably(atMost:above:)` without
    /// pricing them; every quote must still be what pricing and rounding give (this reference).
    @Test func quotesSettledByBoundsAreThePricedQuotes() throws {
        let d = Self.dataset
        var q = SyntheticQuoteModel()
        q.missingShare = 0; q.staleShare = 0; q.crossedShare = 0; q.zeroBidShare = 0
        let synthetic = SyntheticQuoteSource(dataset: d, model: q, seed: 11)
        let states = try StateBuilder().build(dataset: d, schedule: .benchmark)
        let model = ModelQuoteSource(dataset: d, states: states)
        let m = model.parameters
        var bounded = (synthetic: 0, model: 0), total = 0
        for s in stride(from: 1, to: d.sessions.count, by: 7) {
            for slot in stride(from: 1, to: d.sessions[s].minuteCount, by: 11) {
                let spot = d.bars.knownPrice(session: s, atSlot: slot)!
                let minutesLeft = Double(d.sessions[s].minuteCount - slot)
                for offset in stride(from: 0.0, through: 0.06, by: 0.004) {
                    let strike = (spot * (1 - offset)).rounded(.down)
                    total += 1
                    let fair = SkewedPut(spot: spot, strike: strike, minutesLeft: minutesLeft,
                                         atmVolatility: synthetic.atmVolatility(session: s, slot: slot, spot: spot),
                                         skewSlope: q.skewSlope, maxSkewMultiple: q.maxSkewMultiple)
                    let half = max(q.minHalfSpread, q.spreadFraction * fair.value)
                    let bid = cents(max(0, ((fair.value - half) / q.tick).rounded(.down) * q.tick))
                    let ask = cents(max(q.tick, ((fair.value + half) / q.tick).rounded(.up) * q.tick))
                    let quote = synthetic.quote(session: s, slot: slot, strike: strike)!
                    #expect(quote.bid.bitPattern == bid.bitPattern && quote.ask.bitPattern == ask.bitPattern, "\(quote) vs \(bid)/\(ask)")
                    if fair.provably(atMost: 0.999 * q.tick - q.minHalfSpread) { bounded.synthetic += 1 }

                    let v = states.regimes.volatility[s]
                    let value = SkewedPut(spot: spot, strike: strike, minutesLeft: minutesLeft,
                                          atmVolatility: (v.isFinite ? v : m.fallbackVolatility) * m.volatilityMultiplier,
                                          skewSlope: m.skewSlope, maxSkewMultiple: m.maxSkewMultiple)
                    let modelHalf = max(m.minHalfSpread, m.spreadFraction * value.value)
                    let modelBid = max(0, ((value.value - modelHalf) * 100).rounded(.down) / 100)
                    let modelAsk = max(0.01, ((value.value + modelHalf) * 100).rounded(.up) / 100)
                    let marked = model.quote(session: s, slot: slot, strike: strike)!
                    #expect(marked.bid.bitPattern == modelBid.bitPattern && marked.ask.bitPattern == modelAsk.bitPattern,
                            "\(marked) vs \(modelBid)/\(modelAsk)")
                    if value.provably(atMost: 0.0095, above: 1e-15) { bounded.model += 1 }
                }
            }
        }
        // The shortcuts must actually be taken here, not only be harmless.
        #expect(bounded.synthetic > total / 10 && bounded.model > total / 10, "\(bounded) of \(total)")
    }

    /// Told the underlying known at the minute (as exit marks tell both sources), the synthetic
    /// source — defects and stale quotes included — and the model source give the quotes they give
    /// without it, to the bit.
    @Test func quotesToldTheUnderlyingAreTheSame() throws {
        let d = Self.dataset
        let synthetic = SyntheticQuoteSource(dataset: d, seed: 11)
        let model = ModelQuoteSource(dataset: d, states: try StateBuilder().build(dataset: d, schedule: .benchmark))
        func bits(_ q: OptionQuote?) -> [UInt64]? { q.map { [$0.strike.bitPattern, $0.bid.bitPattern, $0.ask.bitPattern, UInt64(bitPattern: $0.quoteTime?.seconds ?? -1)] } }
        var compared = 0, stale = 0
        for s in stride(from: 3, to: d.sessions.count, by: 29) {
            for slot in stride(from: 0, to: d.sessions[s].minuteCount, by: 3) {
                guard let spot = d.bars.knownPrice(session: s, atSlot: slot) else { continue }
                for offset in stride(from: 0.0, through: 0.05, by: 0.005) {
                    let strike = (spot * (1 - offset)).rounded(.down), known = KnownUnderlying(spot: spot, strike: strike)
                    for source in [synthetic, model] as [any PutQuoteSource] {
                        let plain = source.quote(session: s, slot: slot, strike: strike)
                        #expect(bits(source.quote(session: s, slot: slot, strike: strike, known: known)) == bits(plain),
                                "session \(s) slot \(slot) strike \(strike)")
                        if let t = plain?.quoteTime, t.seconds < d.sessions[s].slotStart(slot).seconds { stale += 1 }
                    }
                    compared += 1
                }
            }
        }
        #expect(compared > 10_000 && stale > 100, "\(compared) compared, \(stale) stale")
    }

    @Test func impliedVolatilitySitsAboveRealised() {
        let d = Self.dataset
        let source = SyntheticQuoteSource(dataset: d, seed: 11)
        var implied = 0.0, realised = 0.0
        for s in 1..<d.bars.sessionCount {
            implied += source.atmVolatility(session: s, slot: 60, spot: d.daily.previousClose[s])
            realised += abs(log(d.daily.officialClose[s] / d.daily.previousClose[s]))
        }
        let n = Double(d.bars.sessionCount - 1)
        // E|r| = σ√(2/π) for a normal daily return: convert the mean absolute return to an annual σ.
        let realisedSigma = realised / n / (2 / Double.pi).squareRoot() * 252.0.squareRoot()
        #expect(implied / n > 1.05 * realisedSigma, "implied \(implied / n) vs realised \(realisedSigma)")
    }

    @Test func defectSharesAreAsConfiguredAndDeterministic() {
        let d = Self.dataset
        let source = SyntheticQuoteSource(dataset: d, seed: 11)
        var missing = 0, crossed = 0, stale = 0, zero = 0, total = 0
        for s in 0..<200 {
            for slot in stride(from: 30, to: d.sessions[s].minuteCount, by: 30) {
                let spot = source.underlyingPrice(session: s, slot: slot)!
                for strike in [spot * 0.995, spot * 0.99].map({ $0.rounded(.down) }) {
                    total += 1
                    guard let q = source.quote(session: s, slot: slot, strike: strike) else { missing += 1; continue }
                    #expect(q == source.quote(session: s, slot: slot, strike: strike))
                    if q.bid > q.ask { crossed += 1 }
                    if let t = q.quoteTime, t < d.sessions[s].slotStart(slot) { stale += 1 }
                    if q.bid == 0 { zero += 1 }
                }
            }
        }
        let share = { (x: Int) in Double(x) / Double(total) }
        #expect(share(missing) > 0.004 && share(missing) < 0.02)
        #expect(share(stale) > 0.01 && share(stale) < 0.035)
        #expect(share(crossed) > 0.001 && share(crossed) < 0.012)
        #expect(share(zero) > 0.004)
    }
}

func onTick(_ price: Double) -> Bool { abs(price * 100 - (price * 100).rounded()) < 1e-9 }
