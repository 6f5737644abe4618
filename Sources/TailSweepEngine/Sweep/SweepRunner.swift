import Foundation
import TailSweepCore
import TailSweepData

/// Runs (or resumes) a sweep into a sweep store with a pool of worker tasks.
///
/// ```swift
/// let runner = SweepRunner(specText: text, specFile: "sweeps/default.toml", dataDirectory: "demo-data", store: store)
/// let outcome = try await runner.run(workers: 2, shard: nil)
/// ```
///
/// Resume and idempotence: the sweep is found by name; when its spec hash, data fingerprint and
/// code version all match, only the shards not yet committed run; otherwise the run is refused
/// (or, with `newSweep`, a new sweep of the same name starts). Each finished shard is committed
/// in one transaction, so a kill at any moment loses at most the shards in flight. When every
/// shard of the sweep is committed — by this process or others — the cells are finalised:
/// partials merged in fixed shard order, metrics written, daily P&L of the top cells stored.
public struct SweepRunner: Sendable {
    public struct Outcome: Sendable {
        public let sweep: SweepRecord
        public let ranShards: Int
        public let finalized: Bool
        public let interrupted: Bool
        /// With claiming: shards taken over from owners whose heartbeat had stopped.
        public let reclaimed: [(shard: Int, from: String, staleSeconds: Double)]
        public let seconds: Double
        public let cells: Int
        public let sessions: Int
        /// Where the time went: load, states, contributions, walk_forward, shards, finalize.
        public let stageSeconds: [(stage: String, seconds: Double)]
    }

    public let specText: String
    public let specFile: String
    public let dataDirectory: String?
    public let store: any SweepStore
    public var newSweep = false
    /// Cell-sessions a batch of shards holds at most: the most work a kill or Ctrl-C can cost
    /// (the default is about a second or two on two cores). Smaller batches commit more often and
    /// share less pricing work.
    public var cellSessionsPerBatch = SweepRunner.defaultCellSessionsPerBatch
    public static let defaultCellSessionsPerBatch = 12_000_000

    public init(specText: String, specFile: String, dataDirectory: String?, store: any SweepStore) {
        self.specText = specText
        self.specFile = specFile
        self.dataDirectory = dataDirectory
        self.store = store
    }

