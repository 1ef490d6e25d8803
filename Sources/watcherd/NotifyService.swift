import Logging
import ServiceLifecycle
import Watcher

/// Keeps systemd informed: STATUS= every few seconds, WATCHDOG=1 only while the pipeline proves progress, and
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
        try? await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let current = await snapshot()
                var message: [String] = []
                if sinceStatus <= .zero {
                    message.append("STATUS=" + current.statusLine)
                    sinceStatus = Self.statusInterval
                }
                if let watchdog {
                    if isHealthy(current, window: watchdog * 2) {
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

    /// Healthy: the inotify thread loops, and either nothing is waiting or a worker finished a file recently. A failed
    /// fsync does not count against it: a restart soon after would read the logs back from the page cache, which can
    /// hold lines the disk never got, and dispose of their sources (see docs/ledger.md); the operator restarts after
    /// checking the disk.
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
