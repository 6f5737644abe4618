import TailSweepCore

/// Hands shards to workers and tracks progress. A fixed list (all shards, or a static `--shard
/// K/N` slice) is handed out in plan order; with a claimer, each shard is claimed from the
/// database, so any number of processes share the sweep. Cancelling stops handing out shards;
/// shards in flight finish and commit.
public actor SweepCoordinator {
    private enum Supply {
        case fixed([Int])
        case claimed(ShardClaimer)
    }

    private let supply: Supply
    private let cancellation: SweepCancellation
    private let total: Int
    private var next = 0
    private var finished = 0
    /// Shards taken over from owners whose heartbeat had stopped.
    public private(set) var reclaimed: [(shard: Int, from: String, staleSeconds: Double)] = []
    /// With claiming: the last shards were finished by other processes while this one waited, so
    /// the one that committed the last shard finalises (it sees every shard right after its commit).
    public private(set) var othersFinishedLast = false

    public init(pending: [Int], cancellation: SweepCancellation) {
        supply = .fixed(pending)
        total = pending.count
        self.cancellation = cancellation
    }

    /// `incomplete`: shards not yet complete when this process started (the progress total).
    public init(claimer: ShardClaimer, incomplete: Int, cancellation: SweepCancellation) {
        supply = .claimed(claimer)
        total = incomplete
        self.cancellation = cancellation
    }

    /// Up to `count` shards to run together (consecutive in plan order from a fixed list; when
    /// claiming, the first claim waits as long as others hold every open shard, further ones are
    /// taken only if free right away), or none when there is none left for this process.
    public func take(upTo count: Int) async throws -> [Int] {
        switch supply {
        case .fixed(let pending):
            guard await !cancellation.isCancelled, next < pending.count else { return [] }
            let taken = Array(pending[next..<min(next + max(1, count), pending.count)])
            next += taken.count
            return taken
        case .claimed(let claimer):
            var waited = false
            while await !cancellation.isCancelled {
                switch try claimer.claim() {
                case let .claimed(shard, from, age):
                    var shards = [shard]
                    record(shard, from: from, age: age, claimer: claimer)
                    while shards.count < count, case let .claimed(more, from, age) = try claimer.claim() {
                        shards.append(more)
                        record(more, from: from, age: age, claimer: claimer)
                    }
                    return shards
                case .finished:
                    othersFinishedLast = othersFinishedLast || waited
                    return []
                case .waiting:
                    // Other processes hold every open shard; one may die, so keep watching.
                    waited = true
                    try await Task.sleep(nanoseconds: UInt64(claimer.pollSeconds * 1e9))
                }
            }
            return []
        }
    }

    private func record(_ shard: Int, from: String?, age: Double?, claimer: ShardClaimer) {
        if let from { reclaimed.append((shard, from, age ?? 0)) }
        claimer.running.insert(shard)
    }

    /// A fixed list handed out to its end (never true when claiming: other processes may still hold shards).
    public var handedOutAll: Bool {
        if case .fixed(let pending) = supply { return next == pending.count }
        return false
    }

    /// Returns (finished, total) after recording one more finished (committed) shard.
    public func finish(shard: Int) -> (done: Int, total: Int) {
        if case .claimed(let claimer) = supply { claimer.running.remove(shard) }
        finished += 1
        return (finished, max(total, finished))
    }
}

/// Set by a signal handler (Ctrl-C) to stop a run after the shards in flight.
public actor SweepCancellation {
    private var cancelled = false
    public init() {}
    public func cancel() { cancelled = true }
    public var isCancelled: Bool { cancelled }
}

/// The single writer: every database write of a run goes through this actor, a batch of shards
/// per transaction.
public actor SweepWriter {
    let store: any SweepStore
    let sweepId: Int64

    public init(store: any SweepStore, sweepId: Int64) {
        self.store = store
        self.sweepId = sweepId
    }

    public func commit(_ partials: [(shard: Int, partial: String)]) throws {
        try store.commitShards(sweepId: sweepId, partials: partials)
    }
}
