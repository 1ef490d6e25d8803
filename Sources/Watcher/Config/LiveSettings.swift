import Synchronization

/// The settings and pipeline in force, swapped as a whole on reload so a file is never processed with half-old,
/// half-new settings.
public final class LiveSettings: Sendable {
    /// What a worker uses for one file.
    public struct Snapshot: Sendable {
        public let config: WatcherConfig
        public let pipeline: Pipeline
    }

    private let current: Mutex<Snapshot>

    public init(config: WatcherConfig, pipeline: Pipeline) {
        current = Mutex(Snapshot(config: config, pipeline: pipeline))
    }

    public var snapshot: Snapshot { current.withLock { $0 } }

    /// Installs new settings. Keys that only take effect at start are kept as they were and named in the result.
    @discardableResult
    public func replace(config new: WatcherConfig, pipeline: Pipeline) -> [String] {
        current.withLock { snapshot in
            var merged = new
            var needRestart: [String] = []
            let old = snapshot.config
            func keep<T: Equatable>(_ key: String, _ path: WritableKeyPath<WatcherConfig, T>) {
                if merged[keyPath: path] != old[keyPath: path] {
                    needRestart.append(key)
                    merged[keyPath: path] = old[keyPath: path]
                }
            }
            keep("drop_folder", \.dropFolder)
            keep("output.articles", \.articlesLog)
            keep("output.alerts", \.alertsLog)
            keep("state_folder", \.stateFolder)
            keep("processed_folder", \.processedFolder)
            keep("failed_folder", \.failedFolder)
            keep("workers", \.workers)
            keep("ignore", \.ignore)
            keep("fsync", \.fsync)
            keep("reconcile_interval_s", \.reconcileSeconds)
            keep("watch", \.watch)
            keep("poll_interval_ms", \.pollIntervalMilliseconds)
            keep("metrics_file", \.metricsFile)
            keep("metrics_interval_s", \.metricsIntervalSeconds)
            keep("alerts.cooldown_h", \.alerts.cooldownHours)
            keep("alerts.repeats", \.alerts.repeats)
            keep("alerts.story_similarity", \.alerts.storySimilarity)
            keep("alerts.hook", \.alerts.hook)
            keep("nats", \.nats)
            keep("input.nats", \.inputFromNats)
            snapshot = Snapshot(config: merged, pipeline: pipeline)
            return needRestart
        }
    }
}
