import Foundation
import Testing
import TailSweepCore
import TailSweepData
@testable import TailSweepEngine

@Suite struct SweepEngineTests {
    static let spec = """
    name = "equivalence"
    [grid]
    decision_times = ["10:30"]
    tiers = [0.01, 0.05]
    fills = ["bid"]
    gates = ["mean"]
    exits = ["hold", "tp"]
    [exits.tp]
    capture = 0.5
    stop_multiple = 2.0
    [model]
    min_train_sessions = 30
    [engine]
    cells_per_shard = 3
    sessions_per_shard = 70
    """

    @Test func cellResultsEqualTheStudyOfTheSameConfiguration() throws {
        let spec = try SweepSpec.parse(text: Self.spec, file: "equivalence.toml")
        let loaded = try DatasetStore.load(from: StudyRunnerTests.directory)
        let plan = SweepPlan(spec: spec, sessionCount: loaded.dataset.sessions.count)
        #expect(plan.sessionBlocks.count == 3)   // 200 sessions in blocks of 70
        let workload = try SweepWorkload(plan: plan, loaded: loaded)
        var partials: [Int: String] = [:]
        // All shards in one call: cells of different session blocks must not be simulated together.
        let outputs = workload.run(shards: Array(0..<plan.shardCount))
        for (shard, output) in outputs.enumerated() { partials[shard] = ShardPartial.encode(output.statistics) }
        let cells = try SweepFinalizer(plan: plan).cellRecords(partials: partials)

        var config = StudyConfiguration()
        config.tiers = spec.tiers
        config.model.minimumTrainingSessions = 30
        config.exit = spec.exits[1]!
        let study = try StudyRunner(configuration: config).run(dataDirectory: StudyRunnerTests.directory)
        for cell in cells {
            let mode: ExitMode = cell.exitRule == "hold" ? .holdToClose : .adaptiveExit
            let expected = try #require(study.summaries.first { $0.tier == cell.tier && $0.exitMode == mode }).summary
            // Session blocks merge exactly up to reassociated sums.
            #expect(cell.metrics.trades == expected.trades && cell.metrics.wins == expected.wins)
            #expect(abs(cell.metrics.totalPnL - expected.totalPnL) < 1e-9)
            #expect(abs(cell.metrics.maxDrawdown - expected.maxDrawdown) < 1e-9)
            #expect(cell.metrics.cvar5 == expected.cvar5 && cell.metrics.worstTrade == expected.worstTrade)
            #expect(cell.metrics.skips == expected.skips && cell.metrics.breachRate == expected.breachRate)
            #expect(abs(cell.metrics.sharpe - expected.sharpe) < 1e-9 && abs(cell.metrics.brier - expected.brier) < 1e-12)
        }
    }

    @Test func accumulatorsMergeExactlyForAnySplitOfSessions() {
        var rng = SplitMix64(state: 3)
        func u() -> Double { Double(rng.next() >> 11) * 0x1.0p-53 }
        let days = (0..<300).map { _ in (u() - 0.45) * 100 }
        let probabilities = (0..<300).map { _ in u() * 0.1 }
        func feed(_ a: inout CellAccumulator, _ range: Range<Int>) {
            for i in range {
                a.addDay(pnl: days[i])
                if i % 2 == 0 { a.addTrade(pnl: days[i], breached: days[i] < -40, probability: probabilities[i]) }
                if i % 7 == 0 { a.addSkip(.noStrikeWithinTier) }
            }
        }
        var whole = CellAccumulator(tailCapacity: 40)
        feed(&whole, 0..<300)
        for cut in [1, 77, 150, 299] {
            var a = CellAccumulator(tailCapacity: 40), b = CellAccumulator(tailCapacity: 40)
            feed(&a, 0..<cut)
            feed(&b, cut..<300)
            let merged = a.merged(with: b)
            #expect(merged.trades == whole.trades && merged.worstTail == whole.worstTail && merged.breaches == whole.breaches)
            #expect(abs(merged.maxDrawdown - whole.maxDrawdown) < 1e-9, "cut \(cut)")
            #expect(abs(merged.pnlSum - whole.pnlSum) < 1e-9 && merged.binCount == whole.binCount && merged.skips == whole.skips)
            #expect(abs(merged.pathMaxPrefix - whole.pathMaxPrefix) < 1e-9 && abs(merged.pathMinPrefix - whole.pathMinPrefix) < 1e-9)
        }
    }
}
