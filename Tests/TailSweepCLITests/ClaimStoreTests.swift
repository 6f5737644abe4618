import Foundation
import Testing
import TailSweepCore
import TailSweepStore

/// Shard claiming semantics, the same on both back ends: lowest shard first, live claims
/// respected, stale claims taken over, completion, and a late commit from a presumed-dead owner
/// counted nowhere.
@Suite struct ClaimStoreTests {
    enum Backend: String, CaseIterable {
        case sqlite, postgres
        /// Both, unless the PostgreSQL tests are switched off (TAILSWEEP_TEST_POSTGRES=off).
        static var enabledCases: [Backend] { TestPostgres.enabled ? allCases : [.sqlite] }
    }

    static func open(_ backend: Backend) throws -> ResultDatabase {
        switch backend {
        case .sqlite: return try ResultDatabase.open(NSTemporaryDirectory() + "tailsweep-claims-\(UUID().uuidString).sqlite")
        case .postgres: return try ResultDatabase.open(try TestPostgres.freshDatabase("claimstore"))
        }
    }

    /// A new sweep of `shards` shards (one cell each) in `store`: its id.
    static func openSweep(_ name: String, shards: Int, in store: ResultDatabase) throws -> Int64 {
        let day = try CivilDate(parsing: "2024-01-02")
        return try store.openSweep(SweepRecord(sweepId: 0, name: name, specText: "", specHash: "h", dataFingerprint: "f",
                                               codeVersion: "v", status: "running", cells: shards, shards: shards, completedShards: 0,
                                               firstSession: day, lastSession: day, sessions: 1), forceNew: false).sweepId
    }

    @Test(arguments: Backend.enabledCases)
    func claimsHeartbeatsAndStaleTakeover(_ backend: Backend) throws {
        let store = try Self.open(backend)
        let id = try Self.openSweep("claims", shards: 3, in: store)
        func claim(_ owner: String, stale: Double = 2) throws -> ShardClaim {
            try store.claimShard(sweepId: id, shardCount: 3, owner: owner, staleAfter: stale)
        }
        #expect(try claim("a") == .claimed(shard: 0, reclaimedFrom: nil, staleSeconds: nil))
        #expect(try claim("b") == .claimed(shard: 1, reclaimedFrom: nil, staleSeconds: nil))
        #expect(try claim("a") == .claimed(shard: 2, reclaimedFrom: nil, staleSeconds: nil))
        #expect(try claim("b") == .waiting)
        try store.commitShards(sweepId: id, partials: [(1, "b1")])
        // a keeps beating: its claims stay its own.
        usleep(1_200_000)
        try store.heartbeat(sweepId: id, owner: "a", shards: [0, 2])
        usleep(1_200_000)
        #expect(try claim("b") == .waiting)
        // a beats only for shard 0 (it is not running 2, say its claim's reply was lost): 2 goes stale.
        try store.heartbeat(sweepId: id, owner: "a", shards: [0])
        usleep(1_400_000)
        guard case let .claimed(first, from, age) = try claim("b") else { Issue.record("no takeover of 2"); return }
        #expect(first == 2 && from == "a" && (age ?? 0) >= 2)
        #expect(try claim("c") == .waiting)
        // a stops beating altogether: b takes over shard 0 too.
        usleep(1_000_000)
        guard case let .claimed(second, from2, _) = try claim("b") else { Issue.record("no takeover of 0"); return }
        #expect(second == 0 && from2 == "a")
        #expect(try claim("c") == .waiting)
        try store.commitShards(sweepId: id, partials: [(0, "b0")])
        try store.commitShards(sweepId: id, partials: [(2, "b2")])
        // a was only slow: its late commit of shard 0 changes nothing.
        try store.commitShards(sweepId: id, partials: [(0, "a0")])
        #expect(try claim("c") == .finished)
        #expect(try store.completedShards(sweepId: id) == [0: "b0", 1: "b1", 2: "b2"])
        #expect(try store.tableCounts()["sweep_shards"] == 3)
    }

    @Test(arguments: Backend.enabledCases)
    func batchCommitsRecordEachNewShardOnce(_ backend: Backend) throws {
        let store = try Self.open(backend)
        let id = try Self.openSweep("batches", shards: 4, in: store)
        func claim() throws -> ShardClaim { try store.claimShard(sweepId: id, shardCount: 4, owner: "a", staleAfter: 60) }
        for expected in 0..<4 { #expect(try claim() == .claimed(shard: expected, reclaimedFrom: nil, staleSeconds: nil)) }
        try store.commitShards(sweepId: id, partials: [(2, "x2"), (0, "x0")])
        #expect(try store.completedShards(sweepId: id) == [0: "x0", 2: "x2"])
        // A batch overlapping committed shards adds only the new ones; their claims complete too.
        try store.commitShards(sweepId: id, partials: [(0, "y0"), (1, "y1"), (3, "y3")])
        #expect(try store.completedShards(sweepId: id) == [0: "x0", 1: "y1", 2: "x2", 3: "y3"])
        #expect(try claim() == .finished)
        try store.commitShards(sweepId: id, partials: [])
        #expect(try store.tableCounts()["sweep_shards"] == 4)
    }
}
