import Foundation
import Testing
import TailSweepStore

/// Sweeps through the real binary: determinism across workers and shards, kill and resume,
/// refusal of a changed spec.
@Suite(.serialized) struct SweepCLITests {
    static let spec = """
    name = "cli"
    [grid]
    decision_times = ["10:30", "13:00"]
    tiers = [0.01, 0.05]
    fills = ["bid", "mid"]
    gates = ["mean", "upper"]
    exits = ["hold", "tp"]
    [exits.tp]
    capture = 0.5
    stop_multiple = 2.0
    [model]
    min_train_sessions = 40
    [output]
    min_trades = 5
    [engine]
    cells_per_shard = 2
    """

    final class Workspace {
        let dir = NSTemporaryDirectory() + "tailsweep-sweep-" + UUID().uuidString
        var data: String { dir + "/data" }
        var specPath: String { dir + "/cli.toml" }
        init(sessions: Int = 160, spec: String = SweepCLITests.spec) throws {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try spec.write(toFile: specPath, atomically: true, encoding: .utf8)
            let r = try TailSweepProcess.run(["data", "generate", "--sessions", "\(sessions)", "--seed", "4", "--out", data])
            guard r.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
        }
        deinit { try? FileManager.default.removeItem(atPath: dir) }
        func db(_ name: String) -> String { dir + "/" + name + ".sqlite" }
        func sweep(_ db: String, _ extra: [String] = []) throws -> TailSweepProcess.Result {
            try TailSweepProcess.run(["sweep", "run", specPath, "--data", data, "--db", db] + extra)
        }
        func summary(_ db: String) throws -> String {
            let r = try TailSweepProcess.run(["summarize", "--db", db, "--json", "--top", "5", "--min-trades", "5"])
            guard r.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
            return r.stdout
        }
    }

