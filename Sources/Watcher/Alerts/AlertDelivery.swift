import Foundation
import Logging
import SystemPackage

/// At-least-once delivery of alerts to the journal and the hook across crashes: a cursor in the state folder
/// (`state/alerts.delivered`) says up to where in the alert log every alert was delivered; at start the alerts after
/// it are delivered again.
///
/// An alert counts as delivered once its journal line is logged and the hook (if any) ran it or gave up on it. They
/// finish out of order, so the cursor is the end of the longest run of delivered alerts from the start; an alert
/// after it may be delivered a second time, never not at all. The alert's `id` is the idempotency key.
public actor AlertDelivery {
    /// One alert line of the log: its id and where its line ends.
    package struct Line: Sendable {
        package let id: String
        package let end: LogPosition
        package let json: [UInt8]
    }

    private let cursorPath: FilePath
    private let logger: Logger
    /// Alerts written (or found undelivered at start) in log order, and whether each was delivered.
    private var outstanding: [(id: String, end: LogPosition, delivered: Bool)] = []
    private var head = 0
    private var cursor: LogPosition
    private var saved: LogPosition?
    private var saveScheduled = false
    /// Undelivered alerts found at start, handed out once by ``takeBacklog()``.
    private var backlog: [Line]

    /// How long an advanced cursor may wait before it is written (a crash in between delivers those alerts again).
    static let saveDelay = Duration.milliseconds(500)

    /// Reads the cursor and the alerts after it in the alert log (which the ``RecordLedger`` has opened and repaired).
    /// Without a cursor (the first start) nothing earlier is delivered again: the cursor starts at the log's end.
    public init(stateFolder: FilePath, alertsLog: FilePath, logger: Logger) throws {
        cursorPath = stateFolder.appending("alerts.delivered")
        self.logger = logger
        let current = try Self.position(of: alertsLog)
        let stored = try Self.readCursor(cursorPath)
        let found = try stored.map { stored in try Self.lines(of: alertsLog, since: stored, current: current, logger: logger) } ?? []
        backlog = found
        cursor = stored ?? current
        outstanding = found.map { ($0.id, $0.end, false) }
        if stored == nil { try Self.writeCursor(current, to: cursorPath) }
        saved = stored ?? current
        if !found.isEmpty {
            logger.notice("alerts not delivered before the last stop are delivered again", metadata: ["count": "\(found.count)"])
        }
    }

    /// The alerts found undelivered at start; the second call returns none.
    package func takeBacklog() -> [Line] {
        defer { backlog = [] }
        return backlog
    }

    /// Notes alert lines just written to the log, in the order they were written.
    package func expect(_ lines: [(id: String, end: LogPosition)]) {
        for line in lines { outstanding.append((line.id, line.end, false)) }
    }

    /// Marks the alert delivered (an id not expected, or delivered already, is ignored) and moves the cursor on.
    package func delivered(_ id: String) {
        guard let index = outstanding[head...].firstIndex(where: { $0.id == id && !$0.delivered }) else { return }
        outstanding[index].delivered = true
        var moved = false
        while head < outstanding.count, outstanding[head].delivered {
            cursor = outstanding[head].end
            head += 1
            moved = true
        }
        if head > 1024 {
            outstanding.removeFirst(head)
            head = 0
        }
        if moved && !saveScheduled {
            saveScheduled = true
            Task {
                try? await Task.sleep(for: Self.saveDelay)
                self.save()
            }
        }
    }

    /// Writes the cursor if it moved since it was last written (also at shutdown).
    /// Where every alert before is delivered.
    package var position: LogPosition { cursor }

    public func save() {
        saveScheduled = false
        guard cursor != saved else { return }
        do {
            try Self.writeCursor(cursor, to: cursorPath)
            saved = cursor
        } catch {
            logger.error("cannot save the alert delivery cursor; alerts delivered since the last save may be delivered again after a restart",
                         metadata: ["error": "\(error)"])
        }
    }

    // MARK: The cursor file and the log

    /// The cursor file: `device inode offset fingerprint` in decimal, one line (files written before the
    /// fingerprint have three fields: it is not known).
    static func readCursor(_ path: FilePath) throws -> LogPosition? {
        var text = ""
        try JSONLinesLog.forEachLine(at: path) { line in text = String(decoding: line, as: UTF8.self) }
        let fields = text.split(separator: " ").compactMap { Int64($0) }
        guard fields.count == 3 || fields.count == 4 else { return nil }
        return LogPosition(device: UInt64(bitPattern: fields[0]), inode: UInt64(bitPattern: fields[1]), offset: fields[2],
                           fingerprint: fields.count == 4 ? UInt64(bitPattern: fields[3]) : 0)
    }

    static func writeCursor(_ position: LogPosition, to path: FilePath) throws {
        let text = "\(Int64(bitPattern: position.device)) \(Int64(bitPattern: position.inode)) \(position.offset) "
            + "\(Int64(bitPattern: position.fingerprint))\n"
        try StateFile.write(Array(text.utf8), to: path)
    }

    /// The file the log's path names now (through a symbolic link, as the writer opens it), its size and first line,
    /// all read from one descriptor.
    static func position(of log: FilePath) throws(SystemError) -> LogPosition {
        let fd: FileDescriptor
        do {
            fd = try Syscalls.open(log, O_RDONLY)
        } catch where error.errno == .noSuchFileOrDirectory {
            return LogPosition(device: 0, inode: 0, offset: 0)
        }
        defer { try? fd.close() }
        let info = try Syscalls.fstat(fd, path: log)
        return LogPosition(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), offset: Int64(info.st_size),
                           fingerprint: try LogFingerprint.of(fd, path: log))
    }

    /// The alert lines after `since`, each with where it ends: the rest of the file `since` names (found next to the
    /// log if logrotate moved it), then the current file from its start when it is another one.
    static func lines(of log: FilePath, since: LogPosition, current: LogPosition, logger: Logger) throws -> [Line] {
        var lines: [Line] = []
        func read(_ path: FilePath, in file: LogPosition, from offset: Int64) throws {
            var end = offset
            try JSONLinesLog.forEachLine(at: path, from: Int(offset)) { line in
                end += Int64(line.count + 1)
                guard let id = RecordLines.leadingID(line) else { return }
                lines.append(Line(id: id, end: LogPosition(device: file.device, inode: file.inode, offset: end, fingerprint: file.fingerprint),
                                  json: Array(line)))
            }
        }
        if since.sameFile(as: current) {
            if since.offset <= current.offset {
                try read(log, in: current, from: since.offset)
            } else {
                logger.warning("the alert log shrank since the delivery cursor was saved; every alert in it is delivered again",
                               metadata: ["log": "\(PathText.display(log))"])
                try read(log, in: current, from: 0)
            }
            return lines
        }
        if let rotated = RotatedLogs.find(since, rotatedFrom: log) {
            try read(rotated, in: since, from: since.offset)
        } else {
            logger.warning("the alert log was rotated and the file the delivery cursor names is gone; alerts at its end may not have been delivered",
                           metadata: ["log": "\(PathText.display(log))"])
        }
        try read(log, in: current, from: 0)
        return lines
    }
}
