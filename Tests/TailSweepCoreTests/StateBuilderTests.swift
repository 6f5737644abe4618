import Foundation
import Testing
@testable import TailSweepCore

@Suite struct StateBuilderTests {
    /// Every feature recomputed from its definition on hand-made bars.
    @Test func featureFormulasOnHandMadeBars() throws {
        let market = try HandMadeMarket(dates: ["2024-03-05", "2024-03-06"])
        let states = try StateBuilder().build(dataset: market.dataset, schedule: .fixed([10 * 60 + 30]))
        let row = states.row(session: 1, time: 0)
        let g = market.dataset.bars
        #expect(states.skipReason(row) == nil)
        #expect(states.decisionSlot[row] == 60 && states.lastBarSlot[row] == 59 && states.entrySlot[row] == 60)
        func bar(_ k: Int) -> (o: Double, h: Double, l: Double, c: Double, v: Double) {
            let i = g.index(session: 1, slot: k)
            return (g.open[i], g.high[i], g.low[i], g.close[i], g.volume[i])
        }
        let prev = market.dataset.daily.previousClose[1]
        let last = bar(59).c, open = bar(0).o
        #expect(states.entryPrice[row] == bar(60).o)
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }
        #expect(close(states.feature(.extension_, row), last / prev - 1))
        #expect(close(states.feature(.returnSinceOpen, row), last / open - 1))
        #expect(close(states.feature(.gap, row), open / prev - 1))
        let high = (0..<60).map { bar($0).h }.max()!
        #expect(close(states.feature(.drawdownFromOpen, row), min(0, last / high - 1)))
        let pv = (0..<60).map { bar($0).v * (bar($0).h + bar($0).l + bar($0).c) / 3 }.reduce(0, +)
        let vol = (0..<60).map { bar($0).v }.reduce(0, +)
        #expect(close(states.feature(.vwapDistance, row), last / (pv / vol) - 1))
        var r2 = log(bar(0).c / bar(0).o) * log(bar(0).c / bar(0).o)
        for k in 1..<60 { r2 += pow(log(bar(k).c / bar(k - 1).c), 2) }
        #expect(close(states.feature(.realizedVolatility, row), (r2 / 60 * 390 * 252).squareRoot()))
        let ranges = (0..<60).map { bar($0).h - bar($0).l }
        let target = ranges[59]
        #expect(close(states.feature(.barRangePercentile, row), Double(ranges.filter { $0 <= target }.count) / 60))
        #expect(states.feature(.minutesSinceOpen, row) == 60 && states.feature(.minutesToClose, row) == 330)
        #expect(states.outcome[row] == g.finalClose(session: 1)! / bar(60).o - 1)
        // Only one prior session: the trailing regime needs 10, so it is unknown and says why.
        #expect(!states.isAvailable(.regimeVolatility, at: row) && states.regime[row] == -1)
        #expect(FeatureKind.regimeVolatility.unavailableReason == "insufficient_history")
    }

    /// The bar-range percentile counts only the bars that exist: missing bars before the decision
    /// are neither below nor in the total.
    @Test func rangePercentileSkipsMissingBars() throws {
        var market = try HandMadeMarket(dates: ["2024-03-05", "2024-03-06"])
        let missing = [0, 7, 8, 30, 41, 42, 43, 58]
        for k in missing { market.removeBar(session: 1, slot: k) }
        let states = try StateBuilder().build(dataset: market.dataset, schedule: .fixed([10 * 60 + 30]))
        let g = market.dataset.bars
        let ranges = (0..<60).filter { !missing.contains($0) }.map { g.high[g.index(session: 1, slot: $0)] - g.low[g.index(session: 1, slot: $0)] }
        let expected = Double(ranges.filter { $0 <= ranges.last! }.count) / Double(ranges.count)
        #expect(states.feature(.barRangePercentile, states.row(session: 1, time: 0)) == expected)
        #expect(ranges.count == 52 && Set(ranges).count > 1, "\(ranges)")
    }

    @Test func decisionInstantsFollowDaylightSaving() throws {
        // 2024-03-08 (EST) and 2024-03-11 (EDT): 10:30 ET is 15:30Z and then 14:30Z, slot 60 both days.
        let market = try HandMadeMarket(dates: ["2024-03-08", "2024-03-11"])
        let states = try StateBuilder().build(dataset: market.dataset, schedule: .fixed([630]))
        #expect(states.decisionTimestamp(0).description == "2024-03-08T15:30:00Z")
        #expect(states.decisionTimestamp(1).description == "2024-03-11T14:30:00Z")
        #expect(states.decisionSlot == [60, 60])
        #expect(states.closeLabelTimestamp(1).description == "2024-03-11T20:00:00Z")
    }

    @Test func earlyCloseMarksLateDecisionsOutsideTheSession() throws {
        let market = try HandMadeMarket(dates: ["2024-11-27", "2024-11-29"])
        let states = try StateBuilder().build(dataset: market.dataset, schedule: .fixed([12 * 60 + 30, 13 * 60, 14 * 60]))
        #expect(states.skipReason(states.row(session: 1, time: 0)) == nil)
        #expect(states.feature(.minutesToClose, states.row(session: 1, time: 0)) == 30)
        #expect(states.skipReason(states.row(session: 1, time: 1)) == .outsideSession)
        #expect(states.skipReason(states.row(session: 1, time: 2)) == .outsideSession)
        #expect(states.skipReason(states.row(session: 0, time: 2)) == nil)
        #expect(states.closeLabelTimestamp(states.row(session: 1, time: 0)).description == "2024-11-29T18:00:00Z")
        #expect(states.closePrice[states.row(session: 1, time: 0)] == market.dataset.bars.close[market.dataset.bars.index(session: 1, slot: 209)])
    }

    @Test func missingBarsAtDecisionEntryAndClose() throws {
        var market = try HandMadeMarket(dates: ["2024-06-03", "2024-06-04", "2024-06-05", "2024-06-06"])
        market.removeBar(session: 0, slot: 59)                        // decision-time bar missing
        market.removeBar(session: 1, slot: 60)                        // entry bar missing: moves one minute
        for k in 60...65 { market.removeBar(session: 2, slot: k) }    // entry missing past the 5-minute limit
        market.removeBar(session: 3, slot: 389)                       // final bar missing
        let states = try StateBuilder().build(dataset: market.dataset, schedule: .fixed([630]))
        let g = market.dataset.bars
        let e0 = StateExplanation(states: states, row: 0)
        #expect(states.lastBarSlot[0] == 58 && e0.lastBarAgeMinutes == 1 && states.skipReason(0) == nil)
        #expect(states.feature(.extension_, 0) == g.close[g.index(session: 0, slot: 58)] / market.dataset.daily.previousClose[0] - 1)
        #expect(states.entrySlot[1] == 61 && states.entryPrice[1] == g.open[g.index(session: 1, slot: 61)])
        #expect(StateExplanation(states: states, row: 1).entryDelayMinutes == 1)
        #expect(states.skipReason(2) == .noEntryAnchor && states.entrySlot[2] == -1)
        #expect(states.skipReason(3) == .insufficientData && states.closePrice[3].isNaN)
        var lenient = FeatureConfiguration()
        lenient.maxEntryDelayMinutes = 6
        #expect(try StateBuilder(configuration: lenient).build(dataset: market.dataset, schedule: .fixed([630])).entrySlot[2] == 66)
    }

    @Test func rollingScheduleHasTwentyFourSlotsAndInvalidSchedulesAreRefused() throws {
        #expect(DecisionSchedule.rollingDefault.times.count == 24)
        #expect(DecisionSchedule.rollingDefault.times.first == 585 && DecisionSchedule.rollingDefault.times.last == 930)
        #expect(try DecisionSchedule.parseTimes("10:00, 14:30") == .fixed([600, 870]))
        for bad in ["9:00", "16:00", "10:30,10:00", "25:00", "10:3x"] {
            #expect(throws: ConfigurationError.self) { try DecisionSchedule.parseTimes(bad) }
        }
    }

    @Test func bucketEdgesAreHalfOpenAndLabelledExactly() throws {
        let b = try BucketEdges(edges: [-0.01, 0.0, 0.01])
        #expect(b.index(of: -0.01) == 1 && b.index(of: -0.0100001) == 0 && b.index(of: 0) == 2 && b.index(of: 0.5) == 3)
        #expect(b.index(of: .nan) == nil)
        #expect(b.label(1) { formatFixed($0, decimals: 2) } == "[-0.01, 0.00)")
        #expect(FeatureConfiguration().timeBucketLabel(0) == "[09:30, 10:30)")
        #expect(throws: ConfigurationError.self) { try BucketEdges(edges: [0.1, 0.1]) }
    }
}
