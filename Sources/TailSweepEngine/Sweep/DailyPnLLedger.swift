import TailSweepCore

/// The daily P&L of every cell, kept in memory from the shards this process ran, so the
/// finaliser can store the charted cells' series without simulating them again. Only the P&L
/// values are kept per cell (8 bytes a session); the session dates once per (model setting,
/// session block). A cell whose session blocks did not all run here (resumed or sharded sweeps)
/// is simulated again by the finaliser, giving the same series.
actor DailyPnLLedger {
    /// Keep series only while cells × sessions × 8 bytes stays under this.
    static let budgetBytes = 512 << 20

    static func fits(plan: SweepPlan, sessions: Int) -> Bool {
        plan.cells.count * sessions * 8 <= budgetBytes
    }

    let plan: SweepPlan
    private var pnl: [Int: [Int: ArraySlice<Double>]] = [:]    // cell → session block → P&L (slices of the simulation's table)
    private var dates: [Int: [Int: [CivilDate]]] = [:]        // model setting → session block → dates

    init(plan: SweepPlan) { self.plan = plan }

    /// `days`: per cell of the shard's block its P&L values, on `dayDates[model setting]`.
    func record(shard: Int, days: [ArraySlice<Double>], dayDates: [Int: [CivilDate]]) {
        let (cells, _) = plan.shard(shard)
        let block = shard % plan.sessionBlocks.count
        for (offset, series) in days.enumerated() {
            let cell = plan.cells[cells.lowerBound + offset]
            pnl[cell.index, default: [:]][block] = series
            if dates[cell.modelSetting]?[block] == nil { dates[cell.modelSetting, default: [:]][block] = dayDates[cell.modelSetting] }
        }
    }

    /// The cells' whole series, for those whose every session block ran here.
    func series(cells: [Int]) -> [Int: DailyPnLSeries] {
        var out: [Int: DailyPnLSeries] = [:]
        for c in cells {
            let setting = plan.cells[c].modelSetting
            guard let blocks = pnl[c], blocks.count == plan.sessionBlocks.count else { continue }
            let blockIndices = 0..<plan.sessionBlocks.count
            out[c] = DailyPnLSeries(cell: c, sessions: blockIndices.flatMap { dates[setting]![$0]! }, pnl: blockIndices.flatMap { blocks[$0]! })
        }
        return out
    }
}
