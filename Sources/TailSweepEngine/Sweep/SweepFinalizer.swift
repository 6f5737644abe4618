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

    /// `computed`: partials this process holds (equal to their stored text, which then need not
    /// be decoded); every other shard must be committed. The cells' summaries are computed on
    /// `workers` threads (each cell's alone, so the records do not depend on it).
    public func cellRecords(partials: [Int: String], computed: [Int: [CellAccumulator]] = [:], workers: Int = 1) throws -> [SweepCellRecord] {
        var merged = [CellAccumulator?](repeating: nil, count: plan.cells.count)
        for shard in 0..<plan.shardCount {
            guard let accumulators = try computed[shard] ?? partials[shard].map(ShardPartial.decode) else {
                throw SweepFinalizeError.missingShard(shard)
            }
            let (cells, _) = plan.shard(shard)
            guard accumulators.count == cells.count else { throw SweepFinalizeError.corruptShard(shard) }
            for (offset, c) in cells.enumerated() {
                merged[c] = merged[c].map { $0.merged(with: accumulators[offset]) } ?? accumulators[offset]
            }
        }
        var records = [SweepCellRecord?](repeating: nil, count: plan.cells.count)
        let chunk = 64, plan = plan, accumulators = merged
        records.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            WorkerThreads.parallel(workers)((plan.cells.count + chunk - 1) / chunk) { c in
                for cell in plan.cells[(c * chunk)..<min(plan.cells.count, (c + 1) * chunk)] {
                    out[cell.index] = plan.record(for: cell, metrics: TrackSummary(accumulator: accumulators[cell.index]!, tier: cell.tier,
                                                                                 exitMode: plan.exitMode(for: cell)))
                }
            }
        }
        return records.map { $0! }
    }

    /// The cells whose daily P&L is stored: the top cells by the spec's objective and their
    /// siblings that differ only in the exit rule, so hold and adaptive curves can be compared.
    func chartedCells(_ records: [SweepCellRecord]) -> [Int] {
        let top = SweepSummarizer.rank(records, objective: plan.spec.objective, minimumTrades: plan.spec.minimumTrades,
                                       requireTierHeld: false).prefix(plan.spec.dailyPnLTop)
        var charted = Set<Int>()
        for cell in top {
            let c = plan.cells[cell.cellIndex]
            for sibling in plan.cells where sibling.modelSetting == c.modelSetting && sibling.decision == c.decision
                && sibling.tier == c.tier && sibling.fill == c.fill && sibling.gate == c.gate {
                charted.insert(sibling.index)
            }
        }
        return charted.sorted()
    }

    /// Merges (`computed` as for `cellRecords`), takes the charted cells' daily P&L from `ledger`
    /// where this process ran all their shards and simulates the rest together on `workers`
    /// threads (so they share each session's work), and writes the cell metrics and the daily
    /// P&L (side by side with two workers: each write builds its own text). The caller marks the
    /// sweep complete once every shard is committed.
    func writeResults(sweepId: Int64, partials: [Int: String], computed: [Int: [CellAccumulator]] = [:], store: any SweepStore,
                      workload: SweepWorkload, workers: Int, ledger: DailyPnLLedger? = nil) async throws {
        let records = try cellRecords(partials: partials, computed: computed, workers: workers)
        let charted = chartedCells(records)
        let kept = await ledger?.series(cells: charted) ?? [:]
        let simulated = workload.dailyPnL(cells: charted.filter { kept[$0] == nil }, parallel: WorkerThreads.parallel(workers))
        let daily = charted.compactMap { kept[$0] ?? simulated[$0] }
        // The daily P&L on a thread of its own: this runs while the last batch commits, when a
        // pool loop's second iteration can wait for a thread the commit holds (both writes then
        // ran on one thread, one after the other).
        let (dailyOutcome, _) = try WorkerThreads.beside(workers: workers, { Result { try store.saveDailyPnL(sweepId: sweepId, series: daily) } },
                                                         { try store.saveCells(sweepId: sweepId, cells: records) })
        try dailyOutcome.get()
    }
}

/// The partials of the shards this process ran, kept for its finaliser.
actor ComputedPartials {
    private(set) var byShard: [Int: [CellAccumulator]] = [:]
    func record(shard: Int, statistics: [CellAccumulator]) { byShard[shard] = statistics }
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

