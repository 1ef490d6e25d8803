// swift-tools-version: 6.2
//
// Micro-benchmarks for the Watcher library, driven by ordo-one/benchmark (package-benchmark).
//
// This is a package of its own, not a target of ../Package.swift, so that building or testing watcherd never resolves,
// fetches or compiles the benchmark harness and its dependencies. Run it from this folder with
// `swift package benchmark` (see README.md).
import PackageDescription

let package = Package(
    name: "WatcherBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The parent package, for its `Watcher` library (only its public API is visible from here).
        .package(name: "watcherd", path: ".."),
        // The harness. Naming the traits replaces its defaults: MallocInterposer gives the malloc counters; the
        // Linux ARC runtime interposer (trait RuntimeInterposer) is left out because nothing here measures ARC traffic.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // FilePath, which DroppedFile takes; the same package and version range the parent uses.
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // The plugin runs every executable target whose folder sits in Benchmarks/, so the sources live in
        // Benchmarks/WatcherBenchmarks/ inside this package.
        .executableTarget(
            name: "WatcherBenchmarks",
            dependencies: [
                .product(name: "Watcher", package: "watcherd"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Benchmarks/WatcherBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
