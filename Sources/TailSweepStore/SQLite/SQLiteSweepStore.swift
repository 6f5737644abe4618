import Foundation
import GRDB
import TailSweepCore

extension SQLiteResultStore: SweepStore {
    public func latestSweep(named name: String) throws -> SweepRecord? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sweeps WHERE name = ? ORDER BY sweep_id DESC LIMIT 1", arguments: [name])
                .map { try Self.sweep(from: $0, db: db) }
        }
    }

    public func sweeps() throws -> [SweepRecord] {
        try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM sweeps ORDER BY sweep_id").map { try Self.sweep(from: $0, db: db) } }
    }

    public func openSweep(_ s: SweepRecord, forceNew: Bool) throws -> SweepRecord {
        // IMMEDIATE: take the write lock before reading, so concurrent starters cannot both create.
        var result: SweepRecord?
        try queue.inTransaction(.immediate) { db in
            if !forceNew, let existing = try Row.fetchOne(db, sql: "SELECT * FROM sweeps WHERE name = ? ORDER BY sweep_id DESC LIMIT 1",
                                                           arguments: [s.name]) {
                result = try Self.sweep(from: existing, db: db)
                return .commit
            }
            try db.execute(sql: """
                INSERT INTO sweeps (name, spec_text, spec_hash, data_fingerprint, code_version, status, cells, shards,
                                    first_session, last_session, sessions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [s.name, s.specText, s.specHash, s.dataFingerprint, s.codeVersion, s.status, s.cells, s.shards,
                                 s.firstSession.description, s.lastSession.description, s.sessions])
            var created = s
            created.sweepId = db.lastInsertedRowID
            result = created
            return .commit
        }
        return result!
    }

    public func setSweepStatus(sweepId: Int64, status: String) throws {
        try queue.write { db in try db.execute(sql: "UPDATE sweeps SET status = ? WHERE sweep_id = ?", arguments: [status, sweepId]) }
    }

    public func completedShards(sweepId: Int64) throws -> [Int: String] {
        try queue.read { db in
            var out: [Int: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT shard_index, partial FROM sweep_shards WHERE sweep_id = ? AND status = 'complete'",
                                        arguments: [sweepId]) {
                out[row["shard_index"]] = row["partial"]
            }
            return out
        }
    }

    public func commitShard(sweepId: Int64, shard: Int, partial: String) throws {
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO sweep_shards (sweep_id, shard_index, status, partial) VALUES (?, ?, 'complete', ?)
                ON CONFLICT (sweep_id, shard_index) DO NOTHING
                """, arguments: [sweepId, shard, partial])
        }
    }

    public func saveCells(sweepId: Int64, cells: [SweepCellRecord]) throws {
        try queue.write { db in
            try Upsert.execute(db, table: "sweep_cells", key: ["sweep_id", "cell_index"], rows: try cells.map { c in
                let m = c.metrics, ci = m.breachRate.interval()
                return ["sweep_id": sweepId, "cell_index": c.cellIndex, "model_setting": c.modelSetting, "decision_time": c.decisionTime,
                        "tier": c.tier, "fill": c.fill, "gate": c.gate, "exit_rule": c.exitRule, "trades": m.trades, "wins": m.wins,
                        "win_rate": finite(m.winRate), "total_pnl": m.totalPnL, "mean_pnl": finite(m.meanPnL), "std_pnl": finite(m.stdPnL),
                        "sharpe": finite(m.sharpe), "max_drawdown": m.maxDrawdown, "cvar5": finite(m.cvar5),
                        "worst_trade": finite(m.worstTrade), "breaches": m.breachRate.breaches, "breach_rate": finite(m.breachRate.rate),
                        "breach_ci_low": ci.lower, "breach_ci_high": ci.upper, "tier_held": m.tierHeld, "brier": finite(m.brier),
                        "ece": finite(m.ece), "skips_json": String(decoding: try CanonicalJSON.data(m.skips), as: UTF8.self),
                        "metrics_json": try MetricsJSON.encode(m)]
            })
        }
    }

    public func cells(sweepId: Int64) throws -> [SweepCellRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sweep_cells WHERE sweep_id = ? ORDER BY cell_index", arguments: [sweepId]).map { row in
                let json: String = row["metrics_json"]
                return SweepCellRecord(cellIndex: row["cell_index"], modelSetting: row["model_setting"], decisionTime: row["decision_time"],
                                       tier: row["tier"], fill: row["fill"], gate: row["gate"], exitRule: row["exit_rule"],
                                       metrics: try MetricsJSON.decode(json))
            }
        }
    }

    public func saveDailyPnL(sweepId: Int64, rows: [(cell: Int, session: CivilDate, pnl: Double)]) throws {
        var byCell: [Int: (sessions: [String], pnl: [Double])] = [:]
        for r in rows {
            byCell[r.cell, default: ([], [])].sessions.append(r.session.description)
            byCell[r.cell, default: ([], [])].pnl.append(r.pnl)
        }
        try queue.write { db in
            try Upsert.execute(db, table: "sweep_daily_pnl_series", key: ["sweep_id", "cell_index"], rows: try byCell.keys.sorted().map { cell in
                ["sweep_id": sweepId, "cell_index": cell, "sessions_json": try RecordJSON.encode(byCell[cell]!.sessions),
                 "pnl_json": try RecordJSON.encode(byCell[cell]!.pnl)]
            })
        }
    }

    public func dailyPnL(sweepId: Int64, cell: Int) throws -> [(session: CivilDate, pnl: Double)] {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT sessions_json, pnl_json FROM sweep_daily_pnl_series WHERE sweep_id = ? AND cell_index = ?",
                                             arguments: [sweepId, cell]) else { return [] }
            let sessions = try RecordJSON.decode([String].self, row["sessions_json"])
            let pnl = try RecordJSON.decode([Double].self, row["pnl_json"])
            return try zip(sessions, pnl).map { (try CivilDate(parsing: $0), $1) }
        }
    }

    static func sweep(from row: Row, db: Database) throws -> SweepRecord {
        let id: Int64 = row["sweep_id"]
        let first: String = row["first_session"], last: String = row["last_session"]
        let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sweep_shards WHERE sweep_id = ?", arguments: [id]) ?? 0
        return SweepRecord(sweepId: id, name: row["name"], specText: row["spec_text"], specHash: row["spec_hash"],
                           dataFingerprint: row["data_fingerprint"], codeVersion: row["code_version"], status: row["status"],
                           cells: row["cells"], shards: row["shards"], completedShards: done,
                           firstSession: try CivilDate(parsing: first), lastSession: try CivilDate(parsing: last), sessions: row["sessions"])
    }
}

/// Metrics as stored JSON: property names as they are (skip-reason keys must survive untouched),
/// non-finite numbers as strings, so a round trip is exact.
enum MetricsJSON {
    static func encode(_ m: TrackSummary) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try e.encode(m), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> TrackSummary {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try d.decode(TrackSummary.self, from: Data(text.utf8))
    }
}
