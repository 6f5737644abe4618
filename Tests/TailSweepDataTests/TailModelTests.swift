import Foundation
import Testing
import TailSweepCore
@testable import TailSweepData

@Suite struct TailModelTests {
    static let longDataset = try! SyntheticMarketGenerator(seed: 41).generate(sessions: 1000)
    static let longStates = try! StateBuilder().build(dataset: longDataset, schedule: .benchmark)

    /// Blocks of sessions filled side by side into one table are the states built in one pass,
    /// bit for bit (1,000 sessions: four blocks of 250; the parallel loop runs them concurrently).
    @Test func statesBuiltInParallelBlocksEqualOnePass() throws {
        let parallel: ScoredStates.ParallelFor = { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body) }
        for schedule in [DecisionSchedule.benchmark, .rollingDefault] {
            let one = try StateBuilder().build(dataset: Self.longDataset, schedule: schedule)
            let blocks = try StateBuilder().build(dataset: Self.longDataset, schedule: schedule, parallel: parallel)
            func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }
            #expect(blocks.count == one.count && blocks.sessions == one.sessions && one.sessions.count == 1_000 && one.usableRows.count > 900)
            #expect(blocks.decisionSlot == one.decisionSlot && blocks.lastBarSlot == one.lastBarSlot && blocks.entrySlot == one.entrySlot)
            #expect(bits(blocks.entryPrice) == bits(one.entryPrice) && bits(blocks.closePrice) == bits(one.closePrice))
            #expect(bits(blocks.outcome) == bits(one.outcome) && bits(blocks.values) == bits(one.values))
            #expect(blocks.skip == one.skip && blocks.unavailable == one.unavailable)
            #expect(blocks.timeBucket == one.timeBucket && blocks.regime == one.regime)
        }
    }

    /// Sessions' contributions worked out in blocks side by side and joined are those of one pass
    /// over the sessions, bit for bit (1,000 sessions: four blocks, a short last one).
    @Test func contributionsBuiltInParallelBlocksEqualOnePass() throws {
        let parallel: ScoredStates.ParallelFor = { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body) }
        let states = try StateBuilder().build(dataset: Self.longDataset, schedule: .rollingDefault)
        let config = TailModelConfiguration()
        let scheme = BucketScheme(features: states.configuration, model: config)
        let one = SessionContributions(states: states, scheme: scheme, strikes: config.strikes)
        let blocks = SessionContributions(states: states, scheme: scheme, strikes: config.strikes, parallel: parallel)
        func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }
        #expect(one.start.count == 1_001 && one.level.count > 5_000 && one.localOfRow.contains { $0 >= 0 })
        #expect(blocks.start == one.start && blocks.level == one.level && blocks.bucket == one.bucket)
        #expect(bits(blocks.rows) == bits(one.rows) && bits(blocks.weighted) == bits(one.weighted) && bits(blocks.raw) == bits(one.raw))
        #expect(blocks.localOfRow == one.localOfRow && blocks.strikeCount == one.strikeCount)
        // Against the session's own rows: its groups count its usable rows three times (local,
        // parent, global level), and rows with a local bucket are exactly its usable rows.
        for s in [0, 255, 256, 999] {
            let usable = (0..<states.timesPerSession).filter { states.skip[s * states.timesPerSession + $0] == 0 }.count
            #expect(one.groups(of: s).reduce(0.0) { $0 + one.rows[$1] } == Double(3 * usable), "session \(s)")
            #expect((0..<states.timesPerSession).filter { one.localOfRow[s * states.timesPerSession + $0] >= 0 }.count == usable)
        }
    }

    @Test func halfPercentTierIsReachableWithEnoughHistory() throws {
        let scored = try WalkForward(configuration: TailModelConfiguration()).run(states: Self.longStates)
        let k = scored.strikes.count
        // Late in a 1,000-session expanding window, buckets without breaches at deep strikes fall below 0.5 %.
        var below = 0, belowWithoutBreaches = 0
        for g in 0..<scored.groupCount where scored.groupSession[g] >= 900 {
            if scored.mean[g * k + k - 1] < 0.005 { below += 1 }
            if scored.mean[g * k + k - 1] < 0.005 && scored.rawBreaches[g * k + k - 1] == 0 { belowWithoutBreaches += 1 }
        }
        #expect(below > 0 && belowWithoutBreaches > 0, "groups below 0.5 %: \(below)")
    }

    @Test func probabilitiesAndBothBoundsAreMonotoneInTheStrike() throws {
        var config = TailModelConfiguration()
        config.kappa = .auto(refitEverySessions: 100)
        let scored = try WalkForward(configuration: config).run(states: Self.longStates)
        let k = scored.strikes.count
        #expect(scored.groupCount > 500)
        for g in 0..<scored.groupCount {
            for j in 1..<k {
                #expect(scored.mean[g * k + j] <= scored.mean[g * k + j - 1])
                #expect(scored.lower[g * k + j] <= scored.lower[g * k + j - 1])
                #expect(scored.upper[g * k + j] <= scored.upper[g * k + j - 1])
            }
            // Equal-tailed bounds bracket the median, not necessarily the mean: with a tiny α the
            // mass piles up near 0 and the 95 % quantile can sit below the mean.
            for j in 0..<k { #expect(scored.lower[g * k + j] <= scored.upper[g * k + j]) }
        }
        let kappas = scored.kappaLocal.filter(\.isFinite)
        #expect(!kappas.isEmpty && kappas.allSatisfy { KappaFit.range.contains($0) })
    }

    @Test func frozenModelRoundTripsBitForBitAndScoresLikeTheWalkForward() throws {
        let states = Self.longStates
        let config = TailModelConfiguration()
        let s = 700
        let model = try FrozenTailModel.fit(states: states, through: states.sessions[s - 1].date, model: config,
                                            dataFingerprint: "abc", modelVersion: "bucket-test-1")
        #expect(model.trainedThroughSession == states.sessions[s - 1].date && model.trainingSessions == s)
        let restored = try FrozenTailModel.deserialize(try model.serialized())
        #expect(restored == model)
        #expect(try restored.serialized() == model.serialized())
        // Scoring session s with a model frozen through s − 1 equals the expanding walk-forward at s.
        let frozen = try restored.score(states: states, session: s)
        let walk = try WalkForward(configuration: config).run(states: states)
        let k = config.strikes.count
        for j in 0..<states.timesPerSession {
            let row = states.row(session: s, time: j)
            guard let gw = walk.group(ofRow: row), let gf = frozen.group(ofRow: row) else { continue }
            #expect(Array(frozen.mean[(gf * k)..<((gf + 1) * k)]) == Array(walk.mean[(gw * k)..<((gw + 1) * k)]))
            #expect(Array(frozen.upper[(gf * k)..<((gf + 1) * k)]) == Array(walk.upper[(gw * k)..<((gw + 1) * k)]))
        }
        #expect(model.assumptionsHash == (try FrozenTailModel.assumptionsHash(features: states.configuration, model: config)))
        var other = config
        other.kappa = .fixed(parent: 10, local: 25)
        #expect(model.assumptionsHash != (try FrozenTailModel.assumptionsHash(features: states.configuration, model: other)))
    }

    @Test func scoringASessionTheModelWasTrainedOnIsRefused() throws {
        let states = Self.longStates
        let model = try FrozenTailModel.fit(states: states, through: states.sessions[500].date, model: TailModelConfiguration(),
                                            dataFingerprint: "abc", modelVersion: "v1")
        for s in [500, 300] {
            #expect(throws: ModelError.notBeforeScoredSession(trainedThrough: states.sessions[500].date, session: states.sessions[s].date)) {
                try model.score(states: states, session: s)
            }
        }
        #expect(try model.score(states: states, session: 501).groupCount > 0)
        let message = ModelError.notBeforeScoredSession(trainedThrough: states.sessions[500].date, session: states.sessions[500].date).description
        #expect(message.contains("not before") && message.contains(states.sessions[500].date.description))
    }

    @Test func calibrationReportGroupsEveryForecast() throws {
        let scored = try WalkForward(configuration: TailModelConfiguration()).run(states: Self.longStates)
        let report = CalibrationReport(states: Self.longStates, scored: scored)
        let scoredRows = (0..<Self.longStates.count).filter { Self.longStates.skip[$0] == 0 && scored.group(ofRow: $0) != nil }.count
        #expect(report.pooled.count == scoredRows * scored.strikes.count)
        #expect(report.byStrike.map(\.metrics.count).reduce(0, +) == report.pooled.count)
        #expect(report.byRegime.map(\.metrics.count).reduce(0, +) == report.pooled.count)
        // A calibrated model on its own generating process: ECE small, Brier below the base-rate forecast.
        #expect(report.pooled.ece < 0.03, "ECE \(report.pooled.ece)")
        #expect(report.pooled.brier < report.pooled.uncertainty)
    }
}

@Suite struct UpperBoundGateTests {
    @Test func cdfGateAgreesWithTheComputedBound() throws {
        let states = TailModelTests.longStates
        let withIntervals = try WalkForward(configuration: TailModelConfiguration()).run(states: states)
        let without = try WalkForward(configuration: TailModelConfiguration()).run(states: states, intervals: false)
        #expect(!without.hasIntervals && without.upper.allSatisfy(\.isNaN))
        #expect(without.mean == withIntervals.mean)
        let k = withIntervals.strikes.count
        var disagreements = 0, checked = 0
        for g in stride(from: 0, to: withIntervals.groupCount, by: 7) {
            for j in 0..<k {
                for tier in [0.005, 0.01, 0.02, 0.05] {
                    let upper = withIntervals.upper[g * k + j]
                    guard abs(upper - tier) > 1e-12 else { continue }
                    checked += 1
                    if (upper <= tier) != without.upperBound(atMost: tier, group: g, strike: j) { disagreements += 1 }
                }
            }
        }
        #expect(checked > 1000 && disagreements == 0)
    }
}
