import Foundation
import TailSweepCore

extension ResultDatabase: SweepStore {
    public func latestSweep(named name: String) throws -> SweepRecord? {
        try backend.read { db in
            try db.query("SELECT * FROM sweeps WHERE name = ? ORDER BY sweep_id DESC LIMIT 1", [name]).first
                .map { try Self.sweep(from: $0, db: db) }
        }
    }

    public func sweeps() throws -> [SweepRecord] {
        try backend.read { db in try db.query("SELECT * FROM sweeps ORDER BY sweep_id").map { try Self.sweep(from: $0, db: db) } }
    }

    public func openSweep(_ s: SweepRecord, forceNew: Bool) throws -> SweepRecord {
        // Exclusive before reading, so concurrent starters cannot both create.
        try backend.write { db in
            try db.lock("sweeps")
            if !forceNew, let existing = try db.query("SELECT * FROM sweeps WHERE name = ? ORDER BY sweep_id DESC LIMIT 1", [s.name]).first {
                return try Self.sweep(from: existing, db: db)
            }
            let inserted = try db.query("""
                INSERT INTO sweeps (name, spec_text, spec_hash, data_fingerprint, code_version, status, cells, shards,
                                    first_session, last_session, sessions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING sweep_id
                """, [s.name, s.specText, s.specHash, s.dataFingerprint, s.codeVersion, s.status, s.cells, s.shards,
                      s.firstSession.description, s.lastSession.description, s.sessions])
            var created = s
            created.sweepId = try inserted[0].get("sweep_id")
            return created
        }
    }

    public func setSweepStatus(sweepId: Int64, status: String) throws {
        // A finalised sweep stays complete: a process whose slice ended before another finalised
        // must not mark it running again.
        try backend.write { db in
            try db.execute("UPDATE sweeps SET status = ? WHERE sweep_id = ? AND status <> 'complete'", [status, sweepId])
        }
    }

    public func completedShards(sweepId: Int64) throws -> [Int: String] {
        try backend.read { db in
            var out: [Int: String] = [:]
            for row in try db.query("SELECT shard_index, partial FROM sweep_shards WHERE sweep_id = ? AND status = 'complete'", [sweepId]) {
                out[try row.get("shard_index")] = try row.get("partial")
            }
            return out
        }
    }

    public func commitShards(sweepId: Int64, partials: [(shard: Int, partial: String)]) throws {
        try backend.write { db in
            for (shard, partial) in partials {
                try db.execute("""
                    INSERT INTO sweep_shards (sweep_id, shard_index, status, partial) VALUES (?, ?, 'complete', ?)
                    ON CONFLICT (sweep_id, shard_index) DO NOTHING
                    """, [sweepId, shard, partial])
                try db.execute("UPDATE sweep_claims SET state = 'complete' WHERE sweep_id = ? AND shard_index = ?", [sweepId, shard])
            }
        }
    }

    public func saveCells(sweepId: Int64, cells: [SweepCellRecord]) throws {
        // Rows built before the write transaction, which other writers wait for.
        let rows: [SQLFields] = cells.map { c in
            let m = c.metrics, ci = m.breachRate.interval(), skips = m.skipsJSON
            return ["sweep_id": sweepId, "cell_index": c.cellIndex, "model_setting": c.modelSetting, "decision_time": c.decisionTime,
                    "tier": c.tier, "fill": c.fill, "gate": c.gate, "exit_rule": c.exitRule, "trades": m.trades, "wins": m.wins,
                    "win_rate": finite(m.winRate), "total_pnl": m.totalPnL, "mean_pnl": finite(m.meanPnL), "std_pnl": finite(m.stdPnL),
                    "sharpe": finite(m.sharpe), "max_drawdown": m.maxDrawdown, "cvar5": finite(m.cvar5),
                    "worst_trade": finite(m.worstTrade), "breaches": m.breachRate.breaches, "breach_rate": finite(m.breachRate.rate),
                    "breach_ci_low": ci.lower, "breach_ci_high": ci.upper, "tier_held": m.tierHeld, "brier": finite(m.brier),
                    "ece": finite(m.ece), "skips_json": skips, "metrics_json": m.storedJSON(skipsJSON: skips)]
        }
        try backend.write { db in
            try db.upsert(table: "sweep_cells", key: ["sweep_id", "cell_index"], rows: rows)
        }
    }

    public func cells(sweepId: Int64) throws -> [SweepCellRecord] {
        try backend.read { db in
            try db.query("SELECT * FROM sweep_cells WHERE sweep_id = ? ORDER BY cell_index", [sweepId]).map { row in
                let json: String = try row.get("metrics_json")
                return SweepCellRecord(cellIndex: try row.get("cell_index"), modelSetting: try row.get("model_setting"), decisionTime: try row.get("decision_time"),
                                       tier: try row.get("tier"), fill: try row.get("fill"), gate: try row.get("gate"), exitRule: try row.get("exit_rule"),
                                       metrics: try StoredJSON.decode(TrackSummary.self, json))
            }
        }
    }

    public func saveDailyPnL(sweepId: Int64, series: [DailyPnLSeries]) throws {
        // Cells on the same sessions (all of a model setting) share their text.
        var sessionTexts: [(sessions: [CivilDate], text: String)] = []
        func text(_ dates: [CivilDate]) -> String {
            if let known = sessionTexts.first(where: { $0.sessions == dates }) { return known.text }
            let text = StoredJSON.text(dates.map(\.description))
            sessionTexts.append((dates, text))
            return text
        }
        let rows = series.filter { !$0.sessions.isEmpty }.sorted { $0.cell < $1.cell }.map { s in
            ["sweep_id": sweepId, "cell_index": s.cell, "sessions_json": text(s.sessions), "pnl_json": StoredJSON.text(s.pnl)] as SQLFields
        }
        try backend.write { db in
            try db.upsert(table: "sweep_daily_pnl_series", key: ["sweep_id", "cell_index"], rows: rows)
        }
    }

    public func dailyPnL(sweepId: Int64, cell: Int) throws -> [(session: CivilDate, pnl: Double)] {
        try backend.read { db in
            guard let row = try db.query("SELECT sessions_json, pnl_json FROM sweep_daily_pnl_series WHERE sweep_id = ? AND cell_index = ?",
                                         [sweepId, cell]).first else { return [] }
            let sessions = try StoredJSON.decode([String].self, try row.get("sessions_json"))
            let pnl = try StoredJSON.decode([Double].self, try row.get("pnl_json"))
            return try zip(sessions, pnl).map { (try CivilDate(parsing: $0), $1) }
        }
    }

    static func sweep(from row: SQLRow, db: any SQLExecutor) throws -> SweepRecord {
        let id: Int64 = try row.get("sweep_id")
        let first: String = try row.get("first_session"), last: String = try row.get("last_session")
        let done = try db.count("SELECT COUNT(*) FROM sweep_shards WHERE sweep_id = ?", [id])
        return SweepRecord(sweepId: id, name: try row.get("name"), specText: try row.get("spec_text"), specHash: try row.get("spec_hash"),
                           dataFingerprint: try row.get("data_fingerprint"), codeVersion: try row.get("code_version"), status: try row.get("status"),
                           cells: try row.get("cells"), shards: try row.get("shards"), completedShards: done,
                           firstSession: try CivilDate(parsing: first), lastSession: try CivilDate(parsing: last), sessions: try row.get("sessions"))
    }
}
