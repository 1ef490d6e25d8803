import Logging
import ServiceLifecycle
import Watcher

/// Keeps systemd informed: STATUS= every few seconds, WATCHDOG=1 only while the pipeline proves progress and can
/// record (after a failed fsync it cannot until a restart), and
/// STOPPING=1 when shutdown begins. READY=1 and RELOADING=1 are sent by the services that know the moment.
struct NotifyService: Service, CustomStringConvertible {
    var description: String { "NotifyService" }
    let notifier: SystemdNotifier
    let watchdog: Duration?
    let stats: PipelineStats
    let snapshot: @Sendable () async -> MetricsSnapshot
    /// Yields once READY=1 has been sent; nothing else is sent before it.
    let ready: AsyncStream<Void>
    let logger: Logger

    /// The status line is refreshed at least this often (systemd shows it in `systemctl status`).
    static let statusInterval: Duration = .seconds(5)

    func run() async throws {
        guard notifier.isActive else {
            // Nothing to tell; returning early would end the service group.
            try? await gracefulShutdown()
            return
        }
        for await _ in ready.cancelOnGracefulShutdown() { break }
        let tick = min(watchdog ?? Self.statusInterval, Self.statusInterval)
        var sinceStatus: Duration = .zero
        var wedgedLogged = false
        var stoppedLogged = false
        try? await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let current = await snapshot()
                var message: [String] = []
                if sinceStatus <= .zero {
                    message.append("STATUS=" + current.statusLine)
                    sinceStatus = Self.statusInterval
                }
                if let watchdog {
                    if stats.recordingStopped.load(ordering: .relaxed) {
                        // A restart is the way back: it rebuilds the ledger from what is on disk and records the
                        // files that wait in the drop folder.
                        if !stoppedLogged {
                            logger.critical("recording stopped after a failed fsync of the output logs; withholding the watchdog ping so systemd restarts watcherd, which re-reads its logs from disk")
                            stoppedLogged = true
                        }
                    } else if isHealthy(current, window: watchdog * 2) {
                        message.append("WATCHDOG=1")
                        wedgedLogged = false
                    } else if !wedgedLogged {
                        logger.error("pipeline made no progress with files waiting; withholding the watchdog ping so systemd restarts watcherd")
                        wedgedLogged = true
                    }
                }
                if !message.isEmpty { notifier.send(message.joined(separator: "\n")) }
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
                sinceStatus -= tick
            }
        } onGracefulShutdown: {
            notifier.send("STOPPING=1\nSTATUS=stopping: finishing files in flight", essential: true)
        }
    }

    /// Healthy: the inotify thread loops, and either nothing is waiting or a worker finished a file recently.
    private func isHealthy(_ current: MetricsSnapshot, window: Duration) -> Bool {
        let now = SystemClock.monotonicMicroseconds()
        let windowMicros = UInt64(window.components.seconds) * 1_000_000 + UInt64(window.components.attoseconds / 1_000_000_000_000)
        let beat = stats.watcherBeatMicroseconds.load(ordering: .relaxed)
        let watcherAlive = beat == 0 || now &- beat < windowMicros
        let idle = current.queueDepth == 0 && current.inFlight == 0
        let progress = now &- stats.lastProgressMicroseconds.load(ordering: .relaxed) < windowMicros
        return watcherAlive && (idle || progress)
    }
}
