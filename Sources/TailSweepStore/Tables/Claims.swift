import TailSweepCore

/// Dynamic shard claiming. `sweep_claims` has one row per shard (created by the first claimer):
/// `pending` → `claimed` (owner, heartbeat) → `complete` (set by `commitShards` in the same
/// transaction as the shard's partial). A claim whose heartbeat is older than the timeout is
/// taken over; since a shard's partial is recorded at most once, a late commit from a presumed
/// dead owner adds nothing.
extension ResultDatabase {
    public func claimShard(sweepId: Int64, shardCount: Int, owner: String, staleAfter: Double) throws -> ShardClaim {
        try backend.write { db in
            if try db.count("SELECT COUNT(*) FROM sweep_claims WHERE sweep_id = ?", [sweepId]) < shardCount {
                try db.upsert(table: "sweep_claims", key: ["sweep_id", "shard_index"], rows: (0..<shardCount).map { shard in
                    ["sweep_id": sweepId, "shard_index": shard, "state": "pending", "owner": String?.none,
                     "heartbeat_at": Double?.none, "claims": 0]
                })
                try db.execute("""
                    UPDATE sweep_claims SET state = 'complete' WHERE sweep_id = ? AND state <> 'complete'
                      AND shard_index IN (SELECT shard_index FROM sweep_shards WHERE sweep_id = ?)
                    """, [sweepId, sweepId])
            }
            let now = db.dialect.now
            let candidates = try db.query("""
                SELECT shard_index, state, owner, \(now) - heartbeat_at AS age FROM sweep_claims
                WHERE sweep_id = ? AND (state = 'pending' OR (state = 'claimed' AND heartbeat_at < \(now) - ?))
                ORDER BY shard_index LIMIT 1\(db.dialect.skipLocked)
                """, [sweepId, staleAfter])
            guard let row = candidates.first else {
                let open = try db.count("SELECT COUNT(*) FROM sweep_claims WHERE sweep_id = ? AND state <> 'complete'", [sweepId])
                return open == 0 ? .finished : .waiting
            }
            let shard: Int = try row.get("shard_index")
            try db.execute("""
                UPDATE sweep_claims SET state = 'claimed', owner = ?, heartbeat_at = \(now), claims = claims + 1
                WHERE sweep_id = ? AND shard_index = ?
                """, [owner, sweepId, shard])
            let stale = try row.get("state", as: String.self) == "claimed"
            return .claimed(shard: shard, reclaimedFrom: stale ? try row.get("owner") : nil,
                            staleSeconds: stale ? try row.get("age") : nil)
        }
    }

    public func heartbeat(sweepId: Int64, owner: String, shards: [Int]) throws {
        guard !shards.isEmpty else { return }
        try backend.write { db in
            let list = shards.map { _ in "?" }.joined(separator: ", ")
            try db.execute("""
                UPDATE sweep_claims SET heartbeat_at = \(db.dialect.now)
                WHERE sweep_id = ? AND owner = ? AND state = 'claimed' AND shard_index IN (\(list))
                """, [sweepId, owner] + shards.map { $0 as any SQLBindable })
        }
    }
}
