#if canImport(Glibc)
import Glibc
#endif
import Logging
import ServiceLifecycle
import Synchronization
import SystemPackage

/// Takes files from the ``IngestQueue`` with a fixed number of workers, runs the ``Pipeline``, commits each record
/// through the ``RecordLedger`` and only then moves, deletes or quarantines the source.
///
/// At graceful shutdown it stops taking files, finishes those in flight and flushes.
public struct PipelineService: Service, CustomStringConvertible {
    public var description: String { "PipelineService" }

    private let settings: LiveSettings
    private let queue: IngestQueue
    private let ledger: RecordLedger
    private let stats: PipelineStats
    private let alerting: AlertDispatcher?
    private let logger: Logger
    private let diskFull: DiskFullReporter
    private let skewed: SkewedFiles
    private let failingReads = FailingReads()
    /// Rejected files whose quarantine failed (a full or read-only `failed/`): each reconcile sees them again, which
    /// is not a new failure to count.
    private let unquarantined = PathSet()

    /// Files found by a listing may still be open for writing: they are read only once unchanged for this long.
    static let scanQuietMilliseconds: Int64 = 1_000

    /// A file seen created and not closed since is left to its close event; past this, a listing reads it as it is
    /// (a writer that never closes, or a close event lost to a queue overflow), with a warning.
    static let openWriteGiveUp: Duration = .seconds(600)

    /// Files in flight per worker: one being processed, the others waiting for the fsync that makes their record
    /// durable (group commit; see ``RecordLedger``). With one file per worker, each worker sat idle through every fsync.
    static let filesInFlightPerWorker = 8

    public init(settings: LiveSettings, queue: IngestQueue, ledger: RecordLedger, stats: PipelineStats,
                alerting: AlertDispatcher? = nil, logger: Logger) {
        self.settings = settings
        self.queue = queue
        self.ledger = ledger
        self.stats = stats
        self.alerting = alerting
        self.logger = logger
        diskFull = DiskFullReporter(stats: stats, logger: logger)
        skewed = SkewedFiles(stats: stats, logger: logger)
    }

