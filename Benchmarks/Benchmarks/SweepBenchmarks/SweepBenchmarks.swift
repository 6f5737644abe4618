import Benchmark
import Foundation
import TailSweepCore
import TailSweepData
import TailSweepEngine
import TailSweepStore

/// Scoring, simulation and a whole sweep of the rolling grid (`sweeps/rolling-grid.toml`) at
/// 1,000 sessions — the stages `tailsweep bench` times at 5,000, here with CPU, memory and
/// allocation counts per iteration.
let benchmarks: @Sendable () -> Void = {
    let sessions = 1_000
    let directory = NSTemporaryDirectory() + "tailsweep-bench-sweep-dataset-\(sessions)"
    try! SyntheticDatasetBuilder.reuseOrGenerate(sessions: sessions, seed: 1, at: directory)
    let loaded = try! DatasetStore.load(from: directory)
    let spec = try! SweepSpec.parse(text: StandardWorkloads.rollingGrid, file: "rolling-grid.toml")
    let plan = SweepPlan(spec: spec, sessionCount: sessions)
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal, .throughput],
        scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 10)

    // States, BLAS contributions and the walk-forward with the upper bounds the upper gate needs.
    Benchmark("Scoring: rolling-grid states and walk-forward (1,000 sessions × 24 times × 20 strikes), 1 thread",
              configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try SweepWorkload(plan: plan, loaded: loaded, workers: 1))
        }
    }

    // Candidates, tier decisions, exit walks and statistics of all 24 shards (2,304 cells), as one
    // batch: on one thread, and with sessions and tracks side by side on every core.
    let workload = try! SweepWorkload(plan: plan, loaded: loaded, workers: 1)
    let threads: [(String, ScoredStates.ParallelFor)] = [
        ("1 thread", ScoredStates.serial),
        ("all cores", { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body) }),
    ]
    for (label, parallel) in threads {
        Benchmark("Simulation: 2,304 rolling-grid cells × 1,000 sessions, \(label)", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(workload.run(shards: Array(0..<plan.shardCount), keepDailyPnL: true, parallel: parallel))
            }
        }
    }

    // Load, plan, scoring, 24 shards on 2 workers, finalize — into a new SQLite file each time.
    Benchmark("Whole sweep: rolling grid (2,304 cells) × 1,000 sessions, 2 workers, SQLite",
              configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            let file = NSTemporaryDirectory() + "tailsweep-bench-sweep-" + UUID().uuidString + ".sqlite"
            defer { try? FileManager.default.removeItem(atPath: file) }
            let runner = SweepRunner(specText: StandardWorkloads.rollingGrid, specFile: "rolling-grid.toml",
                                     dataDirectory: directory, store: try ResultDatabase.open(file))
            blackHole(try await runner.run(workers: 2, shard: nil))
        }
    }
}
