import Logging
import SystemPackage

/// The one owner of the output logs and of the set of recorded keys: it makes "write the record, make it durable"
/// atomic with "was this file recorded before?", which is what makes records exactly-once.
///
/// Order of a commit: alerts, then the article record (the commit point), then the key to the key file; the caller
/// moves or deletes the source only after ``commit(_:)`` returns, i.e. after the fsync the policy asks for. After a
/// crash the source is still in the drop folder, its key is found again (in the key file or in the article log), and
/// it is disposed of without a second record.
public actor RecordLedger {
    /// A record ready to be written, with the alerts it raised.
    public struct Entry: Sendable {
        public let key: RecordKey
        public let record: [UInt8]
        /// Alert lines with their ids; an alert whose id is already in the alert log is not written again.
        public let alerts: [(id: String, line: [UInt8])]

        public init(key: RecordKey, record: [UInt8], alerts: [(id: String, line: [UInt8])] = []) {
            self.key = key
            self.record = record
            self.alerts = alerts
        }
    }

    public enum Outcome: Sendable, Equatable {
        case written
        /// A record with this key exists already; nothing was written.
        case duplicate
    }

    private let articles: JSONLinesLog
    private let alerts: JSONLinesLog
    private let keyFile: JSONLinesLog
    private var keys: Set<RecordKey>
    private var alertIDs: Set<String>
    private let fsync: FsyncPolicy
    private let allowDuplicates: Bool
    private var flushWaiters: [CheckedContinuation<Void, any Error>] = []
    private let logger: Logger

    /// Opens the logs, cuts torn last lines, and rebuilds the set of recorded keys.
    public init(config: WatcherConfig, logger: Logger) throws(SystemError) {
        try Syscalls.makeDirectories(config.stateFolder)
        articles = try JSONLinesLog(path: config.articlesLog, logger: logger)
        alerts = try JSONLinesLog(path: config.alertsLog, logger: logger)
        let keyPath = config.stateFolder.appending("recorded.keys")
        keyFile = try JSONLinesLog(path: keyPath, logger: logger)
        var keys = Set<RecordKey>()
        try JSONLinesLog.forEachLine(at: keyPath) { line in
            if let key = RecordKey(hex: String(decoding: line, as: UTF8.self)) { keys.insert(key) }
        }
        let fromKeyFile = keys.count
        // Records written just before a crash may be missing from the key file, never from the article log.
        var fromLog = 0
        try JSONLinesLog.forEachLine(at: config.articlesLog) { line in
            if let key = RecordLines.recordKey(line), keys.insert(key).inserted { fromLog += 1 }
        }
        var alertIDs = Set<String>()
        try JSONLinesLog.forEachLine(at: config.alertsLog) { line in
            if let id = RecordLines.leadingID(line) { alertIDs.insert(id) }
        }
        self.keys = keys
        self.alertIDs = alertIDs
        self.fsync = config.fsync
        self.allowDuplicates = config.duplicates == .record
        self.logger = logger
        if fromLog > 0 {
            logger.notice("recovered recorded keys from the article log", metadata: ["count": "\(fromLog)"])
        }
        logger.info("ledger open", metadata: ["recorded": "\(keys.count)", "from_key_file": "\(fromKeyFile)", "alerts": "\(alertIDs.count)"])
    }

    /// Whether a record with this key was written (now or in an earlier run).
    public func contains(_ key: RecordKey) -> Bool { keys.contains(key) }

    public var recordedCount: Int { keys.count }

    /// Writes the entry unless its key is recorded (and duplicates are skipped), and returns once it is as durable as
    /// the fsync policy asks.
    public func commit(_ entry: Entry) async throws -> Outcome {
        if !allowDuplicates && keys.contains(entry.key) { return .duplicate }
        for alert in entry.alerts where !alertIDs.contains(alert.id) {
            try alerts.append(alert.line)
            alertIDs.insert(alert.id)
        }
        try articles.append(entry.record)
        let isNew = keys.insert(entry.key).inserted
        if isNew { try keyFile.append(Array(entry.key.hex.utf8)) }
        switch fsync {
        case .always:
            try alerts.sync()
            try articles.sync()
        case .interval:
            try await withCheckedThrowingContinuation { flushWaiters.append($0) }
        }
        return .written
    }

    /// Syncs everything written so far and releases the commits waiting for it (the `interval` policy's tick).
    public func flush() {
        let waiters = flushWaiters
        flushWaiters.removeAll()
        do {
            try alerts.sync()
            try articles.sync()
            try keyFile.sync()
            for waiter in waiters { waiter.resume() }
        } catch {
            logger.error("cannot flush the output logs", metadata: ["error": "\(error)"])
            for waiter in waiters { waiter.resume(throwing: error) }
        }
    }

    /// Reopens every log by path (after logrotate moved them away).
    public func reopen() throws(SystemError) {
        flush()
        try articles.reopen(logger: logger)
        try alerts.reopen(logger: logger)
        try keyFile.reopen(logger: logger)
        logger.info("reopened output logs")
    }

    /// Final flush at shutdown.
    public func close() {
        flush()
    }
}

/// Reads the few fields the ledger needs from a record line without a JSON parser.
enum RecordLines {
    private static let idPrefix = Array(#"{"id":""#.utf8)
    private static let shaPrefix = Array(#"{"id":"sha256:"#.utf8)

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
