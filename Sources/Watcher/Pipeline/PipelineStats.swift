import Synchronization

/// Counters shared by every worker, read by the status line, metrics and the watchdog.
public final class PipelineStats: Sendable {
    public let filesSeen = Atomic<Int>(0)
    public let filesProcessed = Atomic<Int>(0)
    public let filesFailed = Atomic<Int>(0)
    public let duplicatesSkipped = Atomic<Int>(0)
    public let alertsRaised = Atomic<Int>(0)
    public let bytesProcessed = Atomic<Int>(0)
    /// Milliseconds since the epoch of the last durable record write.
    public let lastWriteMilliseconds = Atomic<Int64>(0)
    /// CLOCK_MONOTONIC µs at which a worker last finished a file or found the queue empty: the watchdog's proof of life.
    public let lastProgressMicroseconds = Atomic<UInt64>(0)
    /// CLOCK_MONOTONIC µs of the inotify thread's last loop (it wakes at least every second).
    public let watcherBeatMicroseconds = Atomic<UInt64>(0)
    public let configReloads = Atomic<Int>(0)
    public let configReloadFailures = Atomic<Int>(0)
    /// Record writes that failed because the disk holding the output logs is full (ENOSPC, EDQUOT).
    public let writesFailedNoSpace = Atomic<Int>(0)
    /// Whether the last record write failed for lack of space (cleared by the next write that succeeds).
    public let outputDiskFull = Atomic<Bool>(false)
    /// Whether an fsync of the output logs failed: nothing more is recorded in this run (see ``RecordLedger``).
    public let recordingStopped = Atomic<Bool>(false)
    /// Reads put off because this host could not read a file for now (too many open files, an I/O error): the file
    /// stays in the drop folder for the next listing.
    public let readsPostponed = Atomic<Int>(0)
    /// Files found with a modification time in the future (clock skew), read once seen unchanged.
    public let futureModificationTimes = Atomic<Int>(0)
    /// Actors in the gazetteer in force (0 until entity recognition is configured).
    public let gazetteerSize = Atomic<Int>(0)
    private let failures = Mutex<[String: Int]>([:])
    private let alertCounts = Mutex<[AlertKey: Int]>([:])
    private let durations = Mutex<DurationHistogram>(DurationHistogram())
    private let extractionWarnings = Mutex<[String: Int]>([:])
    private let entityCounts = Mutex<[EntityKey: Int]>([:])

    /// Entities are counted by what found them and whether the gazetteer lists them.
    public struct EntityKey: Hashable, Sendable {
        public let source: String
        public let known: Bool
    }

    /// Alerts are counted by rule and severity.
    public struct AlertKey: Hashable, Sendable {
        public let rule: String
        public let severity: String
    }

    /// Upper bounds (seconds) of the processing-duration histogram's buckets.
    public static let durationBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    /// A Prometheus-style cumulative histogram of per-file processing time.
    public struct DurationHistogram: Sendable {
        public var counts = [Int](repeating: 0, count: PipelineStats.durationBuckets.count)
        public var total = 0
        public var sum = 0.0
    }

    public init() {}

    public func observeDuration(seconds: Double) {
        durations.withLock { histogram in
            for (index, bound) in Self.durationBuckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
            histogram.total += 1
            histogram.sum += seconds
        }
    }

    public var durationHistogram: DurationHistogram { durations.withLock { $0 } }

    public func countAlert(rule: String, severity: String) {
        alertsRaised.add(1, ordering: .relaxed)
        alertCounts.withLock { $0[AlertKey(rule: rule, severity: severity), default: 0] += 1 }
    }

    public var alertsByRule: [AlertKey: Int] { alertCounts.withLock { $0 } }

    public func countFailure(_ code: IngestError.Code) {
        filesFailed.add(1, ordering: .relaxed)
        failures.withLock { $0[code.rawValue, default: 0] += 1 }
    }

    /// Failed files by error code.
    public var failuresByCode: [String: Int] { failures.withLock { $0 } }

    /// Grows whenever a counter that `watcherd status` shows changes: the metrics writer compares it to decide that
    /// a prompt rewrite is due.
    public var changeCount: Int {
        filesSeen.load(ordering: .relaxed) &+ filesProcessed.load(ordering: .relaxed) &+ filesFailed.load(ordering: .relaxed)
            &+ duplicatesSkipped.load(ordering: .relaxed) &+ alertsRaised.load(ordering: .relaxed)
            &+ configReloads.load(ordering: .relaxed) &+ configReloadFailures.load(ordering: .relaxed)
            &+ writesFailedNoSpace.load(ordering: .relaxed) &+ (outputDiskFull.load(ordering: .relaxed) ? 1 << 40 : 0)
            &+ (recordingStopped.load(ordering: .relaxed) ? 1 << 41 : 0)
    }

    /// Counts each extraction warning of a recorded article.
    public func countExtractionWarnings(_ warnings: [Extraction.Warning]) {
        guard !warnings.isEmpty else { return }
        extractionWarnings.withLock { counts in for warning in warnings { counts[warning.rawValue, default: 0] += 1 } }
    }

    /// Recorded articles by extraction warning.
    public var extractionWarningsByKind: [String: Int] { extractionWarnings.withLock { $0 } }

    /// Counts the entities of a recorded article by source (gazetteer, tagger, trigger) and `known`, so that an
    /// operator sees whether the name tagger is on and how many unlisted entities it finds, without the records.
    public func countEntities(_ entities: [Entity]) {
        guard !entities.isEmpty else { return }
        var local: [EntityKey: Int] = [:]
        for entity in entities { local[EntityKey(source: entity.source.rawValue, known: entity.known), default: 0] += 1 }
        entityCounts.withLock { counts in for (key, count) in local { counts[key, default: 0] += count } }
    }

    /// Recorded entities by source and `known`.
    public var entitiesBySource: [EntityKey: Int] { entityCounts.withLock { $0 } }

    public func markProgress() {
        lastProgressMicroseconds.store(Syscalls.monotonicMicroseconds(), ordering: .relaxed)
    }
}
