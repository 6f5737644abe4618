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
    /// Seconds spent building the shared work: states, BLAS contributions, walk-forward (and the
    /// quote source beside it).
    public let stageSeconds: [(stage: String, seconds: Double)]

    /// `workers`: threads for the states, the set-up and the walk-forward's credible bounds (results do not depend on it).
    public init(plan: SweepPlan, loaded: DatasetStore.Loaded, workers: Int = 1) throws {
        var clock = StageClock()
        self.plan = plan
        let spec = plan.spec
        let dataset = loaded.dataset
        sessions = dataset.sessions
        let schedule = spec.unionSchedule
        let states = try StateBuilder(configuration: spec.features).build(dataset: dataset, schedule: schedule,
                                                                          parallel: workers > 1 ? WorkerThreads.parallel(workers) : nil)
        clock.lap("states")
        let needIntervals = spec.gates.contains(.upper)
        // Tier decisions read upper bounds only between the smallest and the largest tier
        // (unless a fallback ranks strikes outside the tier by them).
        let decidedTiers = spec.policy.allowFallback ? nil : spec.tiers.min().map { $0...spec.tiers.max()! }
        let marks = ModelQuoteSource(dataset: dataset, states: states)
        let policy = TierPolicy(configuration: spec.policy)
        let scheme = BucketScheme(features: spec.features, model: spec.model)
        let contributions = SessionContributions(states: states, scheme: scheme, strikes: spec.model.strikes,
                                                 parallel: WorkerThreads.parallel(workers))
        clock.lap("contributions")
        // The quote source (the synthetic one tabulates its ATM volatility) needs nothing of the
        // walk-forward: built beside it, on the worker its serial part leaves idle.
        let (quotes, scored) = try WorkerThreads.beside(workers: workers, { QuoteSources.primary(for: loaded, states: states) }) {
            try spec.modelSettings.map { setting in
                var config = spec.model
                config.family = setting.family
                config.kappa = setting.kappa
                config.window = setting.window
                return setting.family == .bucket
                    ? WalkForward(configuration: config).run(states: states, scheme: scheme, contributions: contributions,
                                                              intervals: needIntervals, lowerBounds: false, decidedTiers: decidedTiers,
                                                              parallel: WorkerThreads.parallel(workers))
                    : try TailModel.walkForward(states: states, configuration: config, intervals: needIntervals,
                                                parallel: WorkerThreads.parallel(workers))
            }
        }
        simulators = scored.map {
            TradeSimulator(states: states, scored: $0, bars: dataset.bars, quotes: quotes, marks: marks, policy: policy)
        }
        clock.lap("walk_forward")
        stageSeconds = clock.stages
        timeIndices = spec.decisionTimes.map { value in value.times.map { schedule.times.firstIndex(of: $0)! } }
        tailCapacity = timeIndices.map { Int((0.05 * Double(dataset.sessions.count * $0.count)).rounded(.up)) + 1 }
    }

    /// One shard's result: per cell of its block (in order) the mergeable statistics and, when
    /// asked for, the daily P&L values over its session block, on the dates `dayDates` gives
    /// for the cell's model setting.
    public struct ShardOutput: Sendable {
        public let statistics: [CellAccumulator]
        public let dailyPnL: [ArraySlice<Double>]?
        public let dayDates: [Int: [CivilDate]]
    }

    /// Runs shards: every cell of each one's cell block over its session block, the cells of each
    /// model setting of the shards sharing a session block simulated together, so they share
    /// candidates, marks and exit paths (a cell's result does not depend on its company).
    /// Outputs in the order of `shards`.
    public func run(shards: [Int], keepDailyPnL: Bool = false, parallel: ScoredStates.ParallelFor = ScoredStates.serial) -> [ShardOutput] {
        var statistics = [[CellAccumulator?]](), days = [[ArraySlice<Double>]](), dates = [[Int: [CivilDate]]](repeating: [:], count: shards.count)
        for shard in shards {
            let n = plan.shard(shard).cells.count
            statistics.append(Array(repeating: nil, count: n))
            days.append(Array(repeating: [], count: keepDailyPnL ? n : 0))
        }
        let positions = Array(shards.indices)
        for block in Set(shards.map { plan.shard($0).sessions.lowerBound }).sorted() {
            // (position in `shards`, offset in its cell block, cell index) of every cell on this session block.
            let members = positions.filter { plan.shard(shards[$0]).sessions.lowerBound == block }.flatMap { p in
                plan.shard(shards[p]).cells.enumerated().map { (position: p, offset: $0.offset, cell: $0.element) }
            }
            let sessions = plan.shard(shards[members[0].position]).sessions
            for setting in Set(members.map { plan.cells[$0.cell].modelSetting }).sorted() {
                let group = members.filter { plan.cells[$0.cell].modelSetting == setting }
                let specs = group.map { trackSpec(plan.cells[$0.cell]) }
                let tails = group.map { tailCapacity[plan.cells[$0.cell].decision] }
                let tracks = simulators[setting].accumulate(specs, tailCapacities: tails, sessions: sessions, keepDailyPnL: keepDailyPnL,
                                                            parallel: parallel)
                let settingDates = keepDailyPnL ? simulators[setting].dayDates(sessions: sessions) : []
                for (m, track) in zip(group, tracks) {
                    statistics[m.position][m.offset] = track.statistics
                    if keepDailyPnL {
                        days[m.position][m.offset] = track.dailyPnL
                        dates[m.position][setting] = settingDates
                    }
                }
            }
        }
        return positions.map { ShardOutput(statistics: statistics[$0].map { $0! }, dailyPnL: keepDailyPnL ? days[$0] : nil, dayDates: dates[$0]) }
    }

    /// The daily P&L of `cells` over every session (the charted top cells), simulated together
    /// per model setting so they share candidates and exit paths.
    public func dailyPnL(cells indices: [Int], parallel: ScoredStates.ParallelFor = ScoredStates.serial) -> [Int: DailyPnLSeries] {
        var out: [Int: DailyPnLSeries] = [:]
        for setting in Set(indices.map { plan.cells[$0].modelSetting }).sorted() {
            let members = indices.filter { plan.cells[$0].modelSetting == setting }
            for (c, days) in zip(members, simulators[setting].dailyPnL(members.map { trackSpec(plan.cells[$0]) }, parallel: parallel)) {
                out[c] = DailyPnLSeries(cell: c, sessions: days.map(\.session), pnl: days.map(\.pnl))
            }
        }
        return out
    }

    /// The simulator track of a grid cell: its strategy and exit mode at its decision times.
    private func trackSpec(_ cell: SweepCell) -> TradeSimulator.TrackSpec {
        .init(cell: plan.strategy(for: cell), mode: plan.exitMode(for: cell), times: timeIndices[cell.decision])
    }
}
