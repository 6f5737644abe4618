import Foundation
import GRDB

/// The SQLite back end (one file), through GRDB. Write transactions are IMMEDIATE, so several
/// processes sharing one file (sharded or claiming sweeps) serialise their writes and wait for
/// the lock instead of failing.
final class SQLiteBackend: SQLBackend {
    let queue: DatabaseQueue
    let location: String
    var dialect: SQLDialect { .sqlite }

    init(path: String, readOnly: Bool) throws {
        var config = Configuration()
        config.readonly = readOnly
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(30)
        location = path
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw StoreError.database("cannot open \(path): \(error)")
        }
    }

    func write<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        var result: T?
        try wrapped {
            try queue.inTransaction(.immediate) { db in
                result = try body(Executor(db: db))
                return .commit
            }
        }
        return result!
    }

    func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try wrapped { try queue.read { db in try body(Executor(db: db)) } }
    }

    /// GRDB's migrator with the shared migrations, so existing files keep their migration log.
    /// Two processes opening a new file at once can race on that log; the loser sees the
    /// winner's schema on a retry.
    func migrate(_ migrations: [SchemaMigration]) throws {
        var migrator = DatabaseMigrator()
        for m in migrations {
            migrator.registerMigration(m.identifier) { db in try db.execute(sql: SQLDialect.sqlite.schema(m.sql)) }
        }
        var attempt = 0
        while true {
            do {
                return try wrapped { try migrator.migrate(queue) }
            } catch {
                attempt += 1
                if attempt >= 5 { throw error }
                usleep(useconds_t(100_000 * attempt))
            }
        }
    }

    /// SQLite errors as store errors naming the file; store errors pass through.
    private func wrapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError.database("\(location): \(error.message ?? error.description)")
        }
    }

    struct Executor: SQLExecutor {
        let db: Database
        var dialect: SQLDialect { .sqlite }

        func execute(_ sql: String, _ arguments: [any SQLBindable]) throws {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        }

        func query(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
            let statement = try db.cachedStatement(sql: sql)
            let columns = statement.columnNames
            return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { row in
                SQLRow(columns: columns, values: row.databaseValues.map(Self.value))
            }
        }

        /// As optional existentials: GRDB's initialiser for those converts each with one witness
        /// call, where its initialiser for a sequence of one type projects a key path per value,
        /// unspecialised across the module boundary (the conversion of a sweep's cell rows: a
        /// fifth less time this way).
        static func arguments(_ values: [any SQLBindable]) -> StatementArguments {
            StatementArguments(values.map { v -> (any DatabaseValueConvertible)? in
                switch v.sqlValue {
                case .null: return nil
                case .integer(let i): return i
                case .real(let d): return d
                case .text(let s): return s
                case .blob(let b): return Data(b)
                }
            })
        }

        static func value(_ v: DatabaseValue) -> SQLValue {
            switch v.storage {
            case .null: return .null
            case .int64(let i): return .integer(i)
            case .double(let d): return .real(d)
            case .string(let s): return .text(s)
            case .blob(let d): return .blob(Array(d))
            }
        }
    }
}
