/// One numbered schema change, written in SQLite's dialect (`SQLDialect.schema` adapts it).
struct SchemaMigration: Sendable {
    let identifier: String
    let sql: String
}

/// Numbered schema migrations, the same for both back ends. Shipped migrations are never
/// edited; changes add a new one.
enum Schema {
    static let migrations: [SchemaMigration] = [
        SchemaMigration(identifier: "001_studies_models_forward", sql: """
                CREATE TABLE studies (
                    study_id TEXT PRIMARY KEY, assumptions_hash TEXT NOT NULL, data_fingerprint TEXT NOT NULL,
                    symbol TEXT NOT NULL, configuration_json TEXT NOT NULL, first_session TEXT NOT NULL,
                    last_session TEXT NOT NULL, sessions INTEGER NOT NULL, premium_source TEXT NOT NULL,
                    code_version TEXT NOT NULL);
                CREATE TABLE probability_rows (
                    study_id TEXT NOT NULL REFERENCES studies(study_id), session TEXT NOT NULL, decision_ts TEXT NOT NULL,
                    moneyness REAL NOT NULL, p REAL NOT NULL, ci_low REAL, ci_high REAL, alpha REAL NOT NULL, beta REAL NOT NULL,
                    n REAL NOT NULL, breaches REAL NOT NULL, effective_n REAL NOT NULL, level TEXT NOT NULL, adjusted INTEGER NOT NULL,
                    PRIMARY KEY (study_id, decision_ts, moneyness));
                CREATE TABLE ladders (
                    study_id TEXT NOT NULL REFERENCES studies(study_id), session TEXT NOT NULL, decision_ts TEXT NOT NULL,
                    tier REAL NOT NULL, rank INTEGER NOT NULL, strike REAL, moneyness REAL, moneyness_prev_close REAL, p REAL,
                    ci_low REAL, ci_high REAL, premium REAL, quote_quality TEXT, expected_value REAL, fallback INTEGER NOT NULL,
                    skip_reason TEXT, PRIMARY KEY (study_id, decision_ts, tier, rank));
                CREATE TABLE trades (
                    study_id TEXT NOT NULL REFERENCES studies(study_id), tier REAL NOT NULL, exit_mode TEXT NOT NULL,
                    session TEXT NOT NULL, decision_ts TEXT NOT NULL, entry_ts TEXT NOT NULL, exit_ts TEXT NOT NULL,
                    strike REAL NOT NULL, entry_price REAL NOT NULL, moneyness REAL NOT NULL, moneyness_prev_close REAL,
                    p REAL NOT NULL, ci_low REAL, ci_high REAL, expected_value REAL NOT NULL, premium REAL NOT NULL,
                    premium_source TEXT NOT NULL, quote_quality TEXT NOT NULL, fill TEXT NOT NULL, fallback INTEGER NOT NULL,
                    exit_reason TEXT NOT NULL, exit_price REAL NOT NULL, exit_marked INTEGER NOT NULL, contracts INTEGER NOT NULL,
                    pnl_per_contract REAL NOT NULL, pnl REAL NOT NULL, equity_after REAL NOT NULL, breached INTEGER NOT NULL,
                    PRIMARY KEY (study_id, tier, exit_mode, decision_ts));
                CREATE TABLE calibration (
                    study_id TEXT NOT NULL REFERENCES studies(study_id), grouping TEXT NOT NULL, key TEXT NOT NULL,
                    count INTEGER NOT NULL, brier REAL, reliability REAL, resolution REAL, uncertainty REAL, log_loss REAL,
                    ece REAL, sharpness REAL, mean_forecast REAL, observed_rate REAL, bins_json TEXT NOT NULL,
                    PRIMARY KEY (study_id, grouping, key));
                CREATE TABLE summaries (
                    study_id TEXT NOT NULL REFERENCES studies(study_id), tier REAL NOT NULL, exit_mode TEXT NOT NULL,
                    trades INTEGER NOT NULL, wins INTEGER NOT NULL, total_pnl REAL NOT NULL, mean_pnl REAL, std_pnl REAL,
                    sharpe REAL, max_drawdown REAL NOT NULL, cvar5 REAL, worst_trade REAL, breaches INTEGER NOT NULL,
                    breach_rate REAL, breach_ci_low REAL, breach_ci_high REAL, tier_held INTEGER NOT NULL, brier REAL, ece REAL,
                    skips_json TEXT NOT NULL, PRIMARY KEY (study_id, tier, exit_mode));
                CREATE TABLE models (
                    model_version TEXT PRIMARY KEY, family TEXT NOT NULL, trained_through_session TEXT NOT NULL,
                    data_fingerprint TEXT NOT NULL, assumptions_hash TEXT NOT NULL, artifact BLOB NOT NULL);
                CREATE TABLE registry_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, action TEXT NOT NULL CHECK (action IN ('promote', 'rollback')),
                    model_version TEXT NOT NULL REFERENCES models(model_version));
                CREATE TABLE forward_snapshots (
                    symbol TEXT NOT NULL, session TEXT NOT NULL, decision_ts TEXT NOT NULL, tier REAL NOT NULL,
                    ladder_rank INTEGER NOT NULL, strike REAL NOT NULL, model_version TEXT NOT NULL, assumptions_hash TEXT NOT NULL,
                    moneyness REAL NOT NULL, p REAL NOT NULL, ci_low REAL, ci_high REAL, premium REAL NOT NULL,
                    premium_source TEXT NOT NULL, quote_quality TEXT NOT NULL, expected_value REAL NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending_close', 'finalized')), close_price REAL, breached INTEGER,
                    pnl_per_contract REAL,
                    PRIMARY KEY (symbol, session, decision_ts, tier, ladder_rank, strike, model_version, assumptions_hash));
                """),
        SchemaMigration(identifier: "002_sweeps", sql: """
                CREATE TABLE sweeps (
                    sweep_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, spec_text TEXT NOT NULL,
                    spec_hash TEXT NOT NULL, data_fingerprint TEXT NOT NULL, code_version TEXT NOT NULL,
                    status TEXT NOT NULL, cells INTEGER NOT NULL, shards INTEGER NOT NULL, first_session TEXT NOT NULL,
                    last_session TEXT NOT NULL, sessions INTEGER NOT NULL);
                CREATE INDEX sweeps_by_name ON sweeps(name);
                CREATE TABLE sweep_shards (
                    sweep_id INTEGER NOT NULL REFERENCES sweeps(sweep_id), shard_index INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('complete')), partial TEXT NOT NULL,
                    PRIMARY KEY (sweep_id, shard_index));
                CREATE TABLE sweep_cells (
                    sweep_id INTEGER NOT NULL REFERENCES sweeps(sweep_id), cell_index INTEGER NOT NULL,
                    model_setting TEXT NOT NULL, decision_time TEXT NOT NULL, tier REAL NOT NULL, fill TEXT NOT NULL,
                    gate TEXT NOT NULL, exit_rule TEXT NOT NULL, trades INTEGER NOT NULL, wins INTEGER NOT NULL, win_rate REAL,
                    total_pnl REAL NOT NULL, mean_pnl REAL, std_pnl REAL, sharpe REAL, max_drawdown REAL NOT NULL, cvar5 REAL,
                    worst_trade REAL, breaches INTEGER NOT NULL, breach_rate REAL, breach_ci_low REAL, breach_ci_high REAL,
                    tier_held INTEGER NOT NULL, brier REAL, ece REAL, skips_json TEXT NOT NULL, metrics_json TEXT NOT NULL,
                    PRIMARY KEY (sweep_id, cell_index));
                CREATE TABLE sweep_daily_pnl (
                    sweep_id INTEGER NOT NULL REFERENCES sweeps(sweep_id), cell_index INTEGER NOT NULL, session TEXT NOT NULL,
                    pnl REAL NOT NULL, PRIMARY KEY (sweep_id, cell_index, session));
                """),
        // Whole records beside the queryable columns, for exact read-back by the dashboard.
        SchemaMigration(identifier: "003_record_json", sql: """
                ALTER TABLE summaries ADD COLUMN metrics_json TEXT;
                ALTER TABLE trades ADD COLUMN trade_json TEXT;
                ALTER TABLE ladders ADD COLUMN ladder_json TEXT;
                ALTER TABLE calibration ADD COLUMN metrics_json TEXT;
                """),
        // One row per charted cell (dates and P&L as JSON arrays) instead of one per cell-session:
        // writing 60 cells × 5,000 sessions as rows took seconds.
        SchemaMigration(identifier: "004_daily_pnl_series", sql: """
                CREATE TABLE sweep_daily_pnl_series (
                    sweep_id INTEGER NOT NULL REFERENCES sweeps(sweep_id), cell_index INTEGER NOT NULL,
                    sessions_json TEXT NOT NULL, pnl_json TEXT NOT NULL, PRIMARY KEY (sweep_id, cell_index));
                DROP TABLE sweep_daily_pnl;
                """),
        SchemaMigration(identifier: "005_sweep_claims", sql: """
            CREATE TABLE sweep_claims (
                sweep_id INTEGER NOT NULL REFERENCES sweeps(sweep_id), shard_index INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'complete')), owner TEXT, heartbeat_at REAL,
                claims INTEGER NOT NULL, PRIMARY KEY (sweep_id, shard_index));
            """),
    ]
}
