import ArgumentParser
import Dispatch
import Foundation
import TailSweepCore
import TailSweepEngine
import TailSweepStore

/// `tailsweep sweep run|resume|status`.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Run, resume and inspect parameter sweeps (sweep files: sweeps/README.md).",
        subcommands: [SweepRunCommand.self, SweepResumeCommand.self, SweepStatusCommand.self])
}

struct SweepRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a sweep file into the sweep grid database (resumes if interrupted).",
        discussion: """
        Shards are fixed by the plan, so results are identical for any --workers and any --shard split.
        Shards run in batches of at most --batch-cell-sessions cell-sessions, every worker on the batch;
        Ctrl-C stops after the batch in flight is committed; rerun to continue.

        Examples:
          tailsweep sweep run sweeps/default.toml --data demo-data --db results.sqlite
          tailsweep sweep run sweeps/rolling-grid.toml --data big --db results.sqlite --workers 2
          tailsweep sweep run sweeps/rolling-grid.toml --data big --db results.sqlite --shard 1/4
          tailsweep sweep run sweeps/rolling-grid.toml --data big --db postgres://sweeper@db:5432/grid --claim

        With --claim, any number of processes (on any machines sharing one PostgreSQL, or one SQLite
        file on one machine) claim shards a few at a time, send heartbeats, and take over shards whose
        owner stopped beating for --claim-timeout seconds (docs/scaling.md).
        """)

    @Argument(help: "Sweep file (TOML).") var file: String
    @Option(help: "Dataset directory (overrides the file's data = …).") var data: String?
    @Option(help: "Sweep grid database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String
    @Option(help: "Worker tasks (default: cores).") var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Run only shard K of N (K/N), or 'env' for Slurm/Kubernetes array variables.") var shard: String?
    @Option(help: "Number of shards for Kubernetes JOB_COMPLETION_INDEX with --shard env.") var shardCount: Int?
    @Flag(help: "Claim shards dynamically from the database (instead of --shard).") var claim = false
    @Option(help: "With --claim: seconds without a heartbeat after which a claimed shard is taken over.") var claimTimeout: Double = 120
    @Flag(help: "Start a new sweep even if one of this name exists with another spec or data.") var new = false
    @Option(help: "Run shards in batches of as many as fit in N cell-sessions (at least one); a kill or Ctrl-C loses at most the batch in flight, and smaller batches share less pricing work.")
    var batchCellSessions = SweepRunner.defaultCellSessionsPerBatch

    func run() async throws {
        try await reportingFailures {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch { throw UsageFailure("cannot read sweep file \(file): \(error.localizedDescription)") }
            if claim && shard != nil { throw UsageFailure("--claim and --shard are alternatives; give one") }
            guard claimTimeout > 0 else { throw UsageFailure("--claim-timeout must be positive, got \(claimTimeout)") }
            try await SweepExecution.run(specText: text, specFile: file, data: data, db: db, workers: workers,
                                         shard: try ShardSelection.parse(shard, count: shardCount),
                                         claim: claim ? ClaimSettings(staleAfter: claimTimeout) : nil, newSweep: new,
                                         batchCellSessions: batchCellSessions)
        }
    }
}

struct SweepResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Continue an interrupted sweep from the spec stored in the database.",
        discussion: "Example:\n  tailsweep sweep resume --db results.sqlite --sweep default --data demo-data")
    @Option(help: "Sweep grid database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String
    @Option(help: "Sweep name (default: the latest sweep).") var sweep: String?
    @Option(help: "Dataset directory (default: the spec's data = …).") var data: String?
    @Option(help: "Worker tasks.") var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Shards per batch: as many as fit in N cell-sessions (see `sweep run --help`).")
    var batchCellSessions = SweepRunner.defaultCellSessionsPerBatch

    func run() async throws {
        try await reportingFailures {
            let store = try ResultDatabase.open(db)
            let record = try sweep.map { try store.latestSweep(named: $0) } ?? store.sweeps().last
            guard let record else { throw UsageFailure("no sweep \(sweep.map { "named '\($0)' " } ?? "")in \(db)") }
            try await SweepExecution.run(specText: record.specText, specFile: "\(db):\(record.name)", data: data, db: db,
                                         workers: workers, shard: nil, claim: nil, newSweep: false, batchCellSessions: batchCellSessions)
        }
    }
}

