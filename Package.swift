// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "TailSweep",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tailsweep", targets: ["tailsweep"]),
        .library(name: "TailSweepCore", targets: ["TailSweepCore"]),
        .library(name: "TailSweepData", targets: ["TailSweepData"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(
            name: "TailSweepCore",
            dependencies: ["COpenBLAS"]
        ),
        .target(
            name: "TailSweepData",
            dependencies: ["TailSweepCore"]
        ),
        .executableTarget(
            name: "tailsweep",
            dependencies: [
                "TailSweepCore",
                "TailSweepData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TailSweepCoreTests", dependencies: ["TailSweepCore"]),
        .testTarget(name: "TailSweepDataTests", dependencies: ["TailSweepData"]),
        .testTarget(name: "TailSweepCLITests", dependencies: ["TailSweepCore"]),
    ]
)
