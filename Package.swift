// swift-tools-version: 6.1
import PackageDescription

// Release builds on x86-64 compile for the AVX2/FMA generation (Intel Haswell, 2013, and every
// AMD Zen): sweeps about 5 % faster with the same bits — Swift fuses no multiply-adds, so no
// result depends on the instruction set (docs/performance.md, item 63). TAILSWEEP_PORTABLE=1
// builds for baseline x86-64 instead (a CPU without AVX2 stops such a binary with SIGILL).
#if arch(x86_64)
let instructionSet: [SwiftSetting] = Context.environment["TAILSWEEP_PORTABLE"] == "1" ? [] : [
    .unsafeFlags(["-target-cpu", "haswell"], .when(configuration: .release)),
    .define("TAILSWEEP_HASWELL", .when(configuration: .release)),
]
#else
let instructionSet: [SwiftSetting] = []
#endif

let package = Package(
    name: "TailSweep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tailsweep", targets: ["tailsweep"]),
        .library(name: "TailSweepCore", targets: ["TailSweepCore"]),
        .library(name: "TailSweepData", targets: ["TailSweepData"]),
        .library(name: "TailSweepEngine", targets: ["TailSweepEngine"]),
        .library(name: "TailSweepStore", targets: ["TailSweepStore"]),
        .library(name: "TailSweepDashboard", targets: ["TailSweepDashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "TailSweepCore",
            dependencies: ["COpenBLAS"],
            swiftSettings: instructionSet
        ),
        .target(
            name: "TailSweepData",
            dependencies: ["TailSweepCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: instructionSet
        ),
        .target(
            name: "TailSweepEngine",
            dependencies: ["TailSweepCore", "TailSweepData", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: instructionSet
        ),
        .target(
            name: "TailSweepStore",
            dependencies: ["TailSweepCore", "CLibPQ", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: instructionSet
        ),
        .target(
            name: "TailSweepDashboard",
            dependencies: ["TailSweepCore", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: instructionSet
        ),
        .executableTarget(
            name: "tailsweep",
            dependencies: [
                "TailSweepCore",
                "TailSweepData",
                "TailSweepEngine",
                "TailSweepStore",
                "TailSweepDashboard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: instructionSet
        ),
        .testTarget(name: "TailSweepCoreTests", dependencies: ["TailSweepCore"]),
        .testTarget(name: "TailSweepDataTests", dependencies: ["TailSweepData"]),
        .testTarget(name: "TailSweepEngineTests", dependencies: ["TailSweepEngine"]),
        .testTarget(name: "TailSweepStoreTests", dependencies: ["TailSweepStore"]),
        .testTarget(name: "TailSweepDashboardTests", dependencies: [
            "TailSweepDashboard", .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "TailSweepCLITests", dependencies: ["TailSweepCore", "TailSweepStore"]),
    ]
)
