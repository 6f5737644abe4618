import TailSweepCore

/// What `copySweep` did.
public struct SweepCopyOutcome: Sendable, Equatable {
    public let name: String
    public let sourceId: Int64
    public let targetId: Int64
    public let shards: Int
    public let cells: Int
    public let dailySeries: Int
    /// The target already had this sweep (same spec, data and code); its rows were upserted.
    public let merged: Bool
}

/// Copying one sweep between databases (SQLite ↔ PostgreSQL), row for row: the sweep, its shard
/// partials, cell metrics and charted daily P&L. Values are copied as stored, never recomputed,
/// so the summary of the copy equals the summary of the original.
extension ResultDatabase {
    /// The tables holding a sweep's rows, with their primary keys (what the copy upserts on).
    static let sweepTables: [(table: String, key: [String])] = [
        ("sweep_shards", ["sweep_id", "shard_index"]), ("sweep_cells", ["sweep_id", "cell_index"]),
        ("sweep_daily_pnl_series", ["sweep_id", "cell_index"]),
    ]

    /// Copies the latest sweep called `name` (or the latest sweep) from `source` into this
    /// database. A sweep of that name with the same spec, data and code is merged into (upserts,
    /// so copying twice changes nothing); one with a different identity is refused unless `forceNew`.
    public func copySweep(named name: String?, from source: ResultDatabase, forceNew: Bool) throws -> SweepCopyOutcome {
        let (sweep, rows) = try source.backend.read { db -> (SQLRow, [String: [SQLRow]]) in
            let found = try name.map { try db.query("SELECT * FROM sweeps WHERE name = ? ORDER BY sweep_id DESC LIMIT 1", [$0]) }
                ?? db.query("SELECT * FROM sweeps ORDER BY sweep_id DESC LIMIT 1")
            guard let sweep = found.first else {
                throw StoreError.database("\(source.location) has no sweep\(name.map { " named '\($0)'" } ?? "")")
            }
            let id: Int64 = try sweep.get("sweep_id")
            var rows: [String: [SQLRow]] = [:]
            for (table, _) in Self.sweepTables {
                rows[table] = try db.query("SELECT * FROM \(table) WHERE sweep_id = ?", [id])
            }
            return (sweep, rows)
        }
        let sweepName: String = try sweep.get("name")
        let identity = ["spec_hash", "data_fingerprint", "code_version"]
        return try backend.write { db in
            try db.lock("sweeps")
            var targetId: Int64?
            if !forceNew, let existing = try db.query("SELECT * FROM sweeps WHERE name = ? ORDER BY sweep_id DESC LIMIT 1", [sweepName]).first {
                guard try identity.allSatisfy({ try existing.get($0, as: String.self) == sweep.get($0, as: String.self) }) else {
                    throw StoreError.database("\(location) already has a sweep '\(sweepName)' with another spec, data or code version; pass --new to copy it as a new sweep")
                }
                targetId = try existing.get("sweep_id")
                try db.execute("UPDATE sweeps SET status = ? WHERE sweep_id = ?", [try sweep.get("status", as: String.self), targetId!])
            }
            let merged = targetId != nil
            if targetId == nil {
                let columns = sweep.columns.filter { $0 != "sweep_id" }
                let inserted = try db.query("INSERT INTO sweeps (\(columns.joined(separator: ", "))) VALUES ("
                                            + columns.map { _ in "?" }.joined(separator: ", ") + ") RETURNING sweep_id",
                                            columns.map { sweep[raw: $0]! })
                targetId = try inserted[0].get("sweep_id")
            }
            for (table, key) in Self.sweepTables {
                try db.upsert(table: table, key: key, rows: rows[table]!.map { row in
                    var fields: SQLFields = [:]
                    for (column, value) in zip(row.columns, row.values) { fields.set(column, value) }
                    fields.set("sweep_id", targetId!)
                    return fields
                })
            }
            return SweepCopyOutcome(name: sweepName, sourceId: try sweep.get("sweep_id"), targetId: targetId!,
                                    shards: rows["sweep_shards"]!.count, cells: rows["sweep_cells"]!.count,
                                    dailySeries: rows["sweep_daily_pnl_series"]!.count, merged: merged)
        }
    }
}
