import Benchmark
import Foundation
import TailSweepCore
import TailSweepData

/// Dataset generation, loading and decision states at the sizes SPEC §11 and §14 name (5,000 sessions).
let benchmarks: @Sendable () -> Void = {
    let sessions = 5_000
    let directory = NSTemporaryDirectory() + "tailsweep-bench-dataset-\(sessions)"
    if (try? DatasetStore.readManifest(from: directory))?.sessionCount != sessions {
        try? FileManager.default.removeItem(atPath: directory)
        _ = try! SyntheticDatasetBuilder.generate(sessions: sessions, seed: 1,
                                                  start: SyntheticMarketGenerator.defaultStart, to: directory)
    }
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal, .throughput],
        scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 20)

    Benchmark("Generate synthetic market (5,000 sessions)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try SyntheticMarketGenerator(seed: 1).generate(sessions: sessions))
        }
    }

    Benchmark("Load dataset directory (5,000 sessions, checksums verified)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try DatasetStore.load(from: directory))
        }
    }

    let loaded = try! DatasetStore.load(from: directory)
    Benchmark("Decision states: 5,000 sessions × 24 rolling times (120,000 states)",
              configuration: .init(metrics: config.metrics, scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 20)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try StateBuilder().build(dataset: loaded.dataset, schedule: .rollingDefault))
        }
    }

    Benchmark("Calendar: all sessions 2000–2030", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try NYSECalendar.sessions(from: NYSECalendar.firstSupportedDate, through: NYSECalendar.lastSupportedDate))
        }
    }
}
