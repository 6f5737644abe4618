import Foundation
import Testing
import TailSweepCore
@testable import TailSweepStore

/// Sweeps into a real PostgreSQL on loopback: concurrent static shards, dynamic claiming with a
/// killed process, a migration race, dropped connections and copying between back ends. Every
/// summary is compared with a single-process SQLite run of the same spec and data.
@Suite(.serialized, .enabled(if: TestPostgres.enabled)) struct PostgresCLITests {
    typealias Workspace = SweepCLITests.Workspace

    /// Generated data, the single-process SQLite reference run on it, and a fresh PostgreSQL database.
    func setUp(sessions: Int, database prefix: String) throws -> (w: Workspace, reference: String, url: String) {
        let w = try Workspace(sessions: sessions)
        let reference = w.db("reference")
        #expect(try w.sweep(reference).status == 0)
        return (w, reference, try TestPostgres.freshDatabase(prefix))
    }

    func sweepArguments(_ w: Workspace, _ db: String, _ extra: [String]) -> [String] {
        ["sweep", "run", w.specPath, "--data", w.data, "--db", db, "--workers", "1"] + extra
    }

    @Test func fourStaticShardProcessesIntoPostgresEqualOneSQLiteProcess() throws {
        let (w, reference, url) = try setUp(sessions: 240, database: "shards")
        let runs = try (1...4).map { try BackgroundTailSweep(sweepArguments(w, url, ["--shard", "\($0)/4"])) }
        let results = runs.map { $0.wait() }
        for r in results { #expect(r.status == 0, "\(r.stderr)") }
        // Whichever process committed the last shard saw every shard and finalised.
        #expect(results.contains { $0.stdout.contains("Finalised") })
        #expect(try w.summary(url) == w.summary(reference))
        let counts = try ResultDatabase.open(url).tableCounts()
        #expect(counts["sweeps"] == 1 && counts["sweep_shards"] == 16 && counts["sweep_cells"] == 32)
    }

    /// The Kubernetes manifest's own command, one process per completion index with
    /// JOB_COMPLETION_INDEX set as Kubernetes sets it (no cluster here), container paths mapped.
    @Test func theKubernetesIndexedJobCommandCoversEveryShardOnce() throws {
        let manifest = try String(contentsOf: TailSweepProcess.repositoryRoot.appendingPathComponent("deploy/k8s-sweep-job.yaml"), encoding: .utf8)
        let lines = manifest.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let completions = try #require(lines.first { $0.hasPrefix("completions:") }.flatMap { Int($0.dropFirst(12).trimmingCharacters(in: .whitespaces)) })
        let argsLine = try #require(lines.first { $0.hasPrefix("args:") })
        let args = try #require(try JSONSerialization.jsonObject(with: Data(argsLine.dropFirst(5).utf8)) as? [String])
        #expect(args.contains("--shard-count") && args[args.firstIndex(of: "--shard-count")! + 1] == "\(completions)")
        let (w, reference, url) = try setUp(sessions: 240, database: "k8s")
        let mapped = args.map { ["/config/sweep.toml": w.specPath, "/data": w.data, "$(TAILSWEEP_DB)": url][$0] ?? $0 }
        let pods = try (0..<completions).map { try BackgroundTailSweep(mapped, environment: ["JOB_COMPLETION_INDEX": "\($0)"]) }
        for r in pods.map({ $0.wait() }) { #expect(r.status == 0, "\(r.stderr)") }
        #expect(try w.summary(url) == w.summary(reference))
        #expect(try ResultDatabase.open(url).tableCounts()["sweep_shards"] == 16)
    }

    @Test func claimingProcessesRedoAKilledProcessesShardExactlyOnce() throws {
        let (w, reference, url) = try setUp(sessions: 400, database: "claims")
        let timeout = "3"
        let victim = try BackgroundTailSweep(sweepArguments(w, url, ["--claim", "--claim-timeout", timeout]))
        let owner = "%:\(victim.process.processIdentifier):%"
        let held = "SELECT shard_index FROM sweep_claims WHERE state = 'claimed' AND owner LIKE '\(owner)' ORDER BY 1"
        let deadline = Date().addingTimeInterval(120)
        // The victim claims first and is killed the moment it holds a shard, with most of the
        // sweep to go (polled on an open connection: a shard's batch takes the victim only tens
        // of milliseconds); the survivors start after the kill and must take its claims over.
        let watcher = try ResultDatabase.open(url)
        func holds() -> Bool { ((try? watcher.backend.read { try $0.query(held).count }) ?? 0) > 0 }
        while Date() < deadline && victim.process.isRunning && !holds() { usleep(1_000) }
        kill(victim.process.processIdentifier, SIGKILL)
        _ = victim.wait()
        let survivors = try (0..<2).map { _ in try BackgroundTailSweep(sweepArguments(w, url, ["--claim", "--claim-timeout", timeout])) }
        // Nobody can take the claim over for `timeout` seconds, so this is what the victim held.
        let lost = try TestPostgres.psql(url, held).split(separator: "\n").compactMap { Int($0) }
        #expect(!lost.isEmpty, "the victim held no shard when it was killed")
        let results = survivors.map { $0.wait() }
        for r in results { #expect(r.status == 0, "\(r.stderr)") }
        #expect(try w.summary(url) == w.summary(reference))
        let counts = try ResultDatabase.open(url).tableCounts()
        #expect(counts["sweep_shards"] == 16 && counts["sweep_cells"] == 32 && counts["sweep_claims"] == 16)
        for shard in lost {
            // Claimed by the victim, then once more by a survivor; nothing else ran it.
            let row = try TestPostgres.psql(url, "SELECT claims, state, owner NOT LIKE '\(owner)' FROM sweep_claims WHERE shard_index = \(shard)")
            #expect(row == "2|complete|t", "shard \(shard): \(row)")
            #expect(results.contains { $0.stdout.contains("Reclaimed shard \(shard) from") })
        }
        #expect(try TestPostgres.psql(url, "SELECT sum(claims) FROM sweep_claims") == "\(16 + lost.count)")
    }

    @Test func processesStartingTogetherApplyEachMigrationOnce() throws {
        let url = try TestPostgres.freshDatabase("migrate")
        let runs = try (0..<8).map { _ in try BackgroundTailSweep(["sweep", "status", "--db", url]) }
        for r in runs.map({ $0.wait() }) { #expect(r.status == 0, "\(r.stderr)") }
        #expect(try TestPostgres.psql(url, "SELECT count(*), count(DISTINCT identifier) FROM tailsweep_migrations") == "5|5")
        #expect(try ResultDatabase.open(url).tableCounts()["sweep_claims"] == 0)
    }

    @Test func aSweepSurvivesItsConnectionBeingDroppedRepeatedly() throws {
        let (w, reference, url) = try setUp(sessions: 400, database: "dropped")
        let name = try #require(URLComponents(string: url)?.path.dropFirst())
        let run = try BackgroundTailSweep(sweepArguments(w, url, []))
        var terminated = 0
        while run.process.isRunning {
            usleep(300_000)
            let n = (try? TestPostgres.psql(TestPostgres.server!, """
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(name)' AND application_name = 'tailsweep'
                """)).flatMap { Int($0) } ?? 0
            terminated += n
        }
        let r = run.wait()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(terminated > 0)
        #expect(r.stderr.contains("connection lost") && r.stderr.contains("retrying"))
        #expect(try w.summary(url) == w.summary(reference))
    }

    @Test func dbCopyMovesASweepBetweenBackEndsExactly() throws {
        let w = try Workspace(sessions: 160)
        let original = w.db("original")
        #expect(try w.sweep(original).status == 0)
        let url = try TestPostgres.freshDatabase("copy")
        let there = try TailSweepProcess.run(["db", "copy", "--from", original, "--to", url])
        #expect(there.status == 0 && there.stdout.contains("16 shards, 32 cells"), "\(there.stderr)")
        #expect(there.stdout.contains("Not financial advice"))
        let back = w.db("back")
        #expect(try TailSweepProcess.run(["db", "copy", "--from", url, "--to", back, "--sweep", "cli"]).status == 0)
        #expect(try w.summary(url) == w.summary(original))
        #expect(try w.summary(back) == w.summary(original))
        let a = try ResultDatabase.open(original), b = try ResultDatabase.open(back)
        let sweepA = try #require(try a.latestSweep(named: "cli")), sweepB = try #require(try b.latestSweep(named: "cli"))
        #expect(try a.completedShards(sweepId: sweepA.sweepId) == b.completedShards(sweepId: sweepB.sweepId))
        #expect(try a.cells(sweepId: sweepA.sweepId) == b.cells(sweepId: sweepB.sweepId))
        // Copying again merges into the same sweep; another spec under the name is refused.
        let again = try TailSweepProcess.run(["db", "copy", "--from", original, "--to", url])
        #expect(again.status == 0 && again.stdout.contains("merged"))
        #expect(try ResultDatabase.open(url).tableCounts()["sweep_shards"] == 16)
        try SweepCLITests.spec.replacingOccurrences(of: "tiers = [0.01, 0.05]", with: "tiers = [0.02, 0.05]")
            .write(toFile: w.specPath, atomically: true, encoding: .utf8)
        let other = w.db("other")
        #expect(try w.sweep(other).status == 0)
        let refused = try TailSweepProcess.run(["db", "copy", "--from", other, "--to", url])
        #expect(refused.status != 0 && refused.stderr.contains("--new"))
        #expect(try TailSweepProcess.run(["db", "copy", "--from", other, "--to", url, "--new"]).status == 0)
        #expect(try ResultDatabase.open(url).tableCounts()["sweeps"] == 2)
    }
}

/// The dashboard over PostgreSQL serves the same pages as over SQLite for the same results.
@Suite(.serialized, .enabled(if: TestPostgres.enabled)) struct PostgresDashboardTests {
    @Test func dashboardPagesAreTheSameOverBothBackEnds() throws {
        let w = try SweepCLITests.Workspace(sessions: 160)
        let sqlite = w.db("pages")
        let url = try TestPostgres.freshDatabase("pages")
        for db in [sqlite, url] {
            #expect(try w.sweep(db).status == 0)
            #expect(try TailSweepProcess.run(["study", "--data", w.data, "--db", db] + StudyCLITests.studyArgs).status == 0)
        }
        let studies = try ResultDatabase.open(url).studies()
        let paths = ["/", "/sweeps/1", "/sweeps/1/best", "/sweeps/1/cells/0", "/studies"]
            + studies.map { "/studies/\($0.studyId)" } + studies.map { "/studies/\($0.studyId)/calibration" }
        var pages: [[String]] = []
        for db in [sqlite, url] {
            let port = 18_000 + Int.random(in: 0..<2_000)
            let server = try BackgroundTailSweep(["serve", "--db", db, "--port", "\(port)"])
            defer { kill(server.process.processIdentifier, SIGTERM) }
            var fetched: [String] = []
            for path in paths {
                var body: String?
                for _ in 0..<100 where body == nil {
                    body = Self.get("http://127.0.0.1:\(port)\(path)")
                    if body == nil { usleep(100_000) }
                }
                fetched.append((body ?? "no answer").replacingOccurrences(of: db, with: "DB"))
            }
            pages.append(fetched)
        }
        #expect(studies.count == 1)
        // The filtered read-backs behind the study page, on both back ends.
        for db in [sqlite, url] {
            let store = try ResultDatabase.open(db, readOnly: true), id = studies[0].studyId
            let all = try store.studyTrades(studyId: id, tier: nil, exitMode: nil, limit: 100_000)
            let some = try store.studyTrades(studyId: id, tier: 0.05, exitMode: "hold_to_close", limit: 100_000)
            #expect(!some.isEmpty && some.count < all.count)
            #expect(some == all.filter { $0.tier == 0.05 && $0.exitMode == .holdToClose })
            let ladders = try store.studyLadders(studyId: id, tier: 0.01, limit: 100_000)
            #expect(!ladders.isEmpty && ladders.allSatisfy { $0.tier == 0.01 })
            #expect(try store.studyLadders(studyId: id, tier: nil, limit: 7).count == 7)
        }
        #expect(pages[1][1].contains("<svg") && pages[1][2].contains("<svg"), "sweep pages without charts")
        #expect(pages[1][3].contains("Cell #0") && pages[1][5].contains(studies[0].studyId.prefix(8)))
        for (i, path) in paths.enumerated() {
            #expect(pages[0][i] == pages[1][i], "page \(path) differs between SQLite and PostgreSQL")
            #expect(pages[1][i].contains("Not financial advice"), "page \(path) lacks the disclaimer")
        }
    }

    /// One GET through curl; nil until the server answers 200.
    static func get(_ url: String) -> String? {
        guard let r = try? TailSweepProcess.run(program: URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-fs", url]), r.status == 0 else { return nil }
        return r.stdout
    }
}
