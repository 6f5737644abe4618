import Foundation
import Testing
import TailSweepStore

/// `study`, `model` and `forward` through the real binary on generated data, into SQLite and
/// into PostgreSQL.
@Suite(.serialized) struct StudyCLITests {
    final class Workspace {
        let dir = NSTemporaryDirectory() + "tailsweep-study-" + UUID().uuidString
        var data: String { dir + "/data" }
        let db: String
        init(sessions: Int = 150, partialLast: String? = nil, backend: ClaimStoreTests.Backend = .sqlite) throws {
            db = backend == .postgres ? try TestPostgres.freshDatabase("study") : dir + "/results.sqlite"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            var args = ["data", "generate", "--sessions", "\(sessions)", "--seed", "5", "--out", data]
            if let partialLast { args += ["--partial-last-session", partialLast] }
            let r = try TailSweepProcess.run(args)
            guard r.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
        }
        deinit { try? FileManager.default.removeItem(atPath: dir) }
        func run(_ args: [String]) throws -> TailSweepProcess.Result { try TailSweepProcess.run(args) }
        func json(_ args: [String]) throws -> [String: Any] {
            let r = try run(args)
            guard r.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
            return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        }
    }

    static let studyArgs = ["--strikes=-0.005,-0.01,-0.015,-0.02,-0.03", "--window", "20", "--min-train-sessions", "20"]

    @Test func studyJSONHasEveryTableAndBothExitModes() throws {
        let w = try Workspace()
        let doc = try w.json(["study", "--data", w.data, "--json"] + Self.studyArgs)
        for key in ["disclaimer", "assumptions", "assumptions_hash", "preflight", "probabilities", "ladders", "trades", "calibration", "summary"] {
            #expect(doc[key] != nil, "missing \(key)")
        }
        let probabilities = try #require(doc["probabilities"] as? [[String: Any]])
        #expect(probabilities.count == (150 - 20) * 5)
        for key in ["session", "decision_ts", "moneyness", "p", "ci_low", "ci_high", "alpha", "beta", "n", "breaches", "level"] {
            #expect(probabilities[0][key] != nil, "probability rows lack \(key)")
        }
        let trades = try #require(doc["trades"] as? [[String: Any]])
        #expect(Set(trades.compactMap { $0["exit_mode"] as? String }) == ["hold_to_close", "adaptive_exit"])
        let summary = try #require(doc["summary"] as? [[String: Any]])
        #expect(summary.count == 8)
        let assumptions = try #require(doc["assumptions"] as? [String: Any])
        #expect(assumptions["symbol"] as? String == "SPY" && assumptions["tiers"] as? [Double] == [0.005, 0.01, 0.02, 0.05])
    }

    @Test(arguments: ClaimStoreTests.Backend.enabledCases)
    func rerunningAStudyChangesNoRowCounts(_ backend: ClaimStoreTests.Backend) throws {
        let w = try Workspace(backend: backend)
        let first = try w.run(["study", "--data", w.data, "--db", w.db] + Self.studyArgs)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Not financial advice") && first.stdout.contains("hold_to_close") && first.stdout.contains("adaptive_exit"))
        let before = try ResultDatabase.open(w.db).tableCounts()
        #expect(try w.run(["study", "--data", w.data, "--db", w.db] + Self.studyArgs).status == 0)
        #expect(try ResultDatabase.open(w.db).tableCounts() == before)
        #expect(before["trades"]! > 0 && before["probability_rows"] == 650)
        // A different configuration adds rows under its own assumptions hash.
        #expect(try w.run(["study", "--data", w.data, "--db", w.db, "--gate", "upper"] + Self.studyArgs).status == 0)
        let after = try ResultDatabase.open(w.db).tableCounts()
        #expect(after["studies"] == 2 && after["probability_rows"] == 1300)
    }

