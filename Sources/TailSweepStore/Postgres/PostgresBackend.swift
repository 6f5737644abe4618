import Foundation

/// The PostgreSQL back end, through libpq: one connection per process, used by one transaction
/// at a time. A transaction that fails because the connection went away (server restart,
/// terminated backend, network) or on a serialisation failure is retried on a new connection
/// with exponential backoff, and each retry is reported on stderr.
final class PostgresBackend: SQLBackend, @unchecked Sendable {
    let url: String
    let location: String
    let readOnly: Bool
    var dialect: SQLDialect { .postgres }
    /// Retry schedule: 0.25 s doubling to 8 s, about 30 s in all before giving up.
    static let retryDelays: [Double] = [0.25, 0.5, 1, 2, 4, 8, 8, 8]

    private let lock = NSLock()
    private var connection: PGConnection?

    init(url: String, readOnly: Bool) throws {
        self.url = url
        self.readOnly = readOnly
        location = Self.redacted(url)
        try withConnection { _ in }
    }

    func write<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try transaction(mode: "BEGIN", body)
    }

    func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try transaction(mode: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    private func transaction<T>(mode: String, _ body: (any SQLExecutor) throws -> T) throws -> T {
        try withConnection { c in
            try c.run(mode)
            do {
                let result = try body(Executor(connection: c))
                try c.run("COMMIT")
                return result
            } catch {
                if c.isHealthy { try? c.run("ROLLBACK") }
                throw error
            }
        }
    }

    /// Migrations under a session advisory lock, so processes starting together apply each
    /// migration exactly once; the log is the `tailsweep_migrations` table.
    func migrate(_ migrations: [SchemaMigration]) throws {
        try withConnection { c in
            try c.run("SELECT pg_advisory_lock(\(Self.migrationLock))")
            defer { if c.isHealthy { try? c.run("SELECT pg_advisory_unlock(\(Self.migrationLock))") } }
            try c.run("CREATE TABLE IF NOT EXISTS tailsweep_migrations (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            let applied = Set(try c.query("SELECT identifier FROM tailsweep_migrations", []).compactMap { try? $0.get("identifier", as: String.self) })
            for m in migrations where !applied.contains(m.identifier) {
                try c.run("BEGIN")
                do {
                    try c.run(SQLDialect.postgres.schema(m.sql))
                    _ = try c.query("INSERT INTO tailsweep_migrations (identifier) VALUES ($1)", [.text(m.identifier)])
                    try c.run("COMMIT")
                } catch {
                    if c.isHealthy { try? c.run("ROLLBACK") }
                    throw error
                }
            }
        }
    }

    /// An arbitrary key for the migration advisory lock ("TailSwp" in ASCII).
    static let migrationLock: Int64 = 0x5461_696C_5377_70

    /// Runs `body` on a live connection, reconnecting and retrying on retryable failures.
    private func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        var attempt = 0
        while true {
            do {
                if connection == nil || !connection!.isHealthy {
                    connection = nil
                    let c = try PGConnection(url: url)
                    if readOnly { try c.run("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY") }
                    connection = c
                }
                return try body(connection!)
            } catch let failure as PGFailure {
                if failure.connectionLost { connection = nil }
                guard failure.retryable, attempt < Self.retryDelays.count else {
                    throw StoreError.database("\(location): \(failure)" + (attempt > 0 ? " (after \(attempt) retries)" : ""))
                }
                let delay = Self.retryDelays[attempt]
                attempt += 1
                FileHandle.standardError.write(Data(
                    "results database \(location): \(failure.connectionLost ? "connection lost" : "transaction aborted") (\(failure)); retrying in \(delay) s (attempt \(attempt) of \(Self.retryDelays.count))\n".utf8))
                Thread.sleep(forTimeInterval: delay)
            }
        }
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }

    struct Executor: SQLExecutor {
        let connection: PGConnection
        var dialect: SQLDialect { .postgres }

        func execute(_ sql: String, _ arguments: [any SQLBindable]) throws {
            _ = try query(sql, arguments)
        }

        func query(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
            try connection.query(Self.numbered(sql), arguments.map(\.sqlValue))
        }

        /// `?` placeholders as `$1`, `$2`, … (outside quoted literals).
        static func numbered(_ sql: String) -> String {
            var out = "", n = 0, quoted = false
            out.reserveCapacity(sql.utf8.count + 16)
            for ch in sql {
                if ch == "'" { quoted.toggle() }
                if ch == "?" && !quoted {
                    n += 1
                    out += "$\(n)"
                } else {
                    out.append(ch)
                }
            }
            return out
        }
    }
}
