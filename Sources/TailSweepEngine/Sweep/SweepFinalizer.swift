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
        let daily = workload.dailyPnL(cells: charted.sorted())
        var rows: [(cell: Int, session: CivilDate, pnl: Double)] = []
        for index in charted.sorted() {
            rows += daily[index, default: []].map { (index, $0.session, $0.pnl) }
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

