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

    public init(plan: SweepPlan, loaded: DatasetStore.Loaded) throws {
        self.plan = plan
        let spec = plan.spec
        let dataset = loaded.dataset
        sessions = dataset.sessions
        let schedule = spec.unionSchedule
        let states = try StateBuilder(configuration: spec.features).build(dataset: dataset, schedule: schedule)
        let needIntervals = spec.gates.contains(.upper)
        let quotes = QuoteSources.primary(for: loaded, states: states)
        let marks = ModelQuoteSource(dataset: dataset, states: states)
        let policy = TierPolicy(configuration: spec.policy)
        let scheme = BucketScheme(features: spec.features, model: spec.model)
        let contributions = SessionContributions(states: states, scheme: scheme, strikes: spec.model.strikes)
        simulators = try spec.modelSettings.map { setting in
            var config = spec.model
            config.family = setting.family
            config.kappa = setting.kappa
            config.window = setting.window
            let scored = setting.family == .bucket
                ? WalkForward(configuration: config).run(states: states, scheme: scheme, contributions: contributions, intervals: needIntervals)
                : try TailModel.walkForward(states: states, configuration: config, intervals: needIntervals)
            return TradeSimulator(states: states, scored: scored, bars: dataset.bars, quotes: quotes, marks: marks, policy: policy)
        }
        timeIndices = spec.decisionTimes.map { value in value.times.map { schedule.times.firstIndex(of: $0)! } }
        tailCapacity = timeIndices.map { Int((0.05 * Double(dataset.sessions.count * $0.count)).rounded(.up)) + 1 }
    }

    /// Runs one shard: every cell of its cell block over its session block.
    public func run(shard i: Int) -> [CellAccumulator] {
        let (cells, block) = plan.shard(i)
        var caches = [DecisionCache](repeating: DecisionCache(), count: simulators.count)
        return cells.map { c in
            let cell = plan.cells[c]
            let track = simulators[cell.modelSetting].track(plan.exitMode(for: cell), cell: plan.strategy(for: cell),
                                                            times: timeIndices[cell.decision], sessions: block,
                                                            cache: &caches[cell.modelSetting])
            var a = CellAccumulator(tailCapacity: tailCapacity[cell.decision])
            a.add(track: track)
            return a
        }
    }

    /// The daily P&L of one cell over every session (for the charted top cells).
    public func dailyPnL(cell c: Int) -> [(session: CivilDate, pnl: Double)] {
        let cell = plan.cells[c]
        var cache = DecisionCache()
        return simulators[cell.modelSetting].track(plan.exitMode(for: cell), cell: plan.strategy(for: cell),
                                                   times: timeIndices[cell.decision], cache: &cache).dailyPnL
    }
}
