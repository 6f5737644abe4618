import Foundation
import TailSweepCore
import TailSweepData

/// The read-only shared work of a sweep: per model setting the decision states, walk-forward
/// probabilities and a simulator — computed once and used by every cell and worker.
public struct SweepWorkload: Sendable {
    public let plan: SweepPlan
    public let sessions: [TradingSession]
    let simulators: [TradeSimulator]
    /// Per decision-axis value: its time indices in the union schedule.
    let timeIndices: [[Int]]
    let tailCapacity: [Int]
    /// Seconds spent building the shared work: states, BLAS contributions, walk-forward.
    public let stageSeconds: [(stage: String, seconds: Double)]

    /// `workers`: threads for the walk-forward's credible bounds (results do not depend on it).
    public init(plan: SweepPlan, loaded: DatasetStore.Loaded, workers: Int = 1) throws {
        var clock = StageClock()
        self.plan = plan
        let spec = plan.spec
        let dataset = loaded.dataset
        sessions = dataset.sessions
        let schedule = spec.unionSchedule
        let states = try StateBuilder(configuration: spec.features).build(dataset: dataset, schedule: schedule)
        clock.lap("states")
        let needIntervals = spec.gates.contains(.upper)
        let quotes = QuoteSources.primary(for: loaded, states: states)
        let marks = ModelQuoteSource(dataset: dataset, states: states)
        let policy = TierPolicy(configuration: spec.policy)
        let scheme = BucketScheme(features: spec.features, model: spec.model)
        let contributions = SessionContributions(states: states, scheme: scheme, strikes: spec.model.strikes)
        clock.lap("contributions")
        simulators = try spec.modelSettings.map { setting in
            var config = spec.model
            config.family = setting.family
            config.kappa = setting.kappa
            config.window = setting.window
            let scored = setting.family == .bucket
                ? WalkForward(configuration: config).run(states: states, scheme: scheme, contributions: contributions,
                                                          intervals: needIntervals, lowerBounds: false,
                                                          parallel: WorkerThreads.parallel(workers))
                : try TailModel.walkForward(states: states, configuration: config, intervals: needIntervals,
                                            parallel: WorkerThreads.parallel(workers))
            return TradeSimulator(states: states, scored: scored, bars: dataset.bars, quotes: quotes, marks: marks, policy: policy)
        }
        clock.lap("walk_forward")
        stageSeconds = clock.stages
        timeIndices = spec.decisionTimes.map { value in value.times.map { schedule.times.firstIndex(of: $0)! } }
        tailCapacity = timeIndices.map { Int((0.05 * Double(dataset.sessions.count * $0.count)).rounded(.up)) + 1 }
    }

    /// One shard's result: per cell of its block (in order) the mergeable statistics and, when
    /// asked for, the daily P&L over its session block.
    public struct ShardOutput: Sendable {
        public let statistics: [CellAccumulator]
        public let dailyPnL: [[(session: CivilDate, pnl: Double)]]?
    }

    /// Runs one shard: every cell of its cell block over its session block, the cells of each
    /// model setting simulated together so they share candidates and exit paths.
    public func run(shard i: Int, keepDailyPnL: Bool = false) -> ShardOutput {
        let (cells, block) = plan.shard(i)
        var statistics = [CellAccumulator?](repeating: nil, count: cells.count)
        var days = [[(session: CivilDate, pnl: Double)]](repeating: [], count: keepDailyPnL ? cells.count : 0)
        let offsets = Array(0..<cells.count)
        for setting in Set(cells.map { plan.cells[$0].modelSetting }).sorted() {
            let members = offsets.filter { plan.cells[cells.lowerBound + $0].modelSetting == setting }
            let specs = members.map { offset -> TradeSimulator.TrackSpec in
                let cell = plan.cells[cells.lowerBound + offset]
                return .init(cell: plan.strategy(for: cell), mode: plan.exitMode(for: cell), times: timeIndices[cell.decision])
            }
            let tails = members.map { tailCapacity[plan.cells[cells.lowerBound + $0].decision] }
            let tracks = simulators[setting].accumulate(specs, tailCapacities: tails, sessions: block, keepDailyPnL: keepDailyPnL)
            for (offset, track) in zip(members, tracks) {
                statistics[offset] = track.statistics
                if keepDailyPnL { days[offset] = track.dailyPnL }
            }
        }
        return ShardOutput(statistics: statistics.map { $0! }, dailyPnL: keepDailyPnL ? days : nil)
    }

    /// The daily P&L of `cells` over every session (the charted top cells), simulated together
    /// per model setting so they share candidates and exit paths.
    public func dailyPnL(cells indices: [Int]) -> [Int: [(session: CivilDate, pnl: Double)]] {
        var out: [Int: [(session: CivilDate, pnl: Double)]] = [:]
        for setting in Set(indices.map { plan.cells[$0].modelSetting }).sorted() {
            let members = indices.filter { plan.cells[$0].modelSetting == setting }
            let specs = members.map { c -> TradeSimulator.TrackSpec in
                let cell = plan.cells[c]
                return .init(cell: plan.strategy(for: cell), mode: plan.exitMode(for: cell), times: timeIndices[cell.decision])
            }
            for (c, days) in zip(members, simulators[setting].dailyPnL(specs)) { out[c] = days }
        }
        return out
    }
}