    @Test func summariesAreByteIdenticalForAnyWorkerCountAndShardSplit() throws {
        let w = try Workspace()
        var outputs: [String] = []
        for workers in [1, 2, 4] {
            let db = w.db("workers\(workers)")
            let r = try w.sweep(db, ["--workers", "\(workers)"])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try w.summary(db))
        }
        // One shard a batch instead of all 16 in one.
        let small = w.db("one-shard-batches")
        #expect(try w.sweep(small, ["--workers", "2", "--batch-cell-sessions", "1"]).status == 0)
        outputs.append(try w.summary(small))
        // Two processes at once, one per half of the shards, into one database.
        let shared = w.db("sharded")
        let first = Process(), second = Process()
        for (p, k) in [(first, "1/2"), (second, "2/2")] {
            p.executableURL = try TailSweepProcess.executable
            p.arguments = ["sweep", "run", w.specPath, "--data", w.data, "--db", shared, "--shard", k]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
        }
        first.waitUntilExit(); second.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
        // Whichever finished last finalised; make sure and compare.
        _ = try w.sweep(shared)
        outputs.append(try w.summary(shared))
        #expect(Set(outputs).count == 1, "summaries differ across worker counts or shard splits")
        #expect(outputs[0].contains("\"tiers\"") && outputs[0].contains("\"best\"") && outputs[0].contains("disclaimer"))
        let counts = try ResultDatabase.open(shared).tableCounts()
        #expect(counts["sweeps"] == 1 && counts["sweep_cells"] == 32 && counts["sweep_shards"] == 16)
        // Charted daily P&L: kept from the shards in one process, partly re-simulated when the
        // shards ran in two — the same series either way.
        let single = try ResultDatabase.open(w.db("workers2")), split = try ResultDatabase.open(shared)
        let a = try #require(try single.sweeps().first), b = try #require(try split.sweeps().first)
        var charted = 0
        for cell in 0..<32 {
            let x = try single.dailyPnL(sweepId: a.sweepId, cell: cell), y = try split.dailyPnL(sweepId: b.sweepId, cell: cell)
            #expect(x.map(\.pnl) == y.map(\.pnl) && x.map(\.session) == y.map(\.session), "cell \(cell)")
            if !x.isEmpty { charted += 1 }
        }
        #expect(charted >= 2 && counts["sweep_daily_pnl_series"] == charted)
    }

    /// A one-worker `sweep run` into `db` in the background, in batches of 6 shards (2 cells × 400
    /// sessions each), returned once it has committed at least `shards` shards (or stopped, or a
    /// minute passed).
    func sweepCommitting(_ shards: Int, _ w: Workspace, _ db: String) throws -> BackgroundTailSweep {
        let run = try BackgroundTailSweep(["sweep", "run", w.specPath, "--data", w.data, "--db", db, "--workers", "1",
                                           "--batch-cell-sessions", "\(6 * 2 * 400)"])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && run.process.isRunning
            && ((try? ResultDatabase.open(db, readOnly: true).tableCounts()["sweep_shards"]) ?? 0) < shards {
            usleep(10_000)
        }
        return run
    }

    @Test func aKilledSweepResumesWithoutDuplicates() throws {
        let w = try Workspace(sessions: 400)
        let reference = w.db("reference")
        #expect(try w.sweep(reference, ["--workers", "1"]).status == 0)
        let killed = w.db("killed")
        let run = try sweepCommitting(3, w, killed)
        kill(run.process.processIdentifier, SIGKILL)
        _ = run.wait()
        let afterKill = try ResultDatabase.open(killed).tableCounts()
        #expect(afterKill["sweep_shards"]! >= 3 && afterKill["sweep_shards"]! < 16, "kill landed at \(afterKill["sweep_shards"]!) shards")
        #expect(afterKill["sweep_cells"] == 0)
        let status = try TailSweepProcess.run(["sweep", "status", "--db", killed, "--json"])
        #expect(status.stdout.contains("\"completed_shards\":\(afterKill["sweep_shards"]!)"))
        let resumed = try w.sweep(killed, ["--workers", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("ran \(16 - afterKill["sweep_shards"]!) shard(s)"))
        let counts = try ResultDatabase.open(killed).tableCounts()
        #expect(counts["sweeps"] == 1 && counts["sweep_shards"] == 16 && counts["sweep_cells"] == 32)
        #expect(try w.summary(killed) == w.summary(reference))
    }

    @Test func ctrlCStopsAfterTheShardsInFlightAndTheRunResumes() throws {
        let w = try Workspace(sessions: 400)
        let reference = w.db("reference")
        #expect(try w.sweep(reference, ["--workers", "1"]).status == 0)
        let db = w.db("interrupted")
        let run = try sweepCommitting(1, w, db)
        kill(run.process.processIdentifier, SIGINT)
        let result = run.wait()
        // 16 shards in batches of 6 on one worker: the batch in flight (and at most the next one,
        // if it had started) is committed, then the run stops with 130 and nothing finalised.
        let counts = try ResultDatabase.open(db).tableCounts()
        #expect(result.status == 130, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("interrupt: finishing the shards in flight"))
        #expect(result.stdout.contains("Interrupted: rerun the same command") && result.stdout.contains("Not financial advice"))
        #expect([6, 12].contains(counts["sweep_shards"]!) && counts["sweep_cells"] == 0, "\(counts)")
        let resumed = try w.sweep(db, ["--workers", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("ran \(16 - counts["sweep_shards"]!) shard(s)"))
        #expect(try w.summary(db) == w.summary(reference))
    }

    @Test func aChangedSpecUnderTheSameNameIsRefusedUnlessNew() throws {
        let w = try Workspace(sessions: 120)
        let db = w.db("refuse")
        #expect(try w.sweep(db).status == 0)
        try Self.spec.replacingOccurrences(of: "tiers = [0.01, 0.05]", with: "tiers = [0.02, 0.05]")
            .write(toFile: w.specPath, atomically: true, encoding: .utf8)
        let refused = try w.sweep(db)
        #expect(refused.status != 0 && refused.stderr.contains("different spec") && refused.stderr.contains("--new"))
        let noBatch = try w.sweep(db, ["--batch-cell-sessions", "0"])
        #expect(noBatch.status != 0 && noBatch.stderr.contains("--batch-cell-sessions must be at least 1"))
        let fresh = try w.sweep(db, ["--new"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(try ResultDatabase.open(db).tableCounts()["sweeps"] == 2)
        let badFile = w.dir + "/bad.toml"
        try "name = \"x\"\n[grid]\ntiers = [2]\n".write(toFile: badFile, atomically: true, encoding: .utf8)
        let bad = try TailSweepProcess.run(["sweep", "run", badFile, "--data", w.data, "--db", db])
        #expect(bad.status != 0 && bad.stderr.contains("bad.toml:line 3") && bad.stderr.contains("grid.tiers"))
    }
}
