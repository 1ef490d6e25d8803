// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "watcherd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "watcherd", targets: ["watcherd"]),
        .library(name: "Watcher", targets: ["Watcher"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // libinotifytools from Debian (libinotifytools0-dev); Debian ships no pkg-config file for it.
        .systemLibrary(name: "CInotify", providers: [.apt(["libinotifytools0-dev"])]),
        // Mozilla's universal charset detector (libuchardet-dev), used to tell Windows-1256 from ISO-8859-6.
        .systemLibrary(name: "CUchardet", pkgConfig: "uchardet", providers: [.apt(["libuchardet-dev"])]),
        // libxml2's HTML parser (libxml2-dev), for main-content extraction from saved web pages.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // The NATS C client (libnats-dev), for publishing records and alerts to JetStream (Sources/Watcher/Stream).
        .systemLibrary(name: "CNats", pkgConfig: "libnats", providers: [.apt(["libnats-dev"])]),
        // renameat2(RENAME_NOREPLACE), which Swift's Glibc module does not expose.
        .systemLibrary(name: "CSyscalls"),
        .target(
            name: "Watcher",
            dependencies: [
                "CInotify",
                "CLibXML2",
                "CNats",
                "CSyscalls",
                "CUchardet",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            plugins: ["EmbedData"]
        ),
        .executableTarget(
            name: "watcherd",
            dependencies: [
                "Watcher",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // make bench: throughput, latency, memory and baselines (a release build; a smoke run is part of make test).
        .executableTarget(
            name: "watcherd-bench",
            dependencies: ["Watcher", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Turns the data files under data/ into string constants so the binary carries its defaults.
        .executableTarget(name: "EmbedTool", path: "Sources/EmbedTool"),
        .plugin(name: "EmbedData", capability: .buildTool(), dependencies: ["EmbedTool"]),
        .testTarget(
            name: "WatcherTests",
            dependencies: ["Watcher"],
            path: "Tests/WatcherTests"
        ),
        .testTarget(
            name: "WatcherdIntegrationTests",
            dependencies: ["Watcher"],
            path: "Tests/WatcherdIntegrationTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
