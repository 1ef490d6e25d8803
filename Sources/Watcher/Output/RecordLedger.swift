import Logging
import SystemPackage

/// The one owner of the output logs and of the sets of recorded keys and drops: it makes "write the record, make it
/// durable" atomic with "was this file recorded before?", which is what makes records exactly-once.
///
/// Two questions, two sets: whether these bytes were recorded (the record key, for `duplicates: skip`) and whether
/// this very drop of them was (the ``DropID``, in every mode, so `duplicates: record` records each drop once too).
///
/// Order of a commit: alerts, then the article record (the commit point); the keys go to the on-disk
/// ``LedgerIndex`` in the same group commit, after the logs' fsync. The caller moves or deletes the source only after
/// ``commit(_:)`` (or ``durable(_:)`` after ``write(_:)``) returns, i.e. after that flush. After a crash the source is
/// still in the drop folder, its key is found again (in the index, or in the article log past the index's last
/// position, which the next start reads and commits), and it is disposed of without a second record.
///
/// Flushes are group commits: one fsync at a time runs, off the actor and off the cooperative pool, and covers every
/// line written before it began. Commits that arrive while it runs write their lines at once and share the next one,
/// so a burst costs a few fsyncs, not one per file, and no commit returns before a flush that covers it.
///
/// A failed fsync is final for this run: Linux reports a writeback error once, so a later fsync that succeeds says
/// nothing about the lines that failed. From then on every commit and every duplicate check throws, no source is
/// moved or deleted, and the files wait in the drop folder until watcherd is restarted (which rebuilds its state from
/// what is on disk) — after the disk has been looked at.
public actor RecordLedger {
    /// A record ready to be written, with the alerts it raised.
    public struct Entry: Sendable {
        public let key: RecordKey
        public let record: [UInt8]
        /// Alert lines with their ids; an alert whose id is already in the alert log is not written again.
        public let alerts: [(id: String, line: [UInt8])]
        /// The drop an `ok` record describes, when it came from the drop folder: such a drop is recorded at most once.
        /// Nil for error records, which are written once per key, so that a failed file seen again is processed and
        /// quarantined again.
        public let drop: DropID?
        /// Whether a record may be written although one with the same key exists (`duplicates: record`, for the
        /// same bytes dropped again as another file).
        public let repeatable: Bool

        public init(key: RecordKey, record: [UInt8], alerts: [(id: String, line: [UInt8])] = [], drop: DropID? = nil,
                    repeatable: Bool = false) {
            self.key = key
            self.record = record
            self.alerts = alerts
            self.drop = drop
            self.repeatable = repeatable
        }
    }

    public enum Outcome: Sendable, Equatable {
        case written
        /// A record with this key exists already (the same bytes, dropped before); nothing was written.
        case duplicate
        /// This very drop is recorded already (seen again after a crash, a failed move, or under
        /// `disposition: keep`); nothing was written.
        case recordedBefore
    }

    private let articles: JSONLinesLog
    private let alerts: JSONLinesLog
    /// Keys, drops and alert ids of earlier flushes, on disk.
    private let index: LedgerIndex
    /// Those written since the last flush began, and those the running flush is committing to the index.
    private var pending = LedgerBatch()
    private var committing = LedgerBatch()
    private let fsync: FsyncPolicy
    private var flushWaiters: [CheckedContinuation<Void, any Error>] = []
    private let logger: Logger
    private let syncer: DurableSync
    /// Commits written so far, and how many of them a finished flush covers.
    private var written: UInt64 = 0
    private var durable: UInt64 = 0
    /// The flush running now, if any.
    private var flushing: Task<Void, any Error>?
    /// The first flush failure; once set, nothing more is recorded in this run.
    private var failure: FlushFailure?
    /// Set while index commits fail (a full disk): the keys wait in `pending`.
    private var indexBehind = false

    /// Flushes that finished, and commits (in log order) that one of them covers: a burst of N commits under
    /// `fsync: always` takes far fewer than N flushes, and commit number k returns only once k are covered.
    public private(set) var completedFlushes = 0
    public var durableCommits: UInt64 { durable }

    /// Opens the logs, cuts torn last lines, opens the index (migrating the key file on the first start) and commits
    /// the keys of records the logs hold past the index's last position.
    public init(config: WatcherConfig, logger: Logger) throws {
        try self.init(config: config, logger: logger, syncer: DurableSync())
    }

    /// The same, flushing through `syncer` (tests give it an fsync that fails).
    package init(config: WatcherConfig, logger: Logger, syncer: DurableSync) throws {
        self.syncer = syncer
        try Syscalls.makeDirectories(config.stateFolder)
        articles = try JSONLinesLog(path: config.articlesLog, logger: logger)
        alerts = try JSONLinesLog(path: config.alertsLog, logger: logger)
        index = try LedgerIndex(stateFolder: config.stateFolder)
        try LedgerRecovery.run(index: index, articles: articles, alerts: alerts,
                               keyFile: config.stateFolder.appending("recorded.keys"), logger: logger)
        self.fsync = config.fsync
        self.logger = logger
        let (recorded, indexPath) = (index.recordedCount, PathText.display(index.path))
        logger.info("ledger open", metadata: ["recorded": "\(recorded)", "index": "\(indexPath)"])
    }

    /// Whether a record with this key was written (now or in an earlier run), durable or not.
    public func contains(_ key: RecordKey) throws -> Bool {
        if pending.keys.contains(key) || committing.keys.contains(key) { return true }
        return try index.contains(key)
    }

    private func contains(_ drop: DropID) throws -> Bool {
        if pending.drops.contains(drop) || committing.drops.contains(drop) { return true }
        return try index.contains(drop)
    }

    private func contains(alert id: String) throws -> Bool {
        if pending.alerts.contains(id) || committing.alerts.contains(id) { return true }
        return try index.contains(alert: id)
    }

    /// Whether a record with this key is on disk: a key whose record is still waiting for its flush is answered once
    /// that flush is done, so a second copy of a file is never moved away on the strength of a record that may be lost.
    public func isRecorded(_ key: RecordKey) async throws -> Bool {
        if let failure { throw failure }
        guard try contains(key) else { return false }
        try await waitUntilDurable(written)
        return true
    }

    /// Whether this drop was recorded (now or in an earlier run), answered like ``isRecorded(_:)-(RecordKey)``: only
    /// once the record is on disk.
    public func isRecorded(_ drop: DropID) async throws -> Bool {
        if let failure { throw failure }
        guard try contains(drop) else { return false }
        try await waitUntilDurable(written)
        return true
    }

    public var recordedCount: Int { index.recordedCount + pending.keys.count + committing.keys.count }

    /// Writes the entry unless its drop is recorded, or its key is and the entry is not repeatable, and returns once it
    /// is as durable as the fsync policy asks: ``write(_:)`` then ``durable(_:)``.
    public func commit(_ entry: Entry) async throws -> Outcome {
        let receipt = try write(entry)
        try await durable(receipt)
        return receipt.outcome
    }

    /// What ``write(_:)`` did, and the point in the logs that ``durable(_:)`` waits for.
    public struct Receipt: Sendable {
        public let outcome: Outcome
        fileprivate let ticket: UInt64
        /// The alert lines this write appended, with where each ends (for ``AlertDelivery``'s cursor).
        package var alertLines: [(id: String, end: LogPosition)] = []
    }

    /// The first half of ``commit(_:)``: appends the entry's lines (or finds its key recorded) without waiting for
    /// any fsync, so a caller can keep the logs in the order it decided things and still share flushes.
    public func write(_ entry: Entry) throws -> Receipt {
        if let failure { throw failure }
        if let drop = entry.drop, try contains(drop) {
            return Receipt(outcome: .recordedBefore, ticket: written)
        }
        let isNew = try !contains(entry.key)
        if !entry.repeatable && !isNew {
            return Receipt(outcome: .duplicate, ticket: written)
        }
        var alertLines: [(id: String, end: LogPosition)] = []
        do {
            for alert in entry.alerts where try !contains(alert: alert.id) {
                try alerts.append(alert.line)
                // After the append: it may have reopened the path (rotated without a reload), and this actor is the
                // only writer, so the file's size is where this line ends.
                alertLines.append((alert.id, try alerts.position()))
                pending.alerts.insert(alert.id)
            }
            try articles.append(entry.record)
        } catch {
            // The record is not written (a full disk): its alert lines are taken back, so that the retry writes
            // them again and announces them. Left in the log, they would count as written and never reach the
            // journal or the hook.
            // Only when every line went to the file open now (no rotation between them) is the cut exact.
            if let first = alertLines.first, alertLines.allSatisfy({ $0.end.device == first.end.device && $0.end.inode == first.end.inode }),
               let start = entry.alerts.first(where: { $0.id == first.id }).map({ first.end.offset - Int64($0.line.count + 1) }) {
                do {
                    try alerts.takeBack(to: start)
                    for line in alertLines { pending.alerts.remove(line.id) }
                } catch let takeBackError {
                    logger.error("the alert lines of a record that could not be written stay in the alert log, and will not be announced",
                                 metadata: ["error": "\(takeBackError)", "alerts": "\(alertLines.map(\.id).joined(separator: ","))"])
                }
            } else if !alertLines.isEmpty {
                logger.error("the alert log was rotated between the lines of a record that could not be written; they stay in it, and will not be announced",
                             metadata: ["alerts": "\(alertLines.map(\.id).joined(separator: ","))"])
            }
            throw error
        }
        if isNew { pending.keys.insert(entry.key) }
        if let drop = entry.drop { pending.drops.insert(drop) }
        written += 1
        return Receipt(outcome: .written, ticket: written, alertLines: alertLines)
    }

    /// The second half of ``commit(_:)``: returns once what `receipt` covers is as durable as the fsync policy asks.
    /// A duplicate waits for the record it duplicates, so its source is never moved on the strength of a record that
    /// may be lost.
    public func durable(_ receipt: Receipt) async throws {
        switch (receipt.outcome, fsync) {
        case (.duplicate, _), (.recordedBefore, _), (.written, .always):
            try await waitUntilDurable(receipt.ticket)
        case (.written, .interval):
            if let failure { throw failure }
            // Already covered by a tick that ran since the write; otherwise the next tick releases it.
            guard durable < receipt.ticket else { return }
            try await withCheckedThrowingContinuation { flushWaiters.append($0) }
        }
    }

    /// Returns once a flush that began after commit number `ticket` was written has finished: joins the flush
    /// running now, and starts the next one if that one began too early to cover the ticket.
    private func waitUntilDurable(_ ticket: UInt64) async throws {
        while durable < ticket {
            if let failure { throw failure }
            try await (flushing ?? startFlush()).value
        }
    }

    /// Hands the logs written since the last flush to the syncer, then their keys to the index (never before: a key
    /// in the index vouches for a record on disk). The task, which runs on this actor between its awaits, marks what
    /// it covered as durable before anyone waiting on it resumes; on failure the logs count as unflushed again and
    /// every commit waiting on it fails.
    private func startFlush() -> Task<Void, any Error> {
        let covers = written
        let logs = [alerts, articles]
        var batch = pending
        do {
            batch.positions = ["articles": try articles.position(), "alerts": try alerts.position()]
        } catch {
            return Task { throw error }
        }
        var targets: [DurableSync.Target] = []
        for log in logs {
            do {
                if let target = try log.takeDirtyDescriptor() { targets.append(target) }
            } catch {
                // No descriptor to flush with (EMFILE): give back the ones taken; the logs stay unflushed for next time.
                for target in targets { try? target.descriptor.close() }
                for taken in logs where targets.contains(where: { $0.path == taken.path }) { taken.markDirty() }
                return Task { throw error }
            }
        }
        let syncer = syncer
        let writer = index.writer
        pending = LedgerBatch()
        committing = batch
        let task = Task {
            defer { flushing = nil }
            do {
                try await syncer.sync(targets)
                // An idle tick has nothing to add; the positions move on with the next entry.
                if batch.entryCount > 0 { await commitToIndex(batch, with: writer) }
                committing = LedgerBatch()
                durable = max(durable, covers)
                completedFlushes += 1
            } catch {
                for log in logs where targets.contains(where: { $0.path == log.path }) { log.markDirty() }
                pending.formUnion(committing)
                committing = LedgerBatch()
                if failure == nil {
                    failure = FlushFailure(underlying: error)
                    logger.critical(
                        "an fsync of the output logs failed: records written since the last good flush may not be on disk. No more files will be recorded, moved or deleted in this run; they stay in the drop folder. Check the disk (dmesg, free space), then restart watcherd",
                        metadata: ["error": "\(error)"])
                }
                throw failure ?? FlushFailure(underlying: error)
            }
        }
        flushing = task
        return task
    }

    /// Commits a flushed batch to the index. A failure (a full disk) loses nothing: the records are on disk, their keys
    /// stay in memory and go with the next flush, and a crash before that is covered by the next start, which reads the
    /// logs past the index's last commit. So it is logged once per outage, not made final like a failed fsync.
    private func commitToIndex(_ batch: LedgerBatch, with writer: LedgerIndex.Writer) async {
        do {
            index.noteRecorded(try await writer.commit(batch))
            if indexBehind {
                indexBehind = false
                logger.notice("the ledger index caught up with the logs")
            }
        } catch {
            var kept = batch
            kept.positions = [:]
            pending.formUnion(kept)
            if !indexBehind {
                indexBehind = true
                logger.error("cannot commit to the ledger index; the records are on disk and their keys are kept in memory until it works again",
                             metadata: ["error": "\(error)"])
            }
        }
    }

    /// Syncs everything written so far and releases the commits waiting for it (the `interval` policy's tick).
    public func flush() async {
        while let flushing { _ = try? await flushing.value }
        let waiters = flushWaiters
        flushWaiters.removeAll()
        if let failure {
            for waiter in waiters { waiter.resume(throwing: failure) }
            return
        }
        do {
            try await startFlush().value
            for waiter in waiters { waiter.resume() }
        } catch {
            logger.error("cannot flush the output logs", metadata: ["error": "\(error)"])
            for waiter in waiters { waiter.resume(throwing: error) }
        }
    }

    /// Reopens every log by path (after logrotate moved them away).
    public func reopen() async throws(SystemError) {
        await flush()
        try articles.reopen(logger: logger)
        try alerts.reopen(logger: logger)
        logger.info("reopened output logs")
    }

    /// Final flush at shutdown.
    public func close() async {
        await flush()
    }
}