/// The shared body of `sweep run` and `sweep resume`: signals, progress, the run, the report.
enum SweepExecution {
    static func run(specText: String, specFile: String, data: String?, db: String, workers: Int,
                    shard: (k: Int, n: Int)?, claim: ClaimSettings?, newSweep: Bool, batchCellSessions: Int) async throws {
        guard batchCellSessions >= 1 else { throw UsageFailure("--batch-cell-sessions must be at least 1, got \(batchCellSessions)") }
        let store = try ResultDatabase.open(db)
        var runner = SweepRunner(specText: specText, specFile: specFile, dataDirectory: data, store: store)
        runner.newSweep = newSweep
        runner.cellSessionsPerBatch = batchCellSessions
        let cancellation = SweepCancellation()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT)
        source.setEventHandler {
            FileHandle.standardError.write(Data("\ninterrupt: finishing the shards in flight, then stopping (rerun to resume)\n".utf8))
            Task { await cancellation.cancel() }
        }
        source.resume()
        let bar = ProgressBar(cellsPerShard: (try? SweepSpec.parse(text: specText, file: specFile).cellsPerShard) ?? 1)
        let outcome = try await runner.run(workers: workers, shard: shard, claim: claim, cancellation: cancellation) { done, total in
            bar.update(done: done, total: total)
        }
        source.cancel()
        bar.finish()
        let s = outcome.sweep
        for r in outcome.reclaimed {
            Console.line(String(format: "Reclaimed shard %d from %@ (no heartbeat for %.1f s).", r.shard, r.from, r.staleSeconds))
        }
        let cellSessions = Double(outcome.cells) * Double(outcome.sessions) * Double(outcome.ranShards) / Double(max(s.shards, 1))
        Console.line("Sweep '\(s.name)' (#\(s.sweepId)): \(s.completedShards)/\(s.shards) shards complete, \(s.cells) cells × \(outcome.sessions) sessions; ran \(outcome.ranShards) shard(s) in \(Console.duration(outcome.seconds))" + (outcome.ranShards > 0 ? String(format: " (%.0f cell-sessions/s)", cellSessions / outcome.seconds) : ""))
        if outcome.finalized { Console.line("Finalised: cell metrics written. See `tailsweep summarize --db \(store.location) --sweep \(s.name)`.") }
        else if s.completedShards == s.shards && s.status != "complete" {
            Console.line("Every shard is complete; the process that committed the last one finalises the cells.")
        }
        if outcome.interrupted {
            Console.line("Interrupted: rerun the same command to resume.")
            Console.disclaimers()
            throw ExitCode(130)
        }
        Console.disclaimers()
    }
}

/// Which shards this process runs: `K/N`, or `env` (Slurm array or Kubernetes indexed job).
enum ShardSelection {
    static func parse(_ text: String?, count: Int?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (k: Int, n: Int)? {
        guard let text else { return nil }
        if text == "env" {
            if let id = environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init) {
                let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
                guard let n = environment["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init) ?? count else {
                    throw UsageFailure("--shard env: SLURM_ARRAY_TASK_COUNT is not set; pass --shard-count N")
                }
                return try check(id - minimum + 1, n)
            }
            if let index = environment["JOB_COMPLETION_INDEX"].flatMap(Int.init) {
                guard let count else { throw UsageFailure("--shard env with JOB_COMPLETION_INDEX needs --shard-count N") }
                return try check(index + 1, count)
            }
            throw UsageFailure("--shard env: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set")
        }
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2 else { throw UsageFailure("--shard must be K/N (e.g. 1/4) or env, got '\(text)'") }
        return try check(parts[0], parts[1])
    }

    static func check(_ k: Int, _ n: Int) throws -> (k: Int, n: Int) {
        guard n >= 1, k >= 1, k <= n else { throw UsageFailure("shard \(k)/\(n) is out of range (need 1 ≤ K ≤ N)") }
        return (k, n)
    }
}

/// A progress bar with shards/s and ETA on a terminal; plain lines otherwise.
final class ProgressBar: Sendable {
    private let tty = isatty(STDERR_FILENO) != 0
    private let clock = Stopwatch()
    private let cellsPerShard: Int

    init(cellsPerShard: Int) { self.cellsPerShard = cellsPerShard }

    func update(done: Int, total: Int) {
        let elapsed = clock.seconds
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let cellsPerSecond = Double(done * cellsPerShard) / max(elapsed, 1e-9)
        if tty {
            let width = 30, filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data(String(format: "\r[%@] %d/%d shards  %.0f cells/s  ETA %.0f s ", bar, done, total,
                                                       cellsPerSecond, eta).utf8))
        } else {
            FileHandle.standardError.write(Data(String(format: "shard %d/%d done (%.1f s elapsed, %.0f cells/s, ETA %.0f s)\n", done, total,
                                                       elapsed, cellsPerSecond, eta).utf8))
        }
    }

    func finish() { if tty { FileHandle.standardError.write(Data("\n".utf8)) } }
}
