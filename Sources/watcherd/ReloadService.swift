import Foundation
import Logging
import SystemPackage
import ServiceLifecycle
import UnixSignals
import Watcher

/// Handles SIGHUP: reopens the output logs (logrotate's `create` + HUP) and reloads the configuration.
/// A configuration with an error is not applied; the old one stays and the reason is logged. Each answer is written
/// to `state/reload.json` for `watcherd reload`.
struct ReloadService: Service, CustomStringConvertible {
    var description: String { "ReloadService" }
    let options: ConfigOptions
    let settings: LiveSettings
    let ledger: RecordLedger
    let stats: PipelineStats
    let notifier: SystemdNotifier
    let stateFolder: FilePath
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        // The handler is listening now; a hangup that came before it was counted by EarlySignals and is answered once.
        var answered = 0
        if EarlySignals.takeHangups() > 0 {
            logger.notice("SIGHUP arrived while starting; reloading now")
            answered += 1
            await reload(answer: answered)
        }
        for await _ in hangups.cancelOnGracefulShutdown() {
            answered += 1
            await reload(answer: answered)
        }
    }

    private func reload(answer: Int) async {
        logger.info("SIGHUP: reopening logs and reloading the configuration")
        // systemd waits for READY=1 after RELOADING=1; MONOTONIC_USEC lets it tell this reload from an older one.
        notifier.send("RELOADING=1\nMONOTONIC_USEC=\(SystemClock.monotonicMicroseconds())", essential: true)
        defer { notifier.send("READY=1\nSTATUS=reloaded", essential: true) }
        var problems: [String] = []
        do {
            try await ledger.reopen()
        } catch {
            logger.error("cannot reopen the output logs", metadata: ["error": "\(error)"])
            problems.append("the output logs could not be reopened: \(error)")
        }
        var outcome = "applied"
        var message: String
        do {
            let config = try options.load()
            let pipeline = try options.pipeline(for: config)
            let needRestart = settings.replace(config: config, pipeline: pipeline)
            let level = Logger.Level(config.logLevel)
            let before = DaemonLogHandler.level
            if level != before {
                DaemonLogHandler.level = level  // every logger of the process reads it
                logger.notice("log level changed", metadata: ["from": "\(before)", "to": "\(level)"])
            }
            stats.configReloads.add(1, ordering: .relaxed)
            stats.gazetteerSize.store(pipeline.recognizer?.gazetteer.actors.count ?? 0, ordering: .relaxed)
            logger.info("rules and gazetteer reloaded", metadata: ["rules": "\(pipeline.rules.rules.count)", "actors": "\(pipeline.recognizer?.gazetteer.actors.count ?? 0)",
                                                                   "name_tagger": "\(pipeline.recognizer?.tagger == nil ? "off" : "on")"])
            message = "configuration reloaded: \(pipeline.rules.rules.count) rules, \(pipeline.recognizer?.gazetteer.actors.count ?? 0) actors"
            if !needRestart.isEmpty {
                logger.warning("configuration reloaded; these keys only change at restart", metadata: ["keys": "\(needRestart.joined(separator: ", "))"])
                message += "; these keys only change at restart: \(needRestart.joined(separator: ", "))"
            } else {
                logger.info("configuration reloaded")
            }
        } catch {
            stats.configReloadFailures.add(1, ordering: .relaxed)
            logger.error("configuration not reloaded; keeping the one in force", metadata: ["error": "\(error)"])
            outcome = "refused"
            message = "the new configuration was refused and the one in force is kept: \(error)"
        }
        if !problems.isEmpty {
            outcome = "refused"
            message = (problems + [message]).joined(separator: "; ")
        }
        let report = ReloadReport(pid: getpid(), count: answer, outcome: outcome, message: message, at: Timestamp.now().description)
        do {
            try report.write(stateFolder: stateFolder)
        } catch {
            logger.warning("cannot write the reload outcome; `watcherd reload` will time out", metadata: ["error": "\(error)"])
        }
    }
}
