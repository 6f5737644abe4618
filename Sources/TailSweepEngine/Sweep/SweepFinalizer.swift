import TailSweepCore

/// Turns committed shard partials into cell metrics: for every cell, its session-block partials
/// merged in block order — a fixed order, so the numbers are the same whichever processes ran
/// which shards — then the daily P&L of the top cells by the spec's objective and of their
/// exit-rule siblings.
public struct SweepFinalizer: Sendable {
    public let plan: SweepPlan

    public init(plan: SweepPlan) {
        self.plan = plan
    }

    public func cellRecords(partials: [Int: String]) throws -> [SweepCellRecord] {
        var merged = [CellAccumulator?](repeating: nil, count: plan.cells.count)
        for shard in 0..<plan.shardCount {
            guard let text = partials[shard] else { throw SweepFinalizeError.missingShard(shard) }
            let accumulators = try ShardPartial.decode(text)
            let (cells, _) = plan.shard(shard)
            guard accumulators.count == cells.count else { throw SweepFinalizeError.corruptShard(shard) }
            for (offset, c) in cells.enumerated() {
                merged[c] = merged[c].map { $0.merged(with: accumulators[offset]) } ?? accumulators[offset]
            }
        }
        return plan.cells.map { cell in
            plan.record(for: cell, metrics: TrackSummary(accumulator: merged[cell.index]!, tier: cell.tier, exitMode: plan.exitMode(for: cell)))
        }
    }

    func finalize(sweepId: Int64, partials: [Int: String], store: any SweepStore, workload: SweepWorkload) throws {
        let records = try cellRecords(partials: partials)
        try store.saveCells(sweepId: sweepId, cells: records)
        let top = SweepSummarizer.rank(records, objective: plan.spec.objective, minimumTrades: plan.spec.minimumTrades,
                                       requireTierHeld: false).prefix(plan.spec.dailyPnLTop)
        // The top cells and their siblings that differ only in the exit rule, so hold and adaptive
        // equity curves can be charted side by side.
        var charted = Set<Int>()
        for cell in top {
            let c = plan.cells[cell.cellIndex]
            for sibling in plan.cells where sibling.modelSetting == c.modelSetting && sibling.decision == c.decision
                && sibling.tier == c.tier && sibling.fill == c.fill && sibling.gate == c.gate {
                charted.insert(sibling.index)
            }
        }
        var rows: [(cell: Int, session: CivilDate, pnl: Double)] = []
        for index in charted.sorted() {
            rows += workload.dailyPnL(cell: index).map { (index, $0.session, $0.pnl) }
        }
        try store.saveDailyPnL(sweepId: sweepId, rows: rows)
        try store.setSweepStatus(sweepId: sweepId, status: "complete")
    }
}

public enum SweepFinalizeError: Error, Equatable, CustomStringConvertible {
    case missingShard(Int)
    case corruptShard(Int)
    public var description: String {
        switch self {
        case .missingShard(let s): return "shard \(s) has not been committed yet"
        case .corruptShard(let s): return "shard \(s)'s stored partial does not match the plan"
        }
    }
}

/// Ranks cells by an objective under constraints: the `summarize` logic.
public enum SweepSummarizer {
    public static func value(_ m: TrackSummary, _ objective: SweepObjective) -> Double {
        switch objective {
        case .meanPnL: return m.meanPnL
        case .totalPnL: return m.totalPnL
        case .sharpe: return m.sharpe
        case .winRate: return m.winRate
        case .cvar5: return m.cvar5
        case .maxDrawdown: return -m.maxDrawdown
        }
    }

    /// Best first; cells whose objective is not finite rank last; ties by cell index.
    public static func rank(_ cells: [SweepCellRecord], objective: SweepObjective, minimumTrades: Int,
                            requireTierHeld: Bool) -> [SweepCellRecord] {
        cells.filter { $0.metrics.trades >= minimumTrades && (!requireTierHeld || $0.metrics.tierHeld) }.sorted { a, b in
            let x = value(a.metrics, objective), y = value(b.metrics, objective)
            if x.isFinite != y.isFinite { return x.isFinite }
            if x != y && x.isFinite { return x > y }
            return a.cellIndex < b.cellIndex
        }
    }

    /// For each tier in the sweep, the top `k` cells.
    public static func bestByTier(_ cells: [SweepCellRecord], objective: SweepObjective, minimumTrades: Int,
                                  requireTierHeld: Bool, top k: Int) -> [(tier: Double, best: [SweepCellRecord])] {
        let tiers = Array(Set(cells.map(\.tier))).sorted()
        return tiers.map { tier in
            (tier, Array(rank(cells.filter { $0.tier == tier }, objective: objective, minimumTrades: minimumTrades,
                              requireTierHeld: requireTierHeld).prefix(k)))
        }
    }
}
