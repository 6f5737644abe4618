/// The sweep grid database: sweeps, their shards (for resume), cell metrics and daily P&L of
/// the cells the dashboard charts. Declared here so the engine can use it without knowing SQL;
/// implemented by the Store target. Implementations store values and never compute a metric.
///
/// ```swift
/// let sweep = try store.latestSweep(named: "default")
/// let done = try store.completedShards(sweepId: sweep!.sweepId)   // shard index → partial (JSON)
/// try store.commitShards(sweepId: id, partials: [(7, json)])      // one transaction
/// ```
public protocol SweepStore: Sendable {
    func latestSweep(named name: String) throws -> SweepRecord?
    func sweeps() throws -> [SweepRecord]
    /// Atomically returns the latest sweep of that name, or creates `sweep` when there is none
    /// (or `forceNew` is set) — so processes starting together agree on one sweep.
    func openSweep(_ sweep: SweepRecord, forceNew: Bool) throws -> SweepRecord
    func setSweepStatus(sweepId: Int64, status: String) throws
    func completedShards(sweepId: Int64) throws -> [Int: String]
    /// Records finished shards and their partial results in one transaction (all or none); a
    /// shard already recorded is left as it is.
    func commitShards(sweepId: Int64, partials: [(shard: Int, partial: String)]) throws
    /// Dynamic claiming: takes the lowest-numbered shard that is neither complete nor held by a
    /// live claim (one whose heartbeat is newer than `staleAfter` seconds, by the database's clock).
    func claimShard(sweepId: Int64, shardCount: Int, owner: String, staleAfter: Double) throws -> ShardClaim
    /// Refreshes the heartbeat of `shards` (those `owner` is running now). A claim the owner
    /// holds but does not run — its claim's reply was lost with a connection — goes stale and
    /// is taken over like a dead owner's.
    func heartbeat(sweepId: Int64, owner: String, shards: [Int]) throws
    func saveCells(sweepId: Int64, cells: [SweepCellRecord]) throws
    func cells(sweepId: Int64) throws -> [SweepCellRecord]
    /// Stores each cell's series (one row per cell; a series without sessions stores nothing).
    func saveDailyPnL(sweepId: Int64, series: [DailyPnLSeries]) throws
    func dailyPnL(sweepId: Int64, cell: Int) throws -> [(session: CivilDate, pnl: Double)]
}

/// The answer to a shard claim.
public enum ShardClaim: Sendable, Equatable {
    /// This process now holds `shard`; `reclaimedFrom` names the previous owner when its claim had gone stale.
    case claimed(shard: Int, reclaimedFrom: String?, staleSeconds: Double?)
    /// Every incomplete shard is held by a live claim: wait and ask again.
    case waiting
    /// Every shard is complete.
    case finished
}

/// One cell's daily P&L: its sessions and the P&L on each, side by side.
public struct DailyPnLSeries: Sendable, Equatable {
    public let cell: Int
    public let sessions: [CivilDate]
    public let pnl: [Double]

    public init(cell: Int, sessions: [CivilDate], pnl: [Double]) {
        precondition(sessions.count == pnl.count, "a daily P&L series needs one value per session")
        self.cell = cell
        self.sessions = sessions
        self.pnl = pnl
    }
}