    @Test(arguments: ClaimStoreTests.Backend.enabledCases)
    func modelPromoteRollbackAndForwardSnapshotReconcile(_ backend: ClaimStoreTests.Backend) throws {
        let w = try Workspace(backend: backend)
        let sessions = try w.json(["data", "check", w.data, "--json"])
        let last = sessions["last_session"] as! String
        func fit(_ through: String, _ version: String) throws {
            let r = try w.run(["model", "fit", "--data", w.data, "--through", through, "--db", w.db, "--version", version])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let calendar = try w.json(["data", "calendar", "--from", "2005-01-03", "--to", last, "--json"])
        let dates = (calendar["sessions"] as! [[String: Any]]).map { $0["date"] as! String }
        let (early, late, target) = (dates[dates.count - 12], dates[dates.count - 3], dates[dates.count - 2])
        try fit(early, "m1")
        try fit(late, "m2")
        let noActive = try w.run(["forward", "snapshot", "--data", w.data, "--db", w.db, "--session", target])
        #expect(noActive.status != 0 && noActive.stderr.contains("no active model"))
        #expect(try w.run(["model", "promote", "m1", "--db", w.db]).status == 0)
        #expect(try w.run(["model", "promote", "m2", "--db", w.db]).status == 0)
        var list = try w.json(["model", "list", "--db", w.db, "--json"])["models"] as! [[String: Any]]
        #expect(list.map { $0["status"] as! String } == ["retired", "active"])
        #expect(list.allSatisfy { $0["model_version"] != nil && $0["trained_through_session"] != nil })
        #expect(try w.run(["model", "rollback", "--db", w.db]).stdout.contains("m1"))
        list = try w.json(["model", "list", "--db", w.db, "--json"])["models"] as! [[String: Any]]
        #expect(list.map { $0["status"] as! String } == ["active", "retired"])
        let emptyRollback = try w.run(["model", "rollback", "--db", w.db])
        #expect(emptyRollback.status != 0 && emptyRollback.stderr.contains("no previously active model"))
        // m1 is 10 sessions old: stale with a tighter limit, fine with the default.
        let stale = try w.run(["forward", "snapshot", "--data", w.data, "--db", w.db, "--session", target, "--max-stale-sessions", "5"])
        #expect(stale.status != 0 && stale.stderr.contains("stale"))
        #expect(try w.run(["model", "promote", "m2", "--db", w.db]).status == 0)
        let lookahead = try w.run(["forward", "snapshot", "--data", w.data, "--db", w.db, "--session", late])
        #expect(lookahead.status != 0 && lookahead.stderr.contains("not before"))
        let snap = try w.json(["forward", "snapshot", "--data", w.data, "--db", w.db, "--session", target, "--json", "--tiers", "0.1,0.2,0.5"])
        let rows = snap["rows"] as! [[String: Any]]
        #expect(!rows.isEmpty && rows.allSatisfy { $0["status"] as? String == "pending_close" })
        #expect(Set(rows.map { $0["ladder_rank"] as! Int }).count > 1, "every ladder rank survives")
        let count = try ResultDatabase.open(w.db).tableCounts()["forward_snapshots"]!
        #expect(count == rows.count)
        _ = try w.run(["forward", "snapshot", "--data", w.data, "--db", w.db, "--session", target, "--tiers", "0.1,0.2,0.5"])
        #expect(try ResultDatabase.open(w.db).tableCounts()["forward_snapshots"] == count)
        let reconciled = try w.json(["forward", "reconcile", "--data", w.data, "--db", w.db, "--json"])
        #expect(reconciled["finalized"] as? Int == count && reconciled["pending"] as? Int == 0)
        #expect(try ResultDatabase.open(w.db).forwardRows().allSatisfy { $0.status == .finalized && $0.closePrice != nil })
    }

    @Test func anIncompleteFinalSessionStaysPending() throws {
        let w = try Workspace(partialLast: "12:00")
        let last = try w.json(["data", "check", w.data, "--json"])["last_session"] as! String
        let dates = (try w.json(["data", "calendar", "--from", "2005-01-03", "--to", last, "--json"])["sessions"] as! [[String: Any]]).map { $0["date"] as! String }
        #expect(try w.run(["model", "fit", "--data", w.data, "--through", dates[dates.count - 2], "--db", w.db, "--version", "live"]).status == 0)
        #expect(try w.run(["model", "promote", "live", "--db", w.db]).status == 0)
        let snap = try w.run(["forward", "snapshot", "--data", w.data, "--db", w.db, "--session", last])
        #expect(snap.status == 0, "\(snap.stderr)")
        let reconciled = try w.json(["forward", "reconcile", "--data", w.data, "--db", w.db, "--json"])
        #expect(reconciled["finalized"] as? Int == 0 && (reconciled["pending"] as? Int ?? 0) > 0)
        #expect(reconciled["pending_sessions"] as? [String] == [last])
    }
}

@Suite struct LogisticCLITests {
    @Test func studyAndModelsWorkForTheLogisticFamily() throws {
        let w = try StudyCLITests.Workspace(sessions: 120)
        let doc = try w.json(["study", "--data", w.data, "--json", "--model", "logistic", "--min-train-sessions", "40"])
        let rows = try #require(doc["probabilities"] as? [[String: Any]])
        #expect(!rows.isEmpty && rows.allSatisfy { $0["level"] as? String == "logistic" })
        let assumptions = try #require(doc["assumptions"] as? [String: Any])
        #expect("\(assumptions["model"] ?? "")".contains("logistic"))
        let bad = try w.run(["study", "--data", w.data, "--model", "forest"])
        #expect(bad.status != 0 && bad.stderr.contains("--model must be bucket or logistic"))
        let dates = (try w.json(["data", "calendar", "--from", "2005-01-03", "--to", "2005-06-30", "--json"])["sessions"] as! [[String: Any]]).map { $0["date"] as! String }
        #expect(try w.run(["model", "fit", "--data", w.data, "--through", dates[100], "--db", w.db, "--model", "logistic", "--version", "lg"]).status == 0)
        #expect(try w.run(["model", "promote", "lg", "--db", w.db]).status == 0)
        let snap = try w.run(["forward", "snapshot", "--data", w.data, "--db", w.db, "--session", dates[101], "--tiers", "0.1,0.2,0.5"])
        #expect(snap.status == 0 && snap.stdout.contains("from model lg"), "\(snap.stderr)")
        let list = try w.json(["model", "list", "--db", w.db, "--json"])["models"] as! [[String: Any]]
        #expect(list.first?["family"] as? String == "logistic")
    }
}
