import Foundation

/// What differs between the SQLite and PostgreSQL back ends, as SQL text. Statements are written
/// once with `?` placeholders and SQLite's type names; PostgreSQL rewrites both.
enum SQLDialect: Sendable {
    case sqlite, postgres

    /// Schema text for this back end: PostgreSQL's REAL is single precision and its INTEGER 32-bit,
    /// so they become DOUBLE PRECISION and BIGINT; AUTOINCREMENT keys become BIGSERIAL, BLOB BYTEA.
    func schema(_ sql: String) -> String {
        guard self == .postgres else { return sql }
        var s = sql.replacingOccurrences(of: "INTEGER PRIMARY KEY AUTOINCREMENT", with: "BIGSERIAL PRIMARY KEY")
        for (from, to) in [("REAL", "DOUBLE PRECISION"), ("INTEGER", "BIGINT"), ("BLOB", "BYTEA")] {
            s = s.replacingOccurrences(of: "\\b\(from)\\b", with: to, options: .regularExpression)
        }
        return s
    }

    /// The database server's clock as Unix seconds (claims and heartbeats use the server's clock,
    /// so the nodes' clocks never matter).
    var now: String {
        switch self {
        case .sqlite: return "((julianday('now') - 2440587.5) * 86400.0)"
        case .postgres: return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION)"
        }
    }

    /// Row locking for a claim: PostgreSQL skips rows another transaction holds; SQLite's write
    /// transactions are already exclusive.
    var skipLocked: String { self == .postgres ? " FOR UPDATE SKIP LOCKED" : "" }
}

/// Statements inside one transaction of a back end.
protocol SQLExecutor {
    var dialect: SQLDialect { get }
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws
    func query(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow]
    /// Inserts `rows` into `table`, updating the rows whose `key` columns match (an extension
    /// method below; SQLite has its own).
    func upsert(table: String, key: [String], rows: [SQLFields]) throws
}

extension SQLExecutor {
    func execute(_ sql: String) throws { try execute(sql, []) }
    func query(_ sql: String) throws -> [SQLRow] { try query(sql, []) }

    /// Makes the rest of the transaction exclusive against other writers of `table` (SQLite's
    /// write transactions already are).
    func lock(_ table: String) throws {
        if dialect == .postgres { try execute("LOCK TABLE \(table) IN SHARE ROW EXCLUSIVE MODE") }
    }

    func count(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int {
        try query(sql, arguments).first?.values.first.flatMap(Int.read) ?? 0
    }

    /// Batched multi-row `INSERT … ON CONFLICT (key) DO UPDATE SET …` (DO NOTHING when every column
    /// is in the key). Every row must have the same columns in the same order.
    func upsert(table: String, key: [String], rows: [SQLFields]) throws {
        guard let first = rows.first else { return }
        let columns = first.columns
        // Both back ends cap the parameters of one statement (SQLite 32,766, PostgreSQL 65,535).
        let perStatement = max(1, min(500, 30_000 / columns.count))
        var start = 0
        while start < rows.count {
            let batch = rows[start..<min(rows.count, start + perStatement)]
            var arguments: [any SQLBindable] = []
            arguments.reserveCapacity(batch.count * columns.count)
            for row in batch {
                try row.check(columns: columns, table: table)
                arguments.append(contentsOf: row.values)
            }
            try execute(SQLFields.upsertSQL(table: table, columns: columns, key: key, rows: batch.count), arguments)
            start += batch.count
        }
    }
}

/// A results database connection: transactions and the migration log.
protocol SQLBackend: Sendable {
    var dialect: SQLDialect { get }
    /// Where the data lives, for messages (a file path, or a URL without its password).
    var location: String { get }
    /// One write transaction; the body may run again after a lost connection, so it must be
    /// idempotent (every write of the store is an upsert or guarded by a read in the same transaction).
    func write<T>(_ body: (any SQLExecutor) throws -> T) throws -> T
    /// One consistent read.
    func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T
    /// Applies the schema migrations not yet applied, once, even with several processes starting together.
    func migrate(_ migrations: [SchemaMigration]) throws
}
