import Logging
import ServiceLifecycle
import SystemPackage

/// Finds work: lists the drop folder at start (the backlog), follows inotify events, lists again after a queue
/// overflow or a new subdirectory, and reconciles on a timer, offering every file to the ``IngestQueue``.
public struct DropFolderService: Service, CustomStringConvertible {
    public var description: String { "DropFolderService" }

    private let config: WatcherConfig
    private let queue: IngestQueue
    private let stats: PipelineStats
    private let logger: Logger
    private let onWatching: @Sendable () -> Void

    /// `onWatching` runs once the watch is live and the backlog scan has been started (the moment to send READY=1).
    public init(config: WatcherConfig, queue: IngestQueue, stats: PipelineStats, logger: Logger,
                onWatching: @escaping @Sendable () -> Void = {}) {
        self.config = config
        self.queue = queue
        self.stats = stats
        self.logger = logger
        self.onWatching = onWatching
    }

    public func run() async throws {
        let root = ConfigLoader.absolute(config.dropFolder)
        do {
            try Syscalls.makeDirectories(root, mode: 0o775)
        } catch {
            throw InotifyWatcher.WatchError(message: "cannot create the drop folder: \(error)")
        }
        let ignore = IgnoreRules(patterns: config.ignore)
        let scanner = DropFolderScanner(root: root, ignore: ignore)
        let watcher = InotifyWatcher(root: root, ignore: ignore, logger: logger, stats: stats)
        let (rescans, requests) = AsyncStream<DropEvent>.makeStream()
        let queue = self.queue, stats = self.stats
        try watcher.start { event in
            switch event {
            case .file(let path):
                stats.filesSeen.add(1, ordering: .relaxed)
                queue.offer(path, origin: .event)
            case .rescan:
                requests.yield(event)
            }
        }
        defer { watcher.stop() }
        requests.yield(.rescan(root, reason: "startup backlog"))
        logger.info("watching drop folder", metadata: ["folder": "\(PathText.display(root))"])
        onWatching()

        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await case .rescan(let directory, let reason) in rescans.cancelOnGracefulShutdown() {
                        self.scan(directory, reason: reason, scanner: scanner)
                    }
                }
                group.addTask {
                    // The listing is the truth: a periodic full scan catches anything an event missed.
                    var elapsed = 0
                    while !Task.isShuttingDownGracefully && !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(1))
                        if let failure = watcher.failure { throw failure }
                        elapsed += 1
                        if elapsed >= config.reconcileSeconds {
                            elapsed = 0
                            requests.yield(.rescan(root, reason: "reconcile"))
                        }
                    }
                    requests.finish()
                }
                try await group.waitForAll()
            }
        } onGracefulShutdown: {
            // Stop finding files; the pipeline closes the queue when its own shutdown comes.
            requests.finish()
        }
    }

    private func scan(_ directory: FilePath, reason: String, scanner: DropFolderScanner) {
        do {
            let files = try scanner.scan(directory)
            for file in files { queue.offer(file, origin: .scan) }
            let level: Logger.Level = reason == "reconcile" ? .debug : .info
            logger.log(level: level, "listed drop folder", metadata: [
                "directory": "\(PathText.display(directory))", "reason": "\(reason)", "files": "\(files.count)",
            ])
        } catch {
            logger.error("cannot list the drop folder", metadata: ["directory": "\(PathText.display(directory))", "error": "\(error)"])
        }
    }
}