    public func run() async throws {
        let config = settings.snapshot.config
        let workers = config.effectiveWorkers
        logger.info("pipeline started", metadata: ["workers": "\(workers)"])
        stats.markProgress()
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await runWorkers(workers, fsync: config.fsync)
            } onGracefulShutdown: {
                queue.close()
            }
        } onCancel: {
            queue.close()
        }
        await ledger.close()
        logger.info("pipeline stopped", metadata: ["processed": "\(stats.filesProcessed.load(ordering: .relaxed))"])
    }

    private func runWorkers(_ workers: Int, fsync: FsyncPolicy) async {
        let workersDone = DoneFlag()
        await withTaskGroup(of: Void.self) { outer in
            if case .interval(let milliseconds) = fsync {
                outer.addTask {
                    // Runs until the workers are done, not until cancelled: a worker still committing after a
                    // cancellation waits for this flush, and would wait for ever if the timer stopped first.
                    while !workersDone.isSet {
                        // A detached sleep: a cancelled task's own sleep returns at once, which would spin.
                        await Task.detached { try? await Task.sleep(for: .milliseconds(milliseconds)) }.value
                        await ledger.flush()
                    }
                }
            }
            let slots = ProcessingSlots(workers)
            let order = ProcessingSlots(1)
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<(workers * Self.filesInFlightPerWorker) {
                    group.addTask { await work(slots, order: order) }
                }
            }
            workersDone.set()
            outer.cancelAll()
        }
    }

    private func work(_ slots: ProcessingSlots, order: ProcessingSlots) async {
        while let item = await queue.next() {
            let started = Syscalls.monotonicMicroseconds()
            await handle(item, slots: slots, order: order)
            stats.observeDuration(seconds: Double(Syscalls.monotonicMicroseconds() - started) / 1_000_000)
            queue.done(item.path)
            stats.markProgress()
        }
    }

    /// What one file is processed with: the settings in force when it was taken from the queue.
    private struct Job {
        let config: WatcherConfig
        let pipeline: Pipeline
        let reader: DropFileReader
        let disposer: FileDisposer

        init(_ snapshot: LiveSettings.Snapshot) {
            config = snapshot.config
            pipeline = snapshot.pipeline
            reader = DropFileReader(maxFileSize: config.maxFileSize)
            disposer = FileDisposer(processedFolder: config.processedFolder, failedFolder: config.failedFolder, disposition: config.disposition)
        }
    }

    private func handle(_ item: IngestQueue.Item, slots: ProcessingSlots, order: ProcessingSlots) async {
        let job = Job(settings.snapshot)
        let config = job.config
        let relative = DropFolderScanner(root: config.dropFolder, ignore: IgnoreRules(patterns: config.ignore)).relative(item.path)
        if item.origin == .scan, let age = queue.openedForWriting(item.path) {
            // Created while watched and not closed yet: a writer paused mid-file (sftp, scp, SMB) would be read
            // half-written, and the rest written into the processed folder, never recorded. A mark made before events
            // were lost may have lost its close too: the file is read once no byte was written to it for
            // `lostCloseQuietSeconds` (a paused writer is rarely still that long), not after ten minutes.
            if queue.markPredatesLostEvents(item.path), let info = try? Syscalls.lstat(item.path),
               Timestamp.now().milliseconds - Self.milliseconds(info.st_mtim) >= Int64(Self.lostCloseQuietSeconds) * 1_000 {
                logger.notice("its close event may have been lost with other inotify events; reading the file, unchanged for \(Self.lostCloseQuietSeconds) s",
                              metadata: ["file": "\(PathText.display(item.path))"])
                queue.forgetOpened(item.path)
            } else {
                guard age >= Self.openWriteGiveUp else {
                    logger.debug("file still open for writing; waiting for its close event", metadata: ["file": "\(PathText.display(item.path))"])
                    return
                }
                logger.warning("file created \(age.components.seconds / 60) minutes ago was never closed after writing; reading it as it is now",
                               metadata: ["file": "\(PathText.display(item.path))"])
                queue.forgetOpened(item.path)
            }
        }
        // A close event handled late (a backlog) for a file its writer has since opened again and is rewriting in
        // place (`scp`, `rsync --inplace` truncate and write): its mtime is after the event. Reading now would record
        // part of the new version; its own close event comes when it is complete. A mtime ahead of this host's clock
        // is skew, not a write, and is left to the settle rule.
        if let eventAt = item.eventAt, let info = try? Syscalls.lstat(item.path) {
            let modified = Self.milliseconds(info.st_mtim)
            if modified > eventAt, modified <= Timestamp.now().milliseconds + 1_000 {
                stats.readsPostponed.add(1, ordering: .relaxed)
                logger.notice("the file was written again after its close event; waiting for its next close",
                              metadata: ["file": "\(PathText.display(item.path))"])
                return
            }
        }
        let quiet = item.origin == .scan ? max(Int64(config.settleMilliseconds), Self.scanQuietMilliseconds) : Int64(config.settleMilliseconds)
        if quiet > 0, !(await settle(item.path, quietMilliseconds: quiet)) {
            logger.debug("file still changing; waiting for its close event", metadata: ["file": "\(PathText.display(item.path))"])
            return
        }
        // Reading and processing hold a slot (CPU and the file's bytes); the commit waits for its fsync without one.
        await slots.acquire()
        let prepared = await prepare(item.path, relative: relative, job: job)
        await slots.release()
        switch prepared {
        case .nothing:
            return
        case .duplicate(let key, let drop):
            skipDuplicate(key, drop: drop, job: job, source: item.path, relative: relative)
        case .recordedBefore(let key, let drop):
            disposeRecorded(key, drop: drop, job: job, source: item.path, relative: relative)
        case .result(let result):
            await commitAndDispose(result, job: job, source: item.path, relative: relative, order: order)
        }
    }

    /// What reading and processing a file left to do.
    private enum Prepared {
        /// Vanished, or left in the drop folder for a later try.
        case nothing
        /// Its bytes are recorded (and durable) already, and duplicates are skipped.
        case duplicate(RecordKey, DropID?)
        /// This very drop is recorded (and durable) already: seen again after a crash, a failed move, or because
        /// `disposition: keep` leaves it in place.
        case recordedBefore(RecordKey, DropID?)
        case result(Pipeline.Result)
    }

    /// Whether `error` is the ledger's final flush failure; if so, marks recording as stopped for the metrics, the
    /// status line and the watchdog (each waiting file is not logged again).
    private func noteRecordingStopped(_ error: any Error) -> Bool {
        guard error is FlushFailure else { return false }
        stats.recordingStopped.store(true, ordering: .relaxed)
        return true
    }

    /// Reads and processes one file: the part that holds a processing slot.
    private func prepare(_ path: FilePath, relative: FilePath, job: Job) async -> Prepared {
        let outcome = job.reader.read(path, relativePath: relative)
        if case .unavailable = outcome {} else { failingReads.settled(path) }
        switch outcome {
        case .vanished:
            return .nothing
        case .changing:
            stats.readsPostponed.add(1, ordering: .relaxed)
            logger.notice("the file changed while it was read (a writer is at it); it is read again after its close or at the next listing",
                          metadata: ["file": "\(PathText.display(relative))"])
            return .nothing
        case .unavailable(let error):
            var metadata: Logger.Metadata = ["file": "\(PathText.display(relative))", "error": "\(error)"]
            if FailingReads.isStorageFault(error) {
                switch failingReads.failed(path) {
                case .givenUp:
                    logger.debug("a file given up on still cannot be read; it stays in the drop folder", metadata: metadata)
                    return .nothing
                case .giveUp(let tries):
                    return .result(job.pipeline.rejection(path: path, relativePath: relative,
                                                          error: .unreadable(error, tries: tries), size: nil))
                case .retry(let tries):
                    metadata["try"] = "\(tries) of at least \(FailingReads.limit) over \(FailingReads.minimumSpan.components.seconds) s"
                }
            }
            stats.readsPostponed.add(1, ordering: .relaxed)
            logger.warning("cannot read the file right now; it stays in the drop folder and is tried again at the next listing",
                           metadata: metadata)
            return .nothing
        case .rejected(let error, let size, let seen):
            var result = job.pipeline.rejection(path: path, relativePath: relative, error: error, size: size)
            result.seen = seen
            return .result(result)
        case .file(let file):
            do {
                if let drop = file.drop, try await ledger.isRecorded(drop) { return .recordedBefore(file.digest, file.drop) }
                if job.config.duplicates == .skip, try await ledger.isRecorded(file.digest) { return .duplicate(file.digest, file.drop) }
            } catch {
                if !noteRecordingStopped(error) {
                    logger.error("cannot tell whether the file was recorded; it stays in the drop folder",
                                 metadata: ["file": "\(PathText.display(relative))", "error": "\(error)"])
                }
                return .nothing
            }
            let result = job.pipeline.process(file)
            stats.bytesProcessed.add(file.bytes.count, ordering: .relaxed)
            return .result(result)
        }
    }

    /// Writes the record, then moves the source. The story and alert decision and the writing of the lines happen
    /// while holding `order`, so the logs are in the order the decisions were made (an alert's `repeat_of` always
    /// names a line above it); the fsync wait comes after, shared with the other files in flight.
    private func commitAndDispose(_ processed: Pipeline.Result, job: Job, source: FilePath, relative: FilePath,
                                  order: ProcessingSlots) async {
        let name = PathText.display(relative)
        var result = processed
        let attempt: Result<(receipt: RecordLedger.Receipt, alerts: AlertDispatcher.Prepared?), any Error>
        await order.acquire()
        // Under `duplicates: record` the same bytes dropped again get a record of their own; an error record is about
        // a name and its content, so it is written once whatever the mode, and it names no drop: a failed file seen
        // again (its quarantine failed) is processed again and goes to quarantine, not to the processed folder.
        let succeeded = result.failure == nil
        let drop = succeeded ? result.record.file.drop : nil
        let repeatable = job.config.duplicates == .record && succeeded
        do { attempt = .success(try await decideAndWrite(&result, drop: drop, repeatable: repeatable)) } catch { attempt = .failure(error) }
        await order.release()
        let written: (receipt: RecordLedger.Receipt, alerts: AlertDispatcher.Prepared?)
        do {
            written = try attempt.get()
            try await ledger.durable(written.receipt)
        } catch {
            // The source stays where it is: the next reconcile offers it again.
            if DiskFullReporter.isNoSpace(error) {
                diskFull.failed(file: name, error: error, reportEverySeconds: job.config.reconcileSeconds)
            } else if noteRecordingStopped(error) {
                // Said once, by the ledger, when the fsync failed; the metrics, status line and watchdog show it.
            } else {
                logger.error("cannot write the record; the file stays in the drop folder", metadata: ["file": "\(name)", "error": "\(error)"])
            }
            return
        }
        diskFull.succeeded()
        let outcome = written.receipt.outcome
        let alerts = written.alerts
        if outcome != .written {
            if let failure = result.failure {
                // The same name and bytes failed before (a dropper retrying a bad file): its error record is there
                // already, so none is added, but the failure is counted and said again. The same file still there
                // because its quarantine failed is tried again without counting it again.
                if unquarantined.paths.withLock({ $0.contains(source) }) {
                    logger.debug("a rejected file that could not be quarantined is tried again", metadata: ["file": "\(name)"])
                } else {
                    stats.countFailure(failure.code)
                    logger.warning("file rejected again; its error record was written the first time",
                                   metadata: ["file": "\(name)", "code": "\(failure.code)", "reason": "\(failure.message)", "id": "\(result.record.id)"])
                }
                quarantine(result, job: job, source: source, relative: relative)
            } else if outcome == .recordedBefore {
                disposeRecorded(result.record.id, drop: result.record.file.drop, job: job, source: source, relative: relative)
            } else {
                skipDuplicate(result.record.id, drop: result.record.file.drop, job: job, source: source, relative: relative)
            }
            return
        }
        stats.lastWriteMilliseconds.store(Timestamp.now().milliseconds, ordering: .relaxed)
        if let alerts, let alerting { await alerting.announce(alerts, written: Set(written.receipt.alertLines.map(\.id))) }
        if let failure = result.failure {
            stats.countFailure(failure.code)
            logger.warning("file rejected", metadata: ["file": "\(name)", "code": "\(failure.code)", "reason": "\(failure.message)"])
            quarantine(result, job: job, source: source, relative: relative)
        } else {
            stats.filesProcessed.add(1, ordering: .relaxed)
            logger.info("recorded", metadata: ["file": "\(name)", "id": "\(result.record.id)"])
            if let entities = result.record.entities { stats.countEntities(entities) }
            if let extraction = result.record.article?.extraction, !extraction.warnings.isEmpty {
                stats.countExtractionWarnings(extraction.warnings)
                logger.warning("extraction may be incomplete", metadata: [
                    "file": "\(name)", "id": "\(result.record.id)",
                    "warnings": "\(extraction.warnings.map(\.rawValue).joined(separator: ","))",
                    "chars_in": "\(extraction.charsIn)", "chars_kept": "\(extraction.charsKept)",
                ])
            }
            guard !replacedSinceRead(source, relative: relative, digest: result.record.id, drop: result.record.file.drop, reader: job.reader) else { return }
            do {
                try job.disposer.dispose(source, relativePath: relative)
            } catch where error.errno == .noSuchFileOrDirectory {
                // Nothing to retry: the file left the drop folder by other hands (its writer, or a second daemon).
                logger.notice("recorded; the file was gone before it could be moved (removed or taken by another process)",
                              metadata: ["file": "\(name)"])
            } catch {
                logger.error("recorded, but cannot move the source away; the next reconcile tries again without recording it twice", metadata: ["file": "\(name)", "error": "\(error)"])
            }
        }
    }

    /// Decides the article's story and alerts and writes its lines; a decision whose record is not written (an
    /// error, or the record exists already) is taken back before the next article reads the story memory. The
    /// caller holds the ordering slot.
    private func decideAndWrite(_ result: inout Pipeline.Result, drop: DropID?, repeatable: Bool) async throws
        -> (receipt: RecordLedger.Receipt, alerts: AlertDispatcher.Prepared?) {
        let alerts = await alerting?.prepare(&result)
        let receipt: RecordLedger.Receipt
        do {
            receipt = try await ledger.write(RecordLedger.Entry(key: result.record.id, record: result.line, alerts: alerts?.lines ?? [],
                                                                drop: drop, repeatable: repeatable))
        } catch {
            if let alerts { await alerting?.retract(alerts) }
            throw error
        }
        if receipt.outcome != .written, let alerts { await alerting?.retract(alerts) }
        await alerting?.expect(receipt.alertLines)
        return (receipt, alerts)
    }

    private func quarantine(_ result: Pipeline.Result, job: Job, source: FilePath, relative: FilePath) {
        // A file that was read (undecodable, malformed) and has other bytes now is not the one that failed.
        guard !replacedSinceRead(source, relative: relative, digest: result.record.file.sha256, drop: result.record.file.drop, reader: job.reader) else { return }
        // Nor is a file of another identity where an unread one was rejected: a feed creates `latest.txt` empty and
        // renames the article over it. The new file comes back by its own event or the next listing.
        if let seen = result.seen, let now = try? Syscalls.lstat(source), seen.isReplaced(by: now, code: result.failure?.code) {
            logger.notice("the file was replaced under the same name after it was rejected; the new file is left to be read on its own",
                          metadata: ["file": "\(PathText.display(relative))", "code": "\(result.failure?.code.rawValue ?? "")"])
            return
        }
        do {
            let target = try job.disposer.quarantine(source, relativePath: relative, sidecar: Pipeline.sidecar(for: result))
            // The rename takes whatever has the name at that instant: a file renamed over the rejected one between
            // the look above and the move went instead. It goes back into the drop folder, to be read on its own.
            if let seen = result.seen, let moved = try? Syscalls.lstat(target), !seen.matches(moved: moved) {
                let back = try job.disposer.putBack(target, to: source)
                logger.notice("a new file took the name just before the rejected one was quarantined; it was put back to be read on its own",
                              metadata: ["file": "\(PathText.display(relative))", "as": "\(PathText.display(back))"])
                return
            }
            logger.info("quarantined", metadata: ["file": "\(PathText.display(relative))", "to": "\(PathText.display(target))"])
            unquarantined.paths.withLock { _ = $0.remove(source) }
        } catch {
            let first = unquarantined.paths.withLock { set in set.count < 65_536 && set.insert(source).inserted }
            if first {
                logger.error("cannot quarantine the file; it stays in the drop folder and is tried again at each listing",
                             metadata: ["file": "\(PathText.display(relative))", "error": "\(error)"])
            } else {
                logger.debug("still cannot quarantine the file", metadata: ["file": "\(PathText.display(relative))", "error": "\(error)"])
            }
        }
    }

    private func skipDuplicate(_ key: RecordKey, drop: DropID?, job: Job, source: FilePath, relative: FilePath) {
        stats.duplicatesSkipped.add(1, ordering: .relaxed)
        logger.notice("already recorded; not recording again", metadata: ["file": "\(PathText.display(relative))", "id": "\(key)"])
        guard !replacedSinceRead(source, relative: relative, digest: key, drop: drop, reader: job.reader) else { return }
        do {
            try job.disposer.dispose(source, relativePath: relative)
        } catch {
            logger.error("cannot move the duplicate away", metadata: ["file": "\(PathText.display(relative))", "error": "\(error)"])
        }
    }

    /// Disposes of a drop whose record exists: quietly, since nothing new happened. Under `disposition: keep` this is
    /// every reconcile's view of every kept file.
    private func disposeRecorded(_ key: RecordKey, drop: DropID?, job: Job, source: FilePath, relative: FilePath) {
        if job.config.disposition == .keep {
            logger.debug("recorded before; left in place", metadata: ["file": "\(PathText.display(relative))", "id": "\(key)"])
            return
        }
        guard !replacedSinceRead(source, relative: relative, digest: key, drop: drop, reader: job.reader) else { return }
        logger.info("recorded before; moving the source away now", metadata: ["file": "\(PathText.display(relative))", "id": "\(key)"])
        do {
            try job.disposer.dispose(source, relativePath: relative)
        } catch {
            logger.error("cannot move the recorded file away", metadata: ["file": "\(PathText.display(relative))", "error": "\(error)"])
        }
    }

    /// After lost inotify events, a file marked open is read once unchanged this long (its close may be gone).
    public static let lostCloseQuietSeconds = 30

    /// Sleeps for `milliseconds` in slices, returning false as soon as the queue is closed (the daemon is stopping).
    private func sleepUnlessStopping(milliseconds: Int64) async -> Bool {
        var left = milliseconds
        while left > 0 {
            if queue.isClosed { return false }
            let slice = min(left, 200)
            try? await Task.sleep(for: .milliseconds(slice))
            left -= slice
        }
        return !queue.isClosed
    }

    /// Whether `source` now holds other bytes than the ones read: a writer renamed a new version over it, or rewrote it
    /// in place. Disposing of it would lose a file that was never read; it is left for its own event or the next
    /// listing. When its stat differs from the read's, the bytes are read again and compared, so changed times or
    /// permissions alone (`scp -p`, `chmod`, a link removed) are not a replacement.
    private func replacedSinceRead(_ source: FilePath, relative: FilePath, digest: RecordKey?, drop: DropID?, reader: DropFileReader) -> Bool {
        guard let digest, let drop, let now = try? Syscalls.lstat(source), DropID(digest: digest, stat: now) != drop else { return false }
        if case .file(let again) = reader.read(source, relativePath: relative), again.digest == digest { return false }
        logger.notice("the file was replaced under the same name while it was read; the new file is left to be read on its own",
                      metadata: ["file": "\(PathText.display(relative))"])
        return true
    }

    /// Waits until the file is quiet: its mtime at least `quietMilliseconds` old, or, when the mtime is recent or in
    /// the future (clock skew), until this host has seen its size, mtime and ctime unchanged for that long. Sleeps use
    /// the monotonic clock and never more than the quiet period at a time, so a skewed mtime never holds a worker
    /// for the skew. False: still changing after a few tries (its close event or the next listing brings it back).
    private func settle(_ path: FilePath, quietMilliseconds: Int64) async -> Bool {
        guard var seen = try? Syscalls.lstat(path) else { return true }  // gone or unreadable: let the reader say
        let modified = Self.milliseconds(seen.st_mtim)
        let now = Timestamp.now().milliseconds
        if modified <= now && now - modified >= quietMilliseconds { return true }
        if modified > now + 1_000 { skewed.note(path, aheadByMilliseconds: modified - now) }
        var wait = modified <= now ? quietMilliseconds - (now - modified) : quietMilliseconds
        for _ in 0..<5 {
            // A stop ends the wait: the file stays for the next start, and the stop is not held up by settle_ms.
            guard await sleepUnlessStopping(milliseconds: max(wait, 1)) else { return false }
            guard let again = try? Syscalls.lstat(path) else { return true }
            if Self.unchanged(seen, again) { return true }
            seen = again
            wait = quietMilliseconds
        }
        return false
    }

    private static func milliseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    private static func unchanged(_ a: stat, _ b: stat) -> Bool {
        a.st_size == b.st_size && a.st_ino == b.st_ino && a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec
            && a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec
    }
}

/// Set once, read from another task: the interval timer's signal that the workers have finished.
private final class DoneFlag: Sendable {
    private let done = Atomic<Bool>(false)
    var isSet: Bool { done.load(ordering: .acquiring) }
    func set() { done.store(true, ordering: .releasing) }
}

/// A set of paths shared by the workers.
final class PathSet: Sendable {
    let paths = Mutex<Set<FilePath>>([])
}
