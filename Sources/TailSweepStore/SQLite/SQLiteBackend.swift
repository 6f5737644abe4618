import Foundation
import GRDB
import GRDBSQLite

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

        /// One single-row statement stepped once per row, each value bound straight from its
        /// `SQLValue`. GRDB's arguments box every value as an existential: a sweep's 2,304 cell
        /// rows (27 columns) took 57–70 ms inside their write transaction that way, 23–33 ms this
        /// way — time the finaliser's other write waits for at the end of a run.
        func upsert(table: String, key: [String], rows: [SQLFields]) throws {
            guard let columns = rows.first?.columns else { return }
            let statement = try db.makeStatement(sql: SQLFields.upsertSQL(table: table, columns: columns, key: key, rows: 1))
            let handle = statement.sqliteStatement
            for row in rows {
                try row.check(columns: columns, table: table)
                sqlite3_reset(handle)
                for (i, value) in row.values.enumerated() {
                    let code = bind(value.sqlValue, at: Int32(i + 1), of: handle)
                    guard code == SQLITE_OK else { throw failure(code, "\(table).\(columns[i])") }
                }
                let code = sqlite3_step(handle)
                guard code == SQLITE_DONE else { throw failure(code, table) }
            }
            sqlite3_reset(handle)
        }

        /// Binds `value` as parameter `index` (from 1); SQLite's result code.
        private func bind(_ value: SQLValue, at index: Int32, of handle: SQLiteStatement) -> Int32 {
            switch value {
            case .null: sqlite3_bind_null(handle, index)
            case .integer(let i): sqlite3_bind_int64(handle, index, i)
            case .real(let d): sqlite3_bind_double(handle, index, d)
            // (A null pointer would bind SQL NULL: empty text and blobs have storage, tested.)
            case .text(var s): s.withUTF8 { sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), Self.copied) }
            case .blob(let b): b.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.copied) }
            }
        }

        /// SQLite's code and message as GRDB's error, which `wrapped` names the file in.
        private func failure(_ code: Int32, _ context: String) -> DatabaseError {
            DatabaseError(resultCode: ResultCode(rawValue: code), message: "\(context): \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
        }

        /// `SQLITE_TRANSIENT` (a C macro Swift does not import): SQLite copies the bytes before the bind returns.
        private static let copied = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

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
