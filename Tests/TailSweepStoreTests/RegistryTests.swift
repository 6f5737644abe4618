import Foundation
import Testing
import TailSweepCore
@testable import TailSweepStore

@Suite struct RegistryTests {
    static func store() throws -> (ResultDatabase, String) {
        let path = NSTemporaryDirectory() + "tailsweep-store-" + UUID().uuidString + ".sqlite"
        return (try ResultDatabase.open(path), path)
    }

    static func model(_ v: String, through: String, bytes: [UInt8] = [1, 2, 3]) throws -> StoredModel {
        StoredModel(modelVersion: v, family: "bucket", trainedThroughSession: try CivilDate(parsing: through), dataFingerprint: "f",
                    assumptionsHash: "h", status: .registered, artifact: bytes)
    }

    @Test func promoteAndRollbackFollowTheLog() throws {
        let (store, path) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try store.activeModel() == nil)
        for (v, d) in [("a", "2024-01-31"), ("b", "2024-02-29"), ("c", "2024-03-28")] { try store.registerModel(try Self.model(v, through: d)) }
        try store.registerModel(try Self.model("a", through: "2024-01-31"))       // same contents: a no-op
        #expect(throws: StoreError.duplicateModel("a")) { try store.registerModel(try Self.model("a", through: "2024-01-31", bytes: [9])) }
        #expect(throws: StoreError.unknownModel("zzz")) { try store.promote(modelVersion: "zzz") }
        #expect(throws: StoreError.nothingToRollBack) { try store.rollback() }
        try store.promote(modelVersion: "a")
        try store.promote(modelVersion: "b")
        try store.promote(modelVersion: "b")                                       // idempotent
        try store.promote(modelVersion: "c")
        #expect(try store.activeModel()?.modelVersion == "c")
        #expect(try store.rollback() == "b")
        #expect(try store.rollback() == "a")
        #expect(throws: StoreError.nothingToRollBack) { try store.rollback() }
        let status = Dictionary(uniqueKeysWithValues: try store.models().map { ($0.modelVersion, $0.status) })
        #expect(status == ["a": .active, "b": .retired, "c": .retired])
        #expect(try store.tableCounts()["registry_events"] == 5)
    }

    @Test func forwardUpsertsKeepEveryRankAndNeverDuplicate() throws {
        let (store, path) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let date = try CivilDate(parsing: "2024-06-03")
        let ts = Timestamp(iso8601: "2024-06-03T14:30:00Z")!
        let rows = (1...3).map { rank in
            ForwardRow(symbol: "SPY", session: date, decisionTs: ts, tier: 0.01, ladderRank: rank, strike: 530 - Double(rank),
                       modelVersion: "m", assumptionsHash: "h", moneyness: -0.01 * Double(rank), p: 0.004, ciLow: 0.001, ciHigh: .nan,
                       premium: 0.12, premiumSource: .quotes, quoteQuality: .good, expectedValue: 5, status: .pendingClose)
        }
        try store.upsertForward(rows)
        try store.upsertForward(rows)
        // NaN never equals itself, so compare everything but the NaN bound.
        #expect(try store.forwardRows().map { var r = $0; r.ciHigh = 0; return r } == rows.map { var r = $0; r.ciHigh = 0; return r })
        #expect(try store.forwardRows().count == 3)
        var done = rows[1]
        done.status = .finalized
        done.closePrice = 531
        done.breached = false
        try store.upsertForward([done])
        let stored = try store.forwardRows()
        #expect(stored.count == 3 && stored[1].status == .finalized && stored[1].closePrice == 531 && stored[0].status == .pendingClose)
        #expect(stored[0].ciHigh.isNaN && stored[0].ladderRank == 1)
    }
    @Test func upsertsWriteAndUpdateEveryRowAndRefuseRowsOfOtherColumns() throws {
        let (store, path) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try store.backend.write { db in try db.execute("CREATE TABLE scratch (k INTEGER PRIMARY KEY, a TEXT, b REAL)") }
        func rows(_ keys: Range<Int>, _ tag: String) -> [SQLFields] { keys.map { ["k": $0, "a": "\(tag)\($0)", "b": Double($0) / 4] } }
        func table() throws -> [SQLRow] { try store.backend.read { db in try db.query("SELECT k, a, b FROM scratch ORDER BY k") } }
        // More rows than one statement holds, then an overlapping batch that updates.
        try store.backend.write { db in try db.upsert(table: "scratch", key: ["k"], rows: rows(0..<1_234, "x")) }
        try store.backend.write { db in try db.upsert(table: "scratch", key: ["k"], rows: rows(1_000..<1_300, "y")) }
        let stored = try table()
        #expect(stored.count == 1_300)
        for (i, row) in stored.enumerated() {
            #expect(try row.get("k") as Int == i && row.get("a") as String == (i < 1_000 ? "x\(i)" : "y\(i)") && row.get("b") as Double == Double(i) / 4)
        }
        // A row listing its columns in another order is refused, and its transaction writes nothing.
        let reordered: SQLFields = ["k": 5_000, "b": 1.0, "a": "z"]
        #expect(throws: StoreError.self) {
            try store.backend.write { db in try db.upsert(table: "scratch", key: ["k"], rows: rows(4_000..<4_002, "z") + [reordered]) }
        }
        #expect(try table().count == 1_300)
    }

    /// SQLite's upsert binds values itself, one row a statement; the other back end's batched
    /// statements (the protocol's own upsert, run here on SQLite through an executor that has no
    /// upsert of its own) must store the same values — both read back as written.
    @Test func upsertsStoreEveryKindOfValueAsWrittenWhicheverWayTheyBind() throws {
        struct Batched: SQLExecutor {
            let base: any SQLExecutor
            var dialect: SQLDialect { base.dialect }
            func execute(_ sql: String, _ arguments: [any SQLBindable]) throws { try base.execute(sql, arguments) }
            func query(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] { try base.query(sql, arguments) }
        }
        let (store, path) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let values: [[SQLValue]] = [
            [.text(""), .real(-0.0), .integer(.max), .blob([0, 255, 1])],
            [.text("{\"quoted\": \"a\\nb\"}\n\ttab"), .real(.leastNonzeroMagnitude), .integer(.min), .blob([])],
            [.text("é 漢字 🙂"), .real(.greatestFiniteMagnitude), .integer(0), .blob(Array(repeating: 7, count: 5_000))],
            [.null, .real(0.1 + 0.2), .null, .blob([42])],
            [.text(String(repeating: "x", count: 20_000)), .null, .integer(-1), .null],
        ]
        let rows: [SQLFields] = values.enumerated().map { k, v in ["k": k, "t": v[0], "r": v[1], "i": v[2], "b": v[3]] }
        for table in ["direct", "batched"] {
            try store.backend.write { db in try db.execute("CREATE TABLE \(table) (k INTEGER PRIMARY KEY, t TEXT, r REAL, i INTEGER, b BLOB)") }
            try store.backend.write { db in
                let executor: any SQLExecutor = table == "direct" ? db : Batched(base: db)
                try executor.upsert(table: table, key: ["k"], rows: [["k": 0, "t": "old", "r": 1.0, "i": 1, "b": SQLValue.null]] + rows)
            }
            let stored = try store.backend.read { db in try db.query("SELECT t, r, i, b FROM \(table) ORDER BY k") }
            #expect(stored.count == values.count, "\(table)")
            for (row, written) in zip(stored, values) {
                #expect(row.values == written, "\(table): \(written.map { "\($0)".prefix(40) })")
            }
        }
        // A row SQLite refuses fails the write, naming the file and the table.
        try store.backend.write { db in try db.execute("CREATE TABLE strict (k INTEGER PRIMARY KEY, t TEXT NOT NULL)") }
        do {
            try store.backend.write { db in try db.upsert(table: "strict", key: ["k"], rows: [["k": 1, "t": "a"], ["k": 2, "t": SQLValue.null]]) }
            Issue.record("a NULL in a NOT NULL column was stored")
        } catch let error as StoreError {
            #expect("\(error)".contains(path) && "\(error)".contains("strict") && "\(error)".contains("NOT NULL"), "\(error)")
        }
        #expect(try store.backend.read { db in try db.count("SELECT COUNT(*) FROM strict") } == 0)
    }
}
