#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Catches SIGHUP, SIGTERM and SIGINT from the first line of `main` (for `watcherd run`) until the services that handle them
/// are listening. Without it a signal sent right after start (`systemctl start && systemctl reload`, a logrotate
/// right after a restart) met the default action and killed the daemon. What arrives early is counted and acted on
/// once the handlers exist: a reload, or a graceful stop.
enum EarlySignals {
    static let hangups = Atomic<Int>(0)
    static let stops = Atomic<Int>(0)

    /// Installs the counting handler. Called first thing in `main`, before any thread or READY=1.
    static func install() {
        // Touch both globals now: their lazy initialisation must not first run inside the handler.
        _ = hangups.load(ordering: .relaxed)
        _ = stops.load(ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            if signal == SIGHUP {
                EarlySignals.hangups.add(1, ordering: .relaxed)
            } else {
                EarlySignals.stops.add(1, ordering: .relaxed)
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for signal in [SIGHUP, SIGTERM, SIGINT] { sigaction(signal, &action, nil) }
    }

    /// Takes the early hangups: how many arrived before the reload handler took over (it acts once for all).
    static func takeHangups() -> Int { hangups.exchange(0, ordering: .relaxed) }

    /// Whether a stop was asked for before the service group listened for it.
    static var stopRequested: Bool { stops.load(ordering: .relaxed) > 0 }
}
