import Logging
import ServiceLifecycle
import SystemPackage

/// Finds work: lists the drop folder at start (the backlog), follows inotify events, lists again after a queue
/// overflow or a new subdirectory, and reconciles on a timer, offering every file to the ``IngestQueue``. On network
/// and FUSE file systems (or with `watch: poll`) it lists the folder every `poll_interval_ms` instead of using inotify.
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
        let decision = WatchDecision.decide(config.watch, folder: root)
        let (rescans, requests) = AsyncStream<DropEvent>.makeStream()
        let queue = self.queue, stats = self.stats
        var watcher: InotifyWatcher?
        if decision.mode == .inotify {
            let inotify = InotifyWatcher(root: root, ignore: ignore, logger: logger, stats: stats)
            try inotify.start { event in
                switch event {
                case .file(let path):
                    stats.filesSeen.add(1, ordering: .relaxed)
                    queue.offer(path, origin: .event)
                case .opened(let path):
                    queue.noteOpened(path)
                case .movedAway(let path):
                    queue.forgetOpened(path)
                case .rescan:
                    requests.yield(event)
                case .eventsLost(let path, let reason, let since):
                    let marked = queue.noteEventsLost(at: since)
                    if marked > 0 {
                        logger.notice("inotify events may have been lost; files marked as open for writing are read once their mtime is \(PipelineService.lostCloseQuietSeconds) s old",
                                      metadata: ["reason": "\(reason)", "files": "\(marked)"])
                    }
                    requests.yield(.rescan(path, reason: reason))
                }
            }
            watcher = inotify
        }
        defer { watcher?.stop() }
        requests.yield(.rescan(root, reason: "startup backlog"))
        var metadata: Logger.Metadata = ["folder": "\(PathText.display(root))", "mode": "\(decision.mode.rawValue)", "why": "\(decision.reason)"]
        if decision.mode == .poll { metadata["poll_interval_ms"] = "\(config.pollIntervalMilliseconds)" }
        logger.info("watching drop folder", metadata: metadata)
        onWatching()
        // Poll mode lists the folder every poll interval (each listing is a full reconcile); inotify mode lists it
        // every reconcile interval, as the truth behind the events.
        let polling = decision.mode == .poll
        let tick: Duration = polling ? .milliseconds(config.pollIntervalMilliseconds) : .seconds(1)
        let reconcileEvery: Duration = polling ? tick : .seconds(config.reconcileSeconds)
        let inotify = watcher

        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await case .rescan(let directory, let reason) in rescans.cancelOnGracefulShutdown() {
                        self.scan(directory, reason: reason, scanner: scanner)
                    }
                }
                group.addTask {
                    // The listing is the truth: a periodic full scan catches anything an event missed.
                    var elapsed: Duration = .zero
                    while !Task.isShuttingDownGracefully && !Task.isCancelled {
                        try? await Task.sleep(for: tick)
                        if let failure = inotify?.failure { throw failure }
                        if polling { stats.watcherBeatMicroseconds.store(Syscalls.monotonicMicroseconds(), ordering: .relaxed) }
                        elapsed += tick
                        if elapsed >= reconcileEvery {
                            elapsed = .zero
                            requests.yield(.rescan(root, reason: polling ? "poll" : "reconcile"))
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
            let started = ContinuousClock.now
            let listing = try scanner.scan(directory)
            let files = listing.files
            for file in files { queue.offer(file, origin: .scan) }
            if directory == scanner.root { queue.pruneOpened(keeping: Set(files), listedSince: started) }
            for (folder, error) in listing.unreadable {
                logger.error("cannot list a subfolder of the drop folder; its files wait until it can be read (check its owner and permissions)",
                             metadata: ["directory": "\(PathText.display(folder))", "error": "\(error)"])
            }
            let level: Logger.Level = reason == "reconcile" || reason == "poll" ? .debug : .info
            logger.log(level: level, "listed drop folder", metadata: [
                "directory": "\(PathText.display(directory))", "reason": "\(reason)", "files": "\(files.count)",
            ])
        } catch {
            logger.error("cannot list the drop folder", metadata: ["directory": "\(PathText.display(directory))", "error": "\(error)"])
        }
    }
}
