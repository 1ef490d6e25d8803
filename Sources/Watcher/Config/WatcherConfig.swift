#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Everything watcherd can be told, with the embedded default for every key.
///
/// Paths may be relative; they are resolved against the working directory the daemon was started in.
public struct WatcherConfig: Sendable, Equatable {
    /// The folder users drop article files into (watched recursively).
    public var dropFolder: FilePath = "./drop"
    /// One JSON record per article, appended.
    public var articlesLog: FilePath = "./out/articles.jsonl"
    /// One JSON record per alert, appended.
    public var alertsLog: FilePath = "./out/alerts.jsonl"
    /// Durable state: the set of recorded file hashes, story memory, metrics.
    public var stateFolder: FilePath = "./out/state"
    /// Where sources go after their record is durable (`disposition: move`). Must lie outside the drop folder.
    public var processedFolder: FilePath = "./out/processed"
    /// The quarantine for files that could not be processed, each with a `NAME.error.json` sidecar.
    public var failedFolder: FilePath = "./out/failed"
    public var disposition: Disposition = .move
    /// Files larger than this are rejected unread.
    public var maxFileSize: Int = 10 * 1024 * 1024
    public var fsync: FsyncPolicy = .always
    /// Shell-style patterns (fnmatch) matched against each file's name; matches are never picked up.
    public var ignore: [String] = [".*", "*.part", "*.tmp", "*~", "*.swp", "*.filepart", "*.crdownload", "*.partial"]
    /// Files processed in parallel; 0 means one per CPU core.
    public var workers: Int = 0
    public var duplicates: DuplicatePolicy = .skip
    /// A file is only read once its size and mtime have not changed for this long (for FTP/SMB uploads that close
    /// the file several times). 0 reads on the first close.
    public var settleMilliseconds: Int = 0
    /// How often the drop folder is listed in full to catch anything inotify missed.
    public var reconcileSeconds: Int = 60
    /// How new files are noticed: inotify, or listing the folder (network and FUSE file systems).
    public var watch: WatchSetting = .auto
    /// Whether the statistical name tagger runs beside the gazetteer (names nobody listed become `known: false`
    /// entities). On by default; `false` leaves the gazetteer and trigger discovery alone (docs/ner.md).
    public var nameTagger: Bool = true
    /// How often the folder is listed in poll mode.
    public var pollIntervalMilliseconds: Int = 2_000
    public var logLevel: LogLevelSetting = .info
    /// Prometheus text-format metrics for node_exporter's textfile collector; nil means `<state_folder>/watcherd.prom`.
    public var metricsFile: FilePath? = nil
    /// How often the metrics file is rewritten.
    public var metricsIntervalSeconds: Int = 10

    /// ``metricsFile`` with its default applied.
    public var effectiveMetricsFile: FilePath { metricsFile ?? stateFolder.appending("watcherd.prom") }
    /// The user's own gazetteer files, loaded over the embedded one: more actors, or more variants of known ones.
    public var gazetteers: [FilePath] = []

    public var alerts = AlertSettings()
    /// Publishing to NATS JetStream; nil (the default) publishes nothing.
    public var nats: NatsSettings? = nil
    /// `input.nats`: also take article files from the NATS work queue (needs ``nats``).
    public var inputFromNats = false
    /// Extra parser tables (YAML, the shape of data/parser.yaml) merged in order over the embedded ones, so new
    /// outlets, chrome lines or month spellings need no rebuild.
    public var parserTables: [FilePath] = []

    public init() {}

    /// The same configuration with every path made absolute against the working directory, once, at load.
    public func resolvingPaths() -> WatcherConfig {
        var config = self
        config.dropFolder = ConfigLoader.absolute(dropFolder)
        config.articlesLog = ConfigLoader.absolute(articlesLog)
        config.alertsLog = ConfigLoader.absolute(alertsLog)
        config.stateFolder = ConfigLoader.absolute(stateFolder)
        config.processedFolder = ConfigLoader.absolute(processedFolder)
        config.failedFolder = ConfigLoader.absolute(failedFolder)
        config.metricsFile = metricsFile.map(ConfigLoader.absolute)
        return config
    }

    /// ``workers`` with 0 resolved to the number of online cores.
    public var effectiveWorkers: Int {
        workers > 0 ? workers : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

/// What happens to a source file once its record is durable.
public enum Disposition: String, Sendable, CaseIterable {
    /// Move it to the processed folder.
    case move
    /// Delete it.
    case delete
    /// Leave it in the drop folder (its hash keeps it from being recorded again).
    case keep
}

/// When records are flushed to disk before their source file is moved or deleted.
public enum FsyncPolicy: Sendable, Equatable {
    /// `fsync` after every record.
    case always
    /// `fsync` at most every N milliseconds; sources wait for the flush that covers their record.
    case interval(milliseconds: Int)
}

/// What to do with a file whose exact bytes were already recorded.
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// Log it and dispose of it without a second record.
    case skip
    /// Record it again.
    case record
}

/// The least severe log level printed.
public enum LogLevelSetting: String, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}
