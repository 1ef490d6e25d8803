import ArgumentParser
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

    func run() async throws {
        let config: WatcherConfig
        let pipeline: Pipeline
        do {
            config = try options.load()
            pipeline = try Pipeline(config: config)
        } catch {
            printError("watcherd: invalid configuration: \(error)")
            throw ExitCode.failure
        }
        let level = Logger.Level(config.logLevel)
        LoggingSystem.bootstrap { label in DaemonLogHandler(label: label, level: level) }
        var logger = Logger(label: "watcherd")
        logger.logLevel = level

        let ledger: RecordLedger
        do {
            ledger = try RecordLedger(config: config, logger: logger)
        } catch {
            logger.critical("cannot open the output logs", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        let settings = LiveSettings(config: config, pipeline: pipeline)
        let queue = IngestQueue()
        let stats = PipelineStats()
        let pipelineService = PipelineService(settings: settings, queue: queue, ledger: ledger, stats: stats, logger: logger)
        let dropFolderService = DropFolderService(config: config, queue: queue, stats: stats, logger: logger)
        let reloadService = ReloadService(options: options, settings: settings, ledger: ledger, logger: logger)
        // Shut down in reverse order: stop finding files first, then let the pipeline finish what it took.
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: pipelineService),
                    .init(service: dropFolderService),
                    .init(service: reloadService),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            logger.critical("stopping", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }
}
