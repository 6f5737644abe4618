/// The sweep grid database: sweeps, their shards (for resume), cell metrics and daily P&L of
/// the cells the dashboard charts. Declared here so the engine can use it without knowing SQL;
/// implemented by the Store target. Implementations store values and never compute a metric.
///
/// ```swift
/// let sweep = try store.latestSweep(named: "default")
/// let done = try store.completedShards(sweepId: sweep!.sweepId)   // shard index → partial (JSON)
/// try store.commitShard(sweepId: id, shard: 7, partial: json)     // one transaction
/// ```
public protocol SweepStore: Sendable {
    func latestSweep(named name: String) throws -> SweepRecord?
    func sweeps() throws -> [SweepRecord]
    /// Atomically returns the latest sweep of that name, or creates `sweep` when there is none
    /// (or `forceNew` is set) — so processes starting together agree on one sweep.
    func openSweep(_ sweep: SweepRecord, forceNew: Bool) throws -> SweepRecord
    func setSweepStatus(sweepId: Int64, status: String) throws
    func completedShards(sweepId: Int64) throws -> [Int: String]
    /// Records a finished shard and its partial result atomically; a shard already recorded is left as it is.
    func commitShard(sweepId: Int64, shard: Int, partial: String) throws
    func saveCells(sweepId: Int64, cells: [SweepCellRecord]) throws
    func cells(sweepId: Int64) throws -> [SweepCellRecord]
    func saveDailyPnL(sweepId: Int64, rows: [(cell: Int, session: CivilDate, pnl: Double)]) throws
    func dailyPnL(sweepId: Int64, cell: Int) throws -> [(session: CivilDate, pnl: Double)]
}
