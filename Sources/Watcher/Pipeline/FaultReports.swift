import Logging
import Synchronization
import SystemPackage

/// Record writes that fail because the output disk is full: one error line when it starts, then at most one per
/// reconcile interval with the count of failed writes, a metric and a STATUS= flag, and one line when space is back.
/// Before, every waiting file logged an error at every listing (808 lines in 20 s on a full disk).
final class DiskFullReporter: Sendable {
    private struct State {
        var full = false
        var failuresSinceLog = 0
        var files = Set<String>()
        var loggedAt: UInt64 = 0
    }

    private let state = Mutex(State())
    private let stats: PipelineStats
    private let logger: Logger

    init(stats: PipelineStats, logger: Logger) {
        self.stats = stats
        self.logger = logger
    }

    /// Whether `error` means the disk (or the user's quota) is full.
    static func isNoSpace(_ error: any Error) -> Bool {
        guard let error = error as? SystemError else { return false }
        return error.errno == .noSpace || error.errno == .diskQuotaExceeded
    }

    /// A record for `file` could not be written for lack of space; its source stays in the drop folder.
    func failed(file: String, error: any Error, reportEverySeconds: Int) {
        stats.writesFailedNoSpace.add(1, ordering: .relaxed)
        stats.outputDiskFull.store(true, ordering: .relaxed)
        let now = Syscalls.monotonicMicroseconds()
        let report: (first: Bool, failures: Int, files: Int)? = state.withLock { state in
            state.failuresSinceLog += 1
            if state.files.count < 100_000 { state.files.insert(file) }
            let first = !state.full
            guard first || now &- state.loggedAt >= UInt64(max(reportEverySeconds, 1)) * 1_000_000 else { return nil }
            state.full = true
            state.loggedAt = now
            defer { state.failuresSinceLog = 0 }
            return (first, state.failuresSinceLog, state.files.count)
        }
        guard let report else { return }
        if report.first {
            logger.error("the disk holding the output logs is full: records cannot be written. Each failed write was cut back, so the logs stay whole; the files stay in the drop folder and are recorded once space is freed",
                         metadata: ["file": "\(file)", "error": "\(error)"])
        } else {
            logger.error("the output disk is still full; files wait in the drop folder",
                         metadata: ["failed_writes": "\(report.failures)", "files_waiting": "\(report.files)"])
        }
    }

    /// A record was written: if the disk was full, say that recording goes on.
    func succeeded() {
        guard stats.outputDiskFull.load(ordering: .relaxed) else { return }
        let files = state.withLock { state -> Int? in
            guard state.full else { return nil }
            defer { state = State() }
            return state.files.count
        }
        stats.outputDiskFull.store(false, ordering: .relaxed)
        if let files { logger.notice("space on the output disk is back; recording again", metadata: ["files_that_waited": "\(files)"]) }
    }
}

/// Files whose modification time lies in the future (clock skew between hosts, `cp -p`, archives): each is logged
/// and counted once, then read once the daemon has seen it unchanged over the quiet period by its own clock.
final class SkewedFiles: Sendable {
    private let seen = Mutex(Set<FilePath>())
    private let stats: PipelineStats
    private let logger: Logger

    init(stats: PipelineStats, logger: Logger) {
        self.stats = stats
        self.logger = logger
    }

    func note(_ path: FilePath, aheadByMilliseconds: Int64) {
        let isNew = seen.withLock { seen in
            if seen.count >= 10_000 { seen.removeAll() }
            return seen.insert(path).inserted
        }
        guard isNew else { return }
        stats.futureModificationTimes.add(1, ordering: .relaxed)
        logger.warning("the file's modification time is in the future (clock skew?); it is read once unchanged for the quiet period, by this host's clock",
                       metadata: ["file": "\(PathText.display(path))", "ahead_s": "\(aheadByMilliseconds / 1000)"])
    }
}

/// Counts the I/O errors met reading each file in a row. A disk or share that fails on one file every time would keep
/// it in the drop folder for ever, retried at every listing with a warning and never recorded: after
/// ``limit`` such reads, over at least ``minimumSpan``, it is rejected instead, with an error record that says so, and
/// goes to quarantine (a rename, which reads nothing; a copy when the quarantine is on another file system). Errors
/// of this host's (no descriptors, no memory) stay transient without limit.
final class FailingReads: Sendable {
    /// Reads that failed with an I/O error, in a row, before the file is given up on.
    static let limit = 5
    /// The failures must also span this long: in poll mode five listings can come within seconds, and a share's
    /// glitch of a few seconds is no failing disk.
    static let minimumSpan: Duration = .seconds(30)

    /// What to do about one more failed read.
    enum Verdict: Equatable {
        /// Try again at the next listing; this was try `tries` in a row.
        case retry(tries: Int)
        /// Give up now: reject the file after `tries` failures.
        case giveUp(tries: Int)
        /// Given up on before (its error record written; its quarantine failed too, as a copy to another file
        /// system reads the file): leave it in the drop folder, without rejecting it again at every fifth listing.
        case givenUp
    }

    private struct State {
        var failures: [FilePath: (count: Int, first: ContinuousClock.Instant)] = [:]
        var givenUp = Set<FilePath>()
    }

    private let state = Mutex(State())

    /// Whether `error` says something about the file's storage, not about this host's state.
    static func isStorageFault(_ error: SystemError) -> Bool { error.errno == .ioError }

    /// Counts one more failed read of `path` and says what to do: give up after ``limit`` of them in a row, the
    /// first at least ``minimumSpan`` ago.
    func failed(_ path: FilePath) -> Verdict {
        let now = ContinuousClock.now
        return state.withLock { state in
            if state.givenUp.contains(path) { return .givenUp }
            if state.failures.count >= 10_000 { state.failures.removeAll() }
            var entry = state.failures[path] ?? (0, now)
            entry.count += 1
            guard entry.count >= Self.limit && now - entry.first >= Self.minimumSpan else {
                state.failures[path] = entry
                return .retry(tries: entry.count)
            }
            state.failures[path] = nil
            if state.givenUp.count >= 10_000 { state.givenUp.removeAll() }
            state.givenUp.insert(path)
            return .giveUp(tries: entry.count)
        }
    }

    /// Forgets `path`'s failures: it was read, or has gone.
    func settled(_ path: FilePath) {
        state.withLock { state in
            if !state.failures.isEmpty { state.failures[path] = nil }
            if !state.givenUp.isEmpty { state.givenUp.remove(path) }
        }
    }
}