    /// `shard`: (k, n) runs only shards with index % n == k − 1. `claim`: claim shards from the
    /// database a few at a time instead (any number of processes; see `ClaimSettings`).
    public func run(workers: Int, shard: (k: Int, n: Int)?, claim: ClaimSettings? = nil,
                    cancellation: SweepCancellation = SweepCancellation(),
                    progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Outcome {
        var clock = StageClock()
        let spec = try SweepSpec.parse(text: specText, file: specFile)
        guard let directory = dataDirectory ?? spec.data else {
            throw SweepRunError.noData(spec.name)
        }
        // The spec's hash (a reflection of the whole spec, some milliseconds) beside the read.
        let (specHash, loaded) = try WorkerThreads.beside(workers: workers, { SweepRunner.specHash(spec) }) {
            try DatasetStore.load(from: directory, parallel: WorkerThreads.parallel(workers)).restricted(from: spec.from, to: spec.to)
        }
        let plan = SweepPlan(spec: spec, sessionCount: loaded.dataset.sessions.count)
        clock.lap("load")
        let sweep = try resolveSweep(spec: spec, specHash: specHash, plan: plan, loaded: loaded)
        var done = try store.completedShards(sweepId: sweep.sweepId)
        let mine = (0..<plan.shardCount).filter { shard == nil || $0 % shard!.n == shard!.k - 1 }
        let pending = mine.filter { done[$0] == nil }
        let claimer = claim.map { ShardClaimer(store: store, sweepId: sweep.sweepId, shardCount: plan.shardCount, settings: $0) }
        let coordinator = claimer.map { SweepCoordinator(claimer: $0, incomplete: pending.count, cancellation: cancellation) }
            ?? SweepCoordinator(pending: pending, cancellation: cancellation)
        let heartbeat = claimer.map { ClaimHeartbeat(store: store, sweepId: sweep.sweepId, settings: $0.settings, running: $0.running) }
        defer { heartbeat?.stop() }
        var ran = 0
        // The shared work is computed at most once per process, for the shards and for finalising.
        var computed: SweepWorkload?
        func workload() throws -> SweepWorkload {
            if let computed { return computed }
            let w = try SweepWorkload(plan: plan, loaded: loaded, workers: workers)
            clock.include(w.stageSeconds)
            computed = w
            return w
        }
        // Daily P&L of every cell this process simulates, for the finaliser (when it fits in memory).
        let ledger = DailyPnLLedger.fits(plan: plan, sessions: loaded.dataset.sessions.count) ? DailyPnLLedger(plan: plan) : nil
        let computedPartials = ComputedPartials()
        // The finaliser's writes, when started while the last shards commit.
        var finishing: Task<Void, any Error>?
        if !pending.isEmpty {
            let workload = try workload()
            let writer = SweepWriter(store: store, sweepId: sweep.sweepId)
            let batch = Self.batchSize(plan: plan, cellSessions: cellSessionsPerBatch, claiming: claim != nil)
            let parallel = WorkerThreads.parallel(workers)
            let started = done
            do {
                while case let shards = try await coordinator.take(upTo: batch), !shards.isEmpty {
                    let outputs = workload.run(shards: shards, keepDailyPnL: ledger != nil, parallel: parallel)
                    // Kept in memory first: when these shards complete the sweep, the finaliser works
                    // out and writes the cells while they are encoded and committed (the status stays
                    // "running" until every shard is in).
                    for (index, output) in zip(shards, outputs) {
                        await computedPartials.record(shard: index, statistics: output.statistics)
                        if let ledger, let days = output.dailyPnL { await ledger.record(shard: index, days: days, dayDates: output.dayDates) }
                    }
                    if claim == nil, await coordinator.handedOutAll, started.count + ran + shards.count == plan.shardCount {
                        let computed = await computedPartials.byShard
                        finishing = Task {
                            try await SweepFinalizer(plan: plan).writeResults(sweepId: sweep.sweepId, partials: started, computed: computed,
                                                                              store: store, workload: workload, workers: workers, ledger: ledger)
                        }
                    }
                    let partials = ShardPartial.encode(outputs.map(\.statistics), parallel: parallel)
                    // The batch in one transaction: it was worked out together, and one commit's
                    // sync costs what each shard's did.
                    try await writer.commit(Array(zip(shards, partials)))
                    for index in shards {
                        let (d, t) = await coordinator.finish(shard: index)
                        progress?(d, t)
                        ran += 1
                    }
                }
                // Once this run's commits completed the sweep (its finaliser started) there is
                // nothing to read back; otherwise what every process has committed, for the finaliser.
                if finishing == nil { done = try store.completedShards(sweepId: sweep.sweepId) }
            } catch {
                _ = try? await finishing?.value     // no write outlives the run
                throw error
            }
            clock.lap("shards")
        }
        let committed = finishing == nil ? done.count : plan.shardCount
        let interrupted = await cancellation.isCancelled && committed < plan.shardCount
        var finalized = false
        let leftToOthers = await coordinator.othersFinishedLast
        if committed == plan.shardCount && !leftToOthers {
            if let finishing {
                try await finishing.value
            } else {
                try await SweepFinalizer(plan: plan).writeResults(sweepId: sweep.sweepId, partials: done, computed: await computedPartials.byShard,
                                                                  store: store, workload: try workload(), workers: workers, ledger: ledger)
            }
            try store.setSweepStatus(sweepId: sweep.sweepId, status: "complete")
            clock.lap("finalize")
            finalized = true
        } else if !leftToOthers {
            // (`finishing` is started only when this run's commits complete every shard.)
            try store.setSweepStatus(sweepId: sweep.sweepId, status: interrupted ? "interrupted" : "running")
        }
        let record = try store.latestSweep(named: spec.name) ?? sweep
        return Outcome(sweep: record, ranShards: ran, finalized: finalized, interrupted: interrupted,
                       reclaimed: await coordinator.reclaimed,
                       seconds: clock.totalSeconds, cells: plan.cells.count,
                       sessions: loaded.dataset.sessions.count, stageSeconds: clock.stages)
    }

    /// Shards run a batch at a time with every worker on the batch (sessions worked out side by
    /// side, then tracks stepped side by side), so the more decision times a batch holds, the
    /// more of a session's marks and exit walks its cells share: as many shards as `cellSessions`
    /// allows (at least one). A claiming process cannot know how many others share the sweep, so
    /// it takes at most 4 shards at a time.
    static func batchSize(plan: SweepPlan, cellSessions: Int, claiming: Bool) -> Int {
        let perShard = max(1, plan.spec.cellsPerShard * (plan.sessionBlocks.first?.count ?? 1))
        return max(1, min(cellSessions / perShard, claiming ? 4 : Int.max))
    }

    /// The sweep to continue, or a new one; refuses a changed spec or dataset under the same name.
    func resolveSweep(spec: SweepSpec, specHash: String, plan: SweepPlan, loaded: DatasetStore.Loaded) throws -> SweepRecord {
        let sessions = loaded.dataset.sessions
        let fingerprint = "\(loaded.manifest.fingerprint):\(sessions.first!.date):\(sessions.last!.date)"
        let wanted = SweepRecord(sweepId: 0, name: spec.name, specText: specText, specHash: specHash, dataFingerprint: fingerprint,
                                 codeVersion: TailSweepVersion.string, status: "running", cells: plan.cells.count,
                                 shards: plan.shardCount, completedShards: 0, firstSession: sessions.first!.date,
                                 lastSession: sessions.last!.date, sessions: sessions.count)
        let existing = try store.openSweep(wanted, forceNew: newSweep)
        guard existing.specHash == specHash else { throw SweepRunError.specChanged(spec.name) }
        guard existing.dataFingerprint == fingerprint else { throw SweepRunError.dataChanged(spec.name) }
        guard existing.codeVersion == TailSweepVersion.string else { throw SweepRunError.codeChanged(spec.name, existing.codeVersion) }
        return existing
    }

    /// XXH64 of the parsed spec (so comments and layout do not matter), without the data path
    /// (the data fingerprint covers the data).
    public static func specHash(_ spec: SweepSpec) -> String {
        var s = spec
        s.data = nil
        return XXHash64.hash(Array(String(reflecting: s).utf8)).hex16
    }
}

public enum SweepRunError: Error, Equatable, CustomStringConvertible {
    case noData(String)
    case specChanged(String)
    case dataChanged(String)
    case codeChanged(String, String)

    public var description: String {
        switch self {
        case .noData(let n): return "sweep '\(n)' names no data: give --data DIR or a data = \"…\" line"
        case .specChanged(let n):
            return "sweep '\(n)' already exists with a different spec; rename it, or pass --new to start it again as a new sweep"
        case .dataChanged(let n):
            return "sweep '\(n)' already exists on different data (fingerprint or session range); pass --new to start a new sweep"
        case let .codeChanged(n, v):
            return "sweep '\(n)' was computed by \(v); results of this build would differ — pass --new to start a new sweep"
        }
    }
}