/// Why the ledger stopped recording: the first failed flush of the output logs.
public struct FlushFailure: Error, CustomStringConvertible {
    public let underlying: any Error

    public var description: String {
        "an earlier fsync of the output logs failed (\(underlying)); nothing more is recorded until watcherd is restarted"
    }
}

/// Reads the few fields the ledger needs from a record line or a key file line without a JSON parser.
enum RecordLines {
    private static let idPrefix = Array(#"{"id":""#.utf8)
    private static let shaPrefix = Array(#"{"id":"sha256:"#.utf8)
    private static let dropMember = Array(#","drop_id":""#.utf8)
    private static let ingestedMember = Array(#","ingested_at":""#.utf8)
    private static let okStatus = Array(#"","status":"ok""#.utf8)

    /// A line of the key file of earlier versions (migrated into the index): the record key's 64 hex digits, then, for records of a drop, a space and the drop id; any
    /// other line is not trusted at all.
    static func keyFileEntry(_ line: ArraySlice<UInt8>) -> (key: RecordKey, drop: DropID?)? {
        guard line.count == 64 || (line.count == 64 + 1 + 32 && line[line.startIndex + 64] == UInt8(ascii: " ")),
              let key = RecordKey(hex: String(decoding: line.prefix(64), as: UTF8.self)) else { return nil }
        guard line.count > 64 else { return (key, nil) }
        guard let drop = DropID(hex: String(decoding: line.suffix(32), as: UTF8.self)) else { return nil }
        return (key, drop)
    }

    /// The `file.drop_id` of an `ok` article record line (error records are written once per name and content, and
    /// a re-seen failed file must be processed again to be quarantined). Member names are searched as `,"name":"`:
    /// a quote that follows a comma is not escaped, so it cannot be inside a string value, and the file object ends
    /// before `ingested_at`, so an article's own `extra` fields are never read.
    static func dropID(_ line: ArraySlice<UInt8>) -> DropID? {
        guard let ingested = line.firstRange(of: ingestedMember),
              let timeEnd = line[ingested.upperBound...].firstIndex(of: UInt8(ascii: "\"")),
              line[timeEnd...].starts(with: okStatus),
              let member = line[..<ingested.lowerBound].firstRange(of: dropMember),
              ingested.lowerBound - member.upperBound >= 33,
              line[member.upperBound + 32] == UInt8(ascii: "\"") else { return nil }
        return DropID(hex: String(decoding: line[member.upperBound..<(member.upperBound + 32)], as: UTF8.self))
    }

    /// The key of an article record line (records start with `{"id":"sha256:<hex>"`).
    static func recordKey(_ line: ArraySlice<UInt8>) -> RecordKey? {
        guard line.count >= shaPrefix.count + 64, line.starts(with: shaPrefix) else { return nil }
        let start = line.startIndex + shaPrefix.count
        return RecordKey(hex: String(decoding: line[start..<start + 64], as: UTF8.self))
    }

    /// The value of a leading `"id"` field.
    static func leadingID(_ line: ArraySlice<UInt8>) -> String? {
        guard line.starts(with: idPrefix) else { return nil }
        let start = line.startIndex + idPrefix.count
        guard let end = line[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: line[start..<end], as: UTF8.self)
    }
}
