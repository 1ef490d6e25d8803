import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Watcher

/// `watcherd run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watch the drop folder and process every file dropped there (the default).",
        discussion: """
            Stops cleanly on SIGTERM or SIGINT: no new files are taken, files in flight are finished and flushed. \
            SIGHUP reopens the output logs (for logrotate) and reloads the configuration; a configuration with an \
            error is not applied and the problem is logged.
            """
    )

    @OptionGroup var options: ConfigOptions

    /// How often a start blocked by a full disk tries again.
    static let spaceRetry: Duration = .seconds(5)
    /// Below this many free bytes the disk counts as full: SQLite needs room for its write-ahead log and index pages.
    static let fullDiskBytes: UInt64 = 1 << 20

    /// Opens a state file with `open`. When that fails and the disk holding the state folder is full (under
    /// ``fullDiskBytes`` free, or no inode left), it does not give up: exiting would make systemd restart the unit
    /// until its start limit and then leave it failed, so a disk that filled up overnight would stop watcherd for
    /// good. It says so once, tells systemd it is up (READY=1, with the watchdog fed, so neither a start job nor the
    /// boot waits on it) with `STATUS=DISK FULL: …`, and tries again every ``spaceRetry`` until space is freed. Any
    /// other failure (a read-only mount, permissions, a damaged file) fails at once. Returns nil when a stop is asked
    /// for while it waits.
    static func waitingForSpace<T>(_ what: String, config: WatcherConfig, notifier: SystemdNotifier, logger: Logger,
                                   _ open: () throws -> T) async throws -> T? {
        var said = false
        while true {
            do {
                let opened = try open()
                if said { logger.notice("space on the disk is back; \(what) is open and watcherd starts") }
                return opened
            } catch {
                let full = ConfigLoader.absolute(config.stateFolder)
                guard let room = Syscalls.fileSystemRoom(full), !room.readOnly,
                      room.bytes < fullDiskBytes || room.inodes == 0 else { throw error }
                if !said {
                    logger.error("the disk holding \(full) is full (no space or no inode left), so \(what) cannot be opened. watcherd waits and tries again every \(spaceRetry.components.seconds) s; files wait in the drop folder. Free space on that disk",
                                 metadata: ["error": "\(error)"])
                    said = true
                }
                notifier.send("READY=1\nWATCHDOG=1\nSTATUS=DISK FULL: waiting for space on \(full) to open \(what); files wait in the drop folder")
                let clock = ContinuousClock()
                let until = clock.now + spaceRetry
                while clock.now < until {
                    if EarlySignals.stopRequested {
                        logger.notice("stop asked for while waiting for space; watcherd exits without starting")
                        return nil
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }

    func run() async throws {
        let (config, pipeline) = try options.configAndPipelineOrExit()
        try options.checkHookOrExit(config)
        // A hook that exits without reading its input must give EPIPE, not kill the daemon.
        signal(SIGPIPE, SIG_IGN)
        let level = Logger.Level(config.logLevel)
        DaemonLogHandler.level = level
        LoggingSystem.bootstrap { label in DaemonLogHandler(label: label) }
        let logger = Logger(label: "watcherd")

        // One daemon to a state folder: a second one would record every file again. (Not the drop folder: a
        // descriptor held open on it keeps its inode alive, and a deleted drop folder would never be reported.)
        var lock: FolderLock?
        do {
            lock = try FolderLock(ConfigLoader.absolute(config.stateFolder))
        } catch .unsupported(let error) {
            logger.warning("the state folder cannot be locked here, so a second daemon on it would not be stopped", metadata: ["error": "\(error)"])
        } catch {
            logger.critical("\(Self.lockMessage(error, config: config))")
            throw ExitCode.failure
        }
        defer { withExtendedLifetime(lock) {} }

        let environment = ProcessInfo.processInfo.environment
        let notifier = SystemdNotifier(environment: environment)
        let ledger: RecordLedger
        do {
            guard let opened = try await Self.waitingForSpace("the ledger", config: config, notifier: notifier, logger: logger, {
                try RecordLedger(config: config, logger: logger)
            }) else { return }
            ledger = opened
        } catch {
            logger.critical("cannot open the output logs", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        let startedAt = Timestamp.now()
        let settings = LiveSettings(config: config, pipeline: pipeline)
        let queue = IngestQueue()
        let stats = PipelineStats()
        let forwarderStats = config.nats.map { _ in ForwarderStats() }
        let snapshot: @Sendable () async -> MetricsSnapshot = {
            MetricsSnapshot(stats: stats, queueDepth: queue.depth, inFlight: queue.inFlightCount,
                            recorded: await ledger.recordedCount, startedAt: startedAt, forwarder: forwarderStats)
        }
        let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
        let memory: StoryMemory
        do {
            guard let opened = try await Self.waitingForSpace("the story memory", config: config, notifier: notifier, logger: logger, {
                try StoryMemory(stateFolder: config.stateFolder, threshold: config.alerts.storySimilarity,
                                cooldownHours: config.alerts.cooldownHours, policy: config.alerts.repeats, logger: logger)
            }) else { return }
            memory = opened
        } catch {
            logger.critical("cannot open the story memory", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        let hook = config.alerts.hook.map { AlertHook(settings: $0, logger: logger) }
        let delivery: AlertDelivery
        do {
            guard let opened = try await Self.waitingForSpace("the alert delivery cursor", config: config, notifier: notifier, logger: logger, {
                try AlertDelivery(stateFolder: config.stateFolder, alertsLog: config.alertsLog, logger: logger)
            }) else { return }
            delivery = opened
        } catch {
            logger.critical("cannot read the alert delivery cursor", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        let alerting = AlertDispatcher(memory: memory, hook: hook, delivery: delivery, stats: stats, logger: logger)
        stats.gazetteerSize.store(pipeline.recognizer?.gazetteer.actors.count ?? 0, ordering: .relaxed)
        logger.info("rules loaded", metadata: ["rules": "\(pipeline.rules.rules.count)", "actors": "\(pipeline.recognizer?.gazetteer.actors.count ?? 0)",
                                             "name_tagger": "\(pipeline.recognizer?.tagger == nil ? "off" : "on")"])
        if pipeline.rules.rules.isEmpty {
            logger.warning("no rule is loaded, so no alert will be raised; keep alerts.watchlist on or give rule files")
        }
        let pipelineService = PipelineService(settings: settings, queue: queue, ledger: ledger, stats: stats, alerting: alerting, logger: logger)
        let dropFolderService = DropFolderService(config: config, queue: queue, stats: stats, logger: logger) {
            notifier.send("READY=1\nSTATUS=watching \(config.dropFolder)", essential: true)
            readyContinuation.yield()
            readyContinuation.finish()
        }
        let stateFolder = ConfigLoader.absolute(config.stateFolder)
        let reloadService = ReloadService(options: options, settings: settings, ledger: ledger, stats: stats, notifier: notifier,
                                          stateFolder: stateFolder, logger: logger)
        do {
            try PIDFile.write(stateFolder: stateFolder)
        } catch {
            logger.warning("cannot write the PID file; `watcherd reload` needs $MAINPID or --pid", metadata: ["error": "\(error)"])
        }
        defer { PIDFile.remove(stateFolder: stateFolder) }
        let metricsService = MetricsService(path: config.effectiveMetricsFile, intervalSeconds: config.metricsIntervalSeconds, logger: logger,
                                           changes: { stats.changeCount }, snapshot: snapshot)
        let notifyService = NotifyService(
            notifier: notifier, watchdog: SystemdNotifier.watchdogInterval(environment: environment), stats: stats,
            snapshot: snapshot, ready: ready, logger: logger)
        // Publishing to NATS, only when configured: it reads the logs, so it stops after the pipeline flushed them.
        // With input.nats, article files also come from the work queue; the consumer stops first at shutdown.
        var forwarderService: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var consumerService: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let settings = config.nats, let forwarderStats {
            let forwarder = StreamForwarder(settings: settings, articlesLog: config.articlesLog, alertsLog: config.alertsLog,
                                            stateFolder: config.stateFolder, stats: forwarderStats, logger: logger)
            forwarderService = [.init(service: BlockingLoopService.forwarder(forwarder))]
            if config.inputFromNats {
                let consumer = WorkQueueConsumer(config: config, settings: settings, stats: forwarderStats, logger: logger)
                consumerService = [.init(service: BlockingLoopService.consumer(consumer))]
            }
        }
        // Graceful shutdown runs in reverse order: tell systemd, stop finding files, let the pipeline finish what it
        // took, publish what is left, then write the metrics one last time.
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: metricsService),
                ] + forwarderService + [
                    .init(service: pipelineService),
                    .init(service: dropFolderService),
                ] + consumerService + [
                    .init(service: reloadService),
                    .init(service: notifyService),
                    .init(service: EarlyStopService(logger: logger), successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        let redelivery = Task { await alerting.redeliverBacklog() }
        do {
            try await group.run()
            redelivery.cancel()
            await hook?.terminateRunning()
            await delivery.save()
        } catch {
            redelivery.cancel()
            await hook?.terminateRunning()
            await delivery.save()
            logger.critical("stopping", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }
}

/// Stops the daemon gracefully when SIGTERM or SIGINT came before the service group listened for them.
struct EarlyStopService: Service, CustomStringConvertible {
    var description: String { "EarlyStopService" }
    let logger: Logger

    func run() async throws {
        // The group traps the stop signals before it starts any service, so from here on they reach it directly.
        if EarlySignals.stopRequested {
            logger.notice("a stop signal arrived while starting; stopping")
            return
        }
        try? await gracefulShutdown()
    }
}

extension RunCommand {
    /// The sentence for a folder that could not be locked: which folder, who holds it, what to do.
    static func lockMessage(_ failure: FolderLock.Failure, config: WatcherConfig) -> String {
        switch failure {
        case .held(let path):
            let stateFolder = ConfigLoader.absolute(config.stateFolder)
            let pid = PIDFile.read(stateFolder: stateFolder).map { " (PID \($0), in \(PathText.display(PIDFile.path(stateFolder: stateFolder))))" } ?? ""
            return "another watcherd is already running on the state folder \(PathText.display(path))\(pid); "
                + "a second daemon there would record every file twice. Stop the other one first, or give this one a "
                + "state_folder of its own (a daemon beside another needs its own state_folder and drop_folder)."
        case .system(let error), .unsupported(let error):
            return "cannot lock the state folder: \(error)"
        }
    }
}
