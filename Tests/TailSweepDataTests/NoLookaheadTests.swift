import Testing
import TailSweepCore
@testable import TailSweepData

/// The anti-lookahead contract (SPEC §3): a decision's features, anchors and regime depend on
/// nothing at or after the entry bar's close, nor on any later session.
@Suite struct NoLookaheadTests {
    static let base = try! SyntheticMarketGenerator(seed: 21).generate(sessions: 80)

    struct Snapshot: Equatable {
        let decision: Timestamp, lastBar: Int16, entrySlot: Int16, entryPrice: UInt64, regime: Int16
        let features: [UInt64], unavailable: UInt16, skip: UInt8
    }

    static func snapshot(_ states: DecisionStates, _ row: Int) -> Snapshot {
        let skip = states.skip[row] == SkipReason.insufficientData.rawValue && states.entrySlot[row] >= 0 ? 0 : states.skip[row]
        return Snapshot(decision: states.decisionTimestamp(row), lastBar: states.lastBarSlot[row], entrySlot: states.entrySlot[row],
                        entryPrice: states.entryPrice[row].bitPattern, regime: states.regime[row],
                        features: FeatureKind.allCases.map { states.feature($0, row).bitPattern },
                        unavailable: states.unavailable[row], skip: skip)
    }

    /// Multiplies every price (and the daily values) that is not known at the decision by a random factor.
    static func perturbFuture(_ d: MarketDataset, session s: Int, fromSlot entry: Int, rng: inout RandomSource) -> MarketDataset {
        var out = d
        let g = d.bars
        for t in s..<g.sessionCount {
            for k in 0..<SessionBarGrid.slotsPerSession {
                let i = g.index(session: t, slot: k)
                guard g.valid[i] != 0, t > s || k >= entry else { continue }
                let f = 1 + 0.05 * (rng.uniform() - 0.5)
                // The entry bar's open is known at the decision; everything else of it and after is not.
                if t > s || k > entry { out.bars.open[i] *= f }
                out.bars.high[i] *= f * 1.01
                out.bars.low[i] *= f * 0.99
                out.bars.close[i] *= f
                out.bars.volume[i] *= 1 + rng.uniform()
                if (t > s || k > entry) && rng.uniform() < 0.02 { out.bars.valid[i] = 0 }   // later bars may vanish
            }
            if t > s { out.daily.previousClose[t] *= 1.03 }
            out.daily.officialClose[t] *= 0.97
            out.daily.volatilityIndex[t] += 7
        }
        return out
    }

    @Test(arguments: [FeatureConfiguration.RegimeSource.trailingRealized, .volatilityIndex])
    func futurePricesChangeNothingAtTheDecision(source: FeatureConfiguration.RegimeSource) throws {
        var config = FeatureConfiguration()
        config.regimeSource = source
        let builder = StateBuilder(configuration: config)
        let schedule = DecisionSchedule.rollingDefault
        let reference = try builder.build(dataset: Self.base, schedule: schedule)
        var rng = RandomSource(seed: 99)
        var checked = 0
        for _ in 0..<40 {
            let s = 30 + Int(rng.uniform() * 50)
            let j = Int(rng.uniform() * Double(schedule.times.count))
            let row = reference.row(session: s, time: j)
            guard reference.entrySlot[row] >= 0 else { continue }
            let perturbed = Self.perturbFuture(Self.base, session: s, fromSlot: Int(reference.entrySlot[row]), rng: &rng)
            let after = try builder.build(dataset: perturbed, schedule: schedule)
            #expect(Self.snapshot(after, row) == Self.snapshot(reference, row), "session \(s) time \(j)")
            // Earlier decisions of the same session are untouched as well.
            for earlier in 0..<j { #expect(Self.snapshot(after, reference.row(session: s, time: earlier)) == Self.snapshot(reference, reference.row(session: s, time: earlier))) }
            checked += 1
        }
        #expect(checked >= 30)
    }

    @Test func pastPricesDoChangeTheDecision() throws {
        let builder = StateBuilder()
        let reference = try builder.build(dataset: Self.base, schedule: .fixed([630]))
        let s = 50, row = reference.row(session: s, time: 0)
        // The last completed bar's close moves the extension, VWAP distance and realised volatility.
        var changed = Self.base
        let i = changed.bars.index(session: s, slot: 59)
        changed.bars.close[i] *= 1.002
        changed.bars.high[i] = max(changed.bars.high[i], changed.bars.close[i])
        let after = try builder.build(dataset: changed, schedule: .fixed([630]))
        for kind in [FeatureKind.extension_, .returnSinceOpen, .vwapDistance, .realizedVolatility] {
            #expect(after.feature(kind, row) != reference.feature(kind, row), "\(kind) must see the 10:29 bar")
        }
        // A prior session's close moves the trailing regime volatility.
        var earlier = Self.base
        let j = earlier.bars.index(session: s - 3, slot: 389)
        earlier.bars.close[j] *= 0.97
        let regimeAfter = try builder.build(dataset: earlier, schedule: .fixed([630]))
        #expect(regimeAfter.feature(.regimeVolatility, row) != reference.feature(.regimeVolatility, row))
    }
}
