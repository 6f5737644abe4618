import ArgumentParser
import Foundation
import TailSweepCore
import TailSweepData
import TailSweepEngine
import TailSweepStore

/// `tailsweep bench`: the standard sweep on a standard synthetic workload, with timings.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure engine throughput on the standard workload (sweeps/rolling-grid.toml).",
        discussion: """
        Generates (or reuses, in the temporary directory) a synthetic dataset, runs the 2,304-cell
        rolling grid into a throw-away database and reports per-stage time, cell-sessions per second,
        peak memory and the machine. With --repeat N the sweep runs N times in the process and the
        fastest run is reported, with every run's wall time and their median (shared machines
        drift by several per cent between runs).

        Examples:
          tailsweep bench
          tailsweep bench --sessions 1000 --workers 1 --json
          tailsweep bench --repeat 3
          tailsweep bench --db postgres://postgres@127.0.0.1:54329/bench     # the PostgreSQL back end
        """)

    @Option(help: "Sessions of the synthetic workload.") var sessions: Int = 5000
    @Option(help: "Worker tasks (default: cores).") var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Database to write to (default: a throw-away SQLite file); each run adds a new sweep there.") var db: String?
    @Option(help: "Runs of the sweep; the fastest is reported, with all runs' wall times.") var `repeat`: Int = 1
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable {
        let disclaimer = DisclaimerJSON()
        let sessions: Int, cells: Int, workers: Int
        let cellSessionsPerSecond: Double, wallSeconds: Double, peakRssBytes: Int
        let stages: [String: Double]
        /// Every run's wall time in run order, and their median (`wallSeconds` is the fastest).
        let runWallSeconds: [Double], medianWallSeconds: Double
        let cores: Int, blasCore: String, build: String, workload: String, backend: String
    }

    /// How this binary was compiled (figures from a debug build mean little).
    static let build: String = {
        #if DEBUG
        "debug"
        #elseif TAILSWEEP_HASWELL
        "release, x86-64 Haswell (AVX2, FMA)"
        #else
        "release, baseline instruction set"
        #endif
    }()

    func run() async throws {
        try await reportingFailures {
            guard sessions >= 100 else { throw UsageFailure("--sessions must be at least 100 (the grid needs 60 training sessions)") }
            guard `repeat` >= 1 else { throw UsageFailure("--repeat must be at least 1") }
            let data = NSTemporaryDirectory() + "tailsweep-bench-\(sessions)-seed1"
            try SyntheticDatasetBuilder.reuseOrGenerate(sessions: sessions, seed: 1, at: data)
            let scratch = NSTemporaryDirectory() + "tailsweep-bench-" + UUID().uuidString + ".sqlite"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let location = db ?? scratch
            var runner = SweepRunner(specText: StandardWorkloads.rollingGrid, specFile: "rolling-grid.toml", dataDirectory: data,
                                     store: try ResultDatabase.open(location))
            runner.newSweep = true
            var outcomes: [SweepRunner.Outcome] = []
            for _ in 0..<`repeat` { outcomes.append(try await runner.run(workers: workers, shard: nil)) }
            let outcome = outcomes.min { $0.seconds < $1.seconds }!
            let walls = outcomes.map(\.seconds), sorted = walls.sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            let cellSessions = Double(outcome.cells) * Double(outcome.sessions)
            var stages: [String: Double] = [:]
            for s in outcome.stageSeconds { stages[s.stage, default: 0] += s.seconds }
            let output = Output(sessions: outcome.sessions, cells: outcome.cells, workers: workers,
                                cellSessionsPerSecond: cellSessions / outcome.seconds, wallSeconds: outcome.seconds,
                                peakRssBytes: Int(usage.ru_maxrss) * 1024, stages: stages, runWallSeconds: walls, medianWallSeconds: median,
                                cores: ProcessInfo.processInfo.activeProcessorCount, blasCore: BLASRuntime.coreName, build: Self.build,
                                workload: "rolling-grid: 2,304 cells (4 tiers × 4 fills × 3 exits × 2 gates × 24 slots), 20 strikes",
                                backend: ResultDatabase.isPostgres(location) ? "postgresql" : "sqlite")
            if json { try Console.json(output); return }
            Console.line("TailSweep bench — \(output.workload)")
            Console.line("  \(output.sessions) sessions × \(output.cells) cells, \(workers) worker(s), \(output.cores) cores, OpenBLAS \(output.blasCore), \(output.backend), \(output.build) build")
            for s in outcome.stageSeconds { Console.line("  \(s.stage.padding(toLength: 14, withPad: " ", startingAt: 0)) \(Console.duration(s.seconds))") }
            Console.line(String(format: "  total          %@   %.0f cell-sessions/s   peak RSS %.0f MB", Console.duration(output.wallSeconds),
                                output.cellSessionsPerSecond, Double(output.peakRssBytes) / 1e6))
            if walls.count > 1 {
                Console.line("  fastest of \(walls.count) runs (\(walls.map(Console.duration).joined(separator: ", "))); median \(Console.duration(median))")
            }
            Console.disclaimers()
        }
    }
}
