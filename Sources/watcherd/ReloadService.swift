import Logging
import ServiceLifecycle
import UnixSignals
import Watcher

/// Handles SIGHUP: reopens the output logs (logrotate's `create` + HUP) and reloads the configuration.
/// A configuration with an error is not applied; the old one stays and the reason is logged.
struct ReloadService: Service, CustomStringConvertible {
    var description: String { "ReloadService" }
    let options: ConfigOptions
    let settings: LiveSettings
    let ledger: RecordLedger
    let stats: PipelineStats
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            await reload()
        }
    }

    private func reload() async {
        logger.info("SIGHUP: reopening logs and reloading the configuration")
        // systemd waits for READY=1 after RELOADING=1; MONOTONIC_USEC lets it tell this reload from an older one.
        notifier.send("RELOADING=1\nMONOTONIC_USEC=\(SystemClock.monotonicMicroseconds())", essential: true)
        defer { notifier.send("READY=1\nSTATUS=reloaded", essential: true) }
        do {
            try await ledger.reopen()
        } catch {
            logger.error("cannot reopen the output logs", metadata: ["error": "\(error)"])
        }
        do {
            let config = try options.load()
            let pipeline = try options.pipeline(for: config)
            let needRestart = settings.replace(config: config, pipeline: pipeline)
            stats.configReloads.add(1, ordering: .relaxed)
            stats.gazetteerSize.store(pipeline.recognizer?.gazetteer.actors.count ?? 0, ordering: .relaxed)
            logger.info("rules and gazetteer reloaded", metadata: ["rules": "\(pipeline.rules.rules.count)", "actors": "\(pipeline.recognizer?.gazetteer.actors.count ?? 0)"])
            if !needRestart.isEmpty {
                logger.warning("configuration reloaded; these keys only change at restart", metadata: ["keys": "\(needRestart.joined(separator: ", "))"])
            } else {
                logger.info("configuration reloaded")
            }
        } catch {
            stats.configReloadFailures.add(1, ordering: .relaxed)
            logger.error("configuration not reloaded; keeping the one in force", metadata: ["error": "\(error)"])
        }
    }
}
