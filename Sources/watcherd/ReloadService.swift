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
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            await reload()
        }
    }

    private func reload() async {
        logger.info("SIGHUP: reopening logs and reloading the configuration")
        do {
            try await ledger.reopen()
        } catch {
            logger.error("cannot reopen the output logs", metadata: ["error": "\(error)"])
        }
        do {
            let config = try options.load()
            let needRestart = settings.replace(config: config, pipeline: try Pipeline(config: config))
            if !needRestart.isEmpty {
                logger.warning("configuration reloaded; these keys only change at restart", metadata: ["keys": "\(needRestart.joined(separator: ", "))"])
            } else {
                logger.info("configuration reloaded")
            }
        } catch {
            logger.error("configuration not reloaded; keeping the one in force", metadata: ["error": "\(error)"])
        }
    }
}
