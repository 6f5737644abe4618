import Foundation
import TailSweepCore

/// How a process takes part in dynamic claiming (`sweep run --claim`).
///
/// ```swift
/// let settings = ClaimSettings(staleAfter: 120)            // heartbeat every 30 s
/// let outcome = try await runner.run(workers: 2, shard: nil, claim: settings)
/// ```
public struct ClaimSettings: Sendable {
    /// A claim whose heartbeat is older than this (seconds, database clock) is taken over.
    public var staleAfter: Double
    /// This process's name in the claims table.
    public var owner: String

    public init(staleAfter: Double, owner: String = ClaimSettings.defaultOwner()) {
        self.staleAfter = staleAfter
        self.owner = owner
    }

    /// host:pid plus a random tag (PIDs repeat across containers and reboots).
    public static func defaultOwner() -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid()):\(String(UInt16.random(in: .min ... .max), radix: 16))"
    }

    /// Heartbeats four times per timeout, so one late beat never loses a claim.
    var heartbeatSeconds: Double { max(0.05, staleAfter / 4) }
}

/// Claims shards of one sweep for this process.
public struct ShardClaimer: Sendable {
    let store: any SweepStore
    let sweepId: Int64
    let shardCount: Int
    let settings: ClaimSettings
    let running = RunningShards()

    /// How often a process with nothing to claim asks again (for a stale claim, or the end).
    var pollSeconds: Double { min(1, settings.heartbeatSeconds) }

    func claim() throws -> ShardClaim {
        try store.claimShard(sweepId: sweepId, shardCount: shardCount, owner: settings.owner, staleAfter: settings.staleAfter)
    }
}

/// The shards this process is running now (claimed and not yet committed), shared by the
/// coordinator and the heartbeat thread.
final class RunningShards: @unchecked Sendable {
    private let lock = NSLock()
    private var shards = Set<Int>()

    func insert(_ shard: Int) { lock.withLock { _ = shards.insert(shard) } }
    func remove(_ shard: Int) { lock.withLock { _ = shards.remove(shard) } }
    var sorted: [Int] { lock.withLock { shards.sorted() } }
}

/// Refreshes the claims of the shards this process is running, on its own thread, so a long
/// shard computation on the worker pool never starves the heartbeat. A failed beat is reported
/// and retried at the next one.
final class ClaimHeartbeat: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false

    init(store: any SweepStore, sweepId: Int64, settings: ClaimSettings, running: RunningShards) {
        let thread = Thread { [self] in
            condition.lock()
            defer { condition.unlock() }
            while !stopped {
                _ = condition.wait(until: Date(timeIntervalSinceNow: settings.heartbeatSeconds))
                if stopped { break }
                do {
                    try store.heartbeat(sweepId: sweepId, owner: settings.owner, shards: running.sorted)
                } catch {
                    FileHandle.standardError.write(Data("heartbeat failed (claims may be taken over): \(error)\n".utf8))
                }
            }
        }
        thread.start()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }
}
