import Foundation
import TailSweepCore

/// The results database — studies, model registry, forward tests and sweep grids — in a SQLite
/// file or a PostgreSQL database. The two back ends share every statement and migration.
///
/// ```swift
/// let store = try ResultDatabase.open("results.sqlite")                        // creates and migrates
/// let shared = try ResultDatabase.open("postgres://sweeper@db.lab:5432/grid")  // same API
/// let reader = try ResultDatabase.open("results.sqlite", readOnly: true)       // the dashboard's
/// ```
///
/// Every write is one transaction of `INSERT … ON CONFLICT DO UPDATE` statements keyed on the
/// natural keys, so a rerun rewrites identical values and adds nothing.
public final class ResultDatabase: ResultStore {
    let backend: any SQLBackend

    /// Where the data lives, for messages (a URL's password is hidden).
    public var location: String { backend.location }

    init(backend: any SQLBackend, readOnly: Bool) throws {
        self.backend = backend
        if !readOnly { try backend.migrate(Schema.migrations) }
    }

    /// Opens `location`: a `postgres://` or `postgresql://` URL, or else a SQLite file path.
    /// Opening for writing applies pending migrations.
    public static func open(_ location: String, readOnly: Bool = false) throws -> ResultDatabase {
        if isPostgres(location) {
            return try ResultDatabase(backend: PostgresBackend(url: location, readOnly: readOnly), readOnly: readOnly)
        }
        return try ResultDatabase(backend: SQLiteBackend(path: location, readOnly: readOnly), readOnly: readOnly)
    }

    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    public func tableCounts() throws -> [String: Int] {
        try backend.read { db in
            var counts: [String: Int] = [:]
            for table in ["studies", "probability_rows", "ladders", "trades", "calibration", "summaries", "models",
                          "registry_events", "forward_snapshots", "sweeps", "sweep_shards", "sweep_cells", "sweep_daily_pnl_series",
                          "sweep_claims"] {
                counts[table] = try db.count("SELECT COUNT(*) FROM \(table)")
            }
            return counts
        }
    }
}
