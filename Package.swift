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
        // SQLite (libsqlite3-dev), the ledger's on-disk index of recorded keys, drops and alert ids.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The NATS C client (libnats-dev), for publishing records and alerts to JetStream (Sources/Watcher/Stream).
        .systemLibrary(name: "CNats", pkgConfig: "libnats", providers: [.apt(["libnats-dev"])]),
        // renameat2(RENAME_NOREPLACE), which Swift's Glibc module does not expose.
        .systemLibrary(name: "CSyscalls"),
        // zlib (zlib1g-dev), to read the report's logs that logrotate compressed (NAME.2.gz, …).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The name tagger's model file, compiled in with C23 #embed (a 10 MB table is no string constant).
        .target(name: "CNERModel", path: "Sources/CNERModel"),
        .target(
            name: "Watcher",
            dependencies: [
                "CInotify",
                "CNERModel",
                "CLibXML2",
                "CSQLite",
                "CNats",
                "CSyscalls",
                "CUchardet",
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            plugins: ["EmbedData"]
        ),
        // A constructor that counts SIGHUP/SIGTERM/SIGINT from before main, so none kills the daemon while it starts.
        .target(name: "CEarlySignals"),
        // Training and scoring of the name tagger (watcherd train-ner, eval --conll): not part of the daemon's library.
        .target(name: "NERTraining", dependencies: ["Watcher"]),
        .executableTarget(
            name: "watcherd",
            dependencies: [
                "Watcher",
                "CEarlySignals",
                "NERTraining",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // make bench: throughput, latency, memory and baselines (a release build; a smoke run is part of make test).
        .executableTarget(
            name: "watcherd-bench",
            dependencies: ["Watcher", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "SystemPackage", package: "swift-system")]
        ),
        // Turns the data files under data/ into string constants so the binary carries its defaults.
        .executableTarget(name: "EmbedTool", path: "Sources/EmbedTool"),
        .plugin(name: "EmbedData", capability: .buildTool(), dependencies: ["EmbedTool"]),
        .testTarget(
            name: "WatcherTests",
            dependencies: ["Watcher", "NERTraining"],
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
