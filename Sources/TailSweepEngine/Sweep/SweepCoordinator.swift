import TailSweepCore

/// Owns the list of shards still to run, hands them to workers in plan order and tracks
/// progress. Cancelling stops handing out shards; shards in flight finish and commit.
public actor SweepCoordinator {
    private let pending: [Int]
    private let cancellation: SweepCancellation
    private var next = 0
    private var finished = 0

    public init(pending: [Int], cancellation: SweepCancellation) {
        self.pending = pending
        self.cancellation = cancellation
    }

    public func take() async -> Int? {
        guard await !cancellation.isCancelled, next < pending.count else { return nil }
        defer { next += 1 }
        return pending[next]
    }

    /// Returns (finished, total) after recording one more finished shard.
    public func finish() -> (done: Int, total: Int) {
        finished += 1
        return (finished, pending.count)
    }

}

/// Set by a signal handler (Ctrl-C) to stop a run after the shards in flight.
public actor SweepCancellation {
    private var cancelled = false
    public init() {}
    public func cancel() { cancelled = true }
    public var isCancelled: Bool { cancelled }
}

/// The single writer: every database write of a run goes through this actor, one shard per
/// transaction.
public actor SweepWriter {
    let store: any SweepStore
    let sweepId: Int64

    public init(store: any SweepStore, sweepId: Int64) {
        self.store = store
        self.sweepId = sweepId
    }

    public func commit(shard: Int, partial: String) throws {
        try store.commitShard(sweepId: sweepId, shard: shard, partial: partial)
    }
}
