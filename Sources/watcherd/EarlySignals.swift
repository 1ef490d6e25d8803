import CEarlySignals

/// SIGHUP, SIGTERM and SIGINT are counted from before `main` (a constructor in CEarlySignals) until the services
/// that handle them are listening. Without it a signal sent right after start (`systemctl start && systemctl
/// reload`, a logrotate right after a restart) met the default action and killed the daemon. What arrives early is
/// acted on once the handlers exist: one reload, or a graceful stop.
enum EarlySignals {
    /// Takes the early hangups: how many arrived before the reload handler took over (it answers them once).
    static func takeHangups() -> Int { Int(watcherd_early_hangups_take()) }

    /// Whether a stop was asked for before the service group listened for it.
    static var stopRequested: Bool { watcherd_early_stops() > 0 }

    /// For every command but the daemon: the default actions, and any early signal delivered now.
    static func release() { watcherd_early_signals_release() }
}
