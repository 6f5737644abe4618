import Benchmark
import Foundation
import TailSweepCore
import TailSweepData

/// Dataset generation, loading and decision states at the sizes SPEC §11 and §14 name (5,000 sessions).
let benchmarks: @Sendable () -> Void = {
    let sessions = 5_000
    let directory = NSTemporaryDirectory() + "tailsweep-bench-dataset-\(sessions)"
    try! SyntheticDatasetBuilder.reuseOrGenerate(sessions: sessions, seed: 1, at: directory)
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

    // Walk-forward tables: 5,000 sessions × 25 decision times (09:45–15:45 every 15 min) × 41 strikes.
    let schedule = DecisionSchedule.rolling(everyMinutes: 15, from: 9 * 60 + 45, through: 15 * 60 + 45)
    let wideStates = try! StateBuilder().build(dataset: loaded.dataset, schedule: schedule)
    var wideModel = TailModelConfiguration()
    wideModel.strikes = try! StrikeGrid(parsing: "-0.001:-0.041:0.001")
    let scheme = BucketScheme(features: wideStates.configuration, model: wideModel)
    let slow = Benchmark.Configuration(metrics: config.metrics, scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 10)
    Benchmark("Walk-forward contributions via dgemm (5,000 × 25 × 41)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SessionContributions(states: wideStates, scheme: scheme, strikes: wideModel.strikes))
        }
    }
    let contributions = SessionContributions(states: wideStates, scheme: scheme, strikes: wideModel.strikes)
    Benchmark("Walk-forward scoring with credible intervals (5,000 × 25 × 41)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(WalkForward(configuration: wideModel).run(states: wideStates, scheme: scheme, contributions: contributions))
        }
    }

    Benchmark("Walk-forward scoring, posterior means only (5,000 × 25 × 41)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(WalkForward(configuration: wideModel).run(states: wideStates, scheme: scheme, contributions: contributions, intervals: false))
        }
    }

    // The credible bounds' Beta quantiles on the walk-forward's own posterior shapes (the first
    // 200,000 of 5,000 × 25 × 41): one at a time, and four continued fractions in SIMD lockstep.
    let means = WalkForward(configuration: wideModel).run(states: wideStates, scheme: scheme, contributions: contributions, intervals: false)
    let shapes = (a: Array(means.alpha.prefix(200_000)), b: Array(means.beta.prefix(200_000)))
    let level = 1 - (1 - wideModel.credibleLevel) / 2
    Benchmark("Beta upper bounds one at a time (200,000 posterior shapes)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(zip(shapes.a, shapes.b).map { BetaDistribution.quantile(level, a: $0, b: $1) })
        }
    }
    Benchmark("Beta upper bounds four lanes at a time (200,000 posterior shapes)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            var out = [Double](repeating: 0, count: shapes.a.count)
            shapes.a.withUnsafeBufferPointer { a in
                shapes.b.withUnsafeBufferPointer { b in out.withUnsafeMutableBufferPointer { BetaDistribution.quantiles(level, a: a, b: b, into: $0) } }
            }
            blackHole(out)
        }
    }

    // Logistic walk-forward: 1,000 sessions at 10:30, 20 strikes, warm-started IRLS per session.
    let fixedStates = try! StateBuilder().build(dataset: loaded.dataset.sessions(0..<1000), schedule: .benchmark)
    var logistic = TailModelConfiguration()
    logistic.family = .logistic(LogisticSettings())
    Benchmark("Logistic walk-forward (1,000 sessions × 1 time × 20 strikes)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try TailModel.walkForward(states: fixedStates, configuration: logistic))
        }
    }

    Benchmark("Calendar: all sessions 2000–2030", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try NYSECalendar.sessions(from: NYSECalendar.firstSupportedDate, through: NYSECalendar.lastSupportedDate))
        }
    }
}
