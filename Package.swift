// swift-tools-version: 6.1
import PackageDescription

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
            dependencies: ["COpenBLAS"]
        ),
        .target(
            name: "TailSweepData",
            dependencies: ["TailSweepCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(
            name: "TailSweepEngine",
            dependencies: ["TailSweepCore", "TailSweepData", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(
            name: "TailSweepStore",
            dependencies: ["TailSweepCore", "CLibPQ", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "TailSweepDashboard",
            dependencies: ["TailSweepCore", .product(name: "Hummingbird", package: "hummingbird")]
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
            ]
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
