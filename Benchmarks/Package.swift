// swift-tools-version: 6.1
// TailSweep benchmarks (ordo-one/benchmark). A separate package so that the main build and CI
// never compile the benchmark harness. Run with `make bench` from the repository root.
import PackageDescription

let package = Package(
    name: "TailSweepBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "TailSweep", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "DatasetBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TailSweepCore", package: "TailSweep"),
                .product(name: "TailSweepData", package: "TailSweep"),
            ],
            path: "Benchmarks/DatasetBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SweepBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TailSweepCore", package: "TailSweep"),
                .product(name: "TailSweepData", package: "TailSweep"),
                .product(name: "TailSweepEngine", package: "TailSweep"),
                .product(name: "TailSweepStore", package: "TailSweep"),
            ],
            path: "Benchmarks/SweepBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
