#if canImport(Glibc)
import Glibc
#endif
import Logging
import SystemPackage

/// An append-only JSON Lines file: each record and its newline in one `write(2)` on an `O_APPEND` descriptor, so a
/// reader running `tail -f` never sees half a line, and a torn last line left by a crash is cut away at open.
///
/// Every append is all or nothing: a write that fails part-way (ENOSPC, EIO) is cut back to the size the log had
/// before it, so the next line never lands on a fragment. And the log follows its path: when the file there is no
/// longer the one open (logrotate renamed it and no SIGHUP came, or it was deleted), the path is reopened before the
/// next write.
///
/// Not thread-safe: one owner (the ``RecordLedger`` actor) makes every call.
public final class JSONLinesLog {
    public let path: FilePath
    private var fd: FileDescriptor
    private var dirty = false
    /// Device and inode of the open file, to tell whether the path still names it.
    private var identity: FileIdentity
    /// The size to cut back to, when a failed append could not be cut back at once.
    private var tornAt: Int64?
    /// The open file's ``LogFingerprint`` once it has a first line, and its size when last seen (asked or appended
    /// to): a file that shrank was truncated in place (logrotate's `copytruncate`) and has a new first line.
    private var fingerprint: (value: UInt64, size: Int64) = (0, 0)
    private let logger: Logger

    struct FileIdentity: Equatable {
        let device: UInt64
        let inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// Opens (creating) the log and repairs a torn last line.
    public init(path: FilePath, logger: Logger) throws(SystemError) {
        self.path = path
        self.logger = logger
        var parent = path
        parent.removeLastComponent()
        if !parent.isEmpty { try Syscalls.makeDirectories(parent) }
        fd = try Syscalls.open(path, O_RDWR | O_APPEND | O_CREAT, 0o640)
        identity = FileIdentity(try Syscalls.fstat(fd, path: path))
        try Self.repairTornTail(fd, path: path, logger: logger)
    }

    deinit { try? fd.close() }

    /// Appends one line (the newline is added here) with a single write. On failure the log is as it was before.
    public func append(_ record: [UInt8]) throws(SystemError) {
        try followPath()
        if let tornAt { try cutBack(to: tornAt) }
        let before = Int64(try Syscalls.fstat(fd, path: path).st_size)
        // Smaller than last seen: truncated in place behind our back (copytruncate), so its first line is about to
        // change, even if this line makes the file as long as it was.
        if before < fingerprint.size { fingerprint = (0, 0) }
        var line = record
        line.append(UInt8(ascii: "\n"))
        do {
            try Syscalls.writeAll(fd, line, path: path)
        } catch {
            do {
                // A full disk is reported once per reconcile by the pipeline, with a count; other errors here.
                let quiet = error.errno == .noSpace || error.errno == .diskQuotaExceeded
                try cutBack(to: before, level: quiet ? .debug : .warning)
            } catch let cutError {
                tornAt = before
                logger.error("a failed write left part of a line in the log, and cutting it off failed too; it is cut before the next write",
                             metadata: ["log": "\(PathText.display(path))", "error": "\(cutError)"])
            }
            throw error
        }
        dirty = true
        fingerprint.size = before + Int64(line.count)
    }

    /// Takes back whole lines appended since the log was `size` bytes long (lines whose record could not be written).
    package func takeBack(to size: Int64) throws(SystemError) {
        // The cut may reach into the first line: its fingerprint is taken again when next asked.
        if try cutBack(to: size, level: .info, "took back lines whose record could not be written; they are written again with it") {
            fingerprint = (0, 0)
        }
    }

    /// Truncates the log to `size` if it has grown past it (by default: removes what a failed append left), logging
    /// `message` with the bytes cut; whether anything was cut.
    @discardableResult
    private func cutBack(to size: Int64, level: Logger.Level = .warning,
                         _ message: Logger.Message = "cut the part of a line that a failed write left in the log") throws(SystemError) -> Bool {
        let now = Int64(try Syscalls.fstat(fd, path: path).st_size)
        if now > size {
            try Syscalls.ftruncate(fd, size, path: path)
            logger.log(level: level, message, metadata: ["log": "\(PathText.display(path))", "bytes": "\(now - size)"])
        }
        tornAt = nil
        return now > size
    }

    /// Reopens the path if the file there is not the one open: renamed or deleted behind our back.
    private func followPath() throws(SystemError) {
        let current: stat?
        do {
            current = try Syscalls.statFollowingLinks(path)
        } catch {
            return  // cannot look (EACCES on a parent, say): keep writing where we are
        }
        if let current, FileIdentity(current) == identity { return }
        logger.warning(current == nil ? "the log is gone from its path (moved or deleted) and no reload came; creating it again"
                                      : "the log at its path is a new file (rotated?) and no reload came; reopening it",
                       metadata: ["log": "\(PathText.display(path))"])
        if let tornAt { try? cutBack(to: tornAt) }
        try reopen(logger: logger)
    }

    /// Flushes what was appended since the last sync.
    public func sync() throws(SystemError) {
        guard dirty else { return }
        try Syscalls.fsync(fd, path: path)
        dirty = false
    }

    /// A duplicate of the descriptor to flush elsewhere (see ``DurableSync``) if anything was appended since the last
    /// flush; the log counts as clean from now on. Give it back with ``markDirty()`` if that flush fails.
    func takeDirtyDescriptor() throws(SystemError) -> DurableSync.Target? {
        guard dirty else { return nil }
        let copy = Glibc.dup(fd.rawValue)
        guard copy >= 0 else { throw SystemError(call: "dup", path: path, errno: Errno(rawValue: errno)) }
        dirty = false
        return DurableSync.Target(descriptor: FileDescriptor(rawValue: copy), path: path)
    }

    /// Marks the log as holding lines that are not known to be on disk (a flush of them failed).
    func markDirty() { dirty = true }

    /// Closes and opens the path again: after logrotate moved the file away, a new one is created.
    public func reopen(logger: Logger) throws(SystemError) {
        try sync()
        let fresh = try Syscalls.open(path, O_RDWR | O_APPEND | O_CREAT, 0o640)
        try Self.repairTornTail(fresh, path: path, logger: logger)
        let freshIdentity = FileIdentity(try Syscalls.fstat(fresh, path: path))
        try? fd.close()
        fd = fresh
        identity = freshIdentity
        tornAt = nil
        fingerprint = (0, 0)
    }

    /// Cuts the file back to its last newline if the last write was torn by a crash, logging what was cut.
    static func repairTornTail(_ fd: FileDescriptor, path: FilePath, logger: Logger) throws(SystemError) {
        let size = Int(try Syscalls.fstat(fd, path: path).st_size)
        guard size > 0 else { return }
        let last = try Syscalls.pread(fd, count: 1, offset: size - 1, path: path)
        guard last.first != UInt8(ascii: "\n") else { return }
        var end = size
        var keep = 0
        search: while end > 0 {
            let start = max(0, end - 65_536)
            let chunk = try Syscalls.pread(fd, count: end - start, offset: start, path: path)
            if let newline = chunk.lastIndex(of: UInt8(ascii: "\n")) {
                keep = start + newline + 1
                break search
            }
            end = start
        }
        let cut = try Syscalls.pread(fd, count: min(size - keep, 120), offset: keep, path: path)
        try Syscalls.ftruncate(fd, Int64(keep), path: path)
        try Syscalls.fsync(fd, path: path)
        logger.warning(
            "cut a torn last line left by a crash",
            metadata: ["log": "\(PathText.display(path))", "bytes": "\(size - keep)",
                       "start": "\(LogEscaping.escape(String(decoding: cut, as: UTF8.self)))"])
    }

    /// The file this log appends to now (device, inode, first line) and its size: where the next line will start.
    package func position() throws(SystemError) -> LogPosition {
        let info = try Syscalls.fstat(fd, path: path)
        let size = Int64(info.st_size)
        if fingerprint.value == 0 || size < fingerprint.size {
            fingerprint.value = size > 0 ? try LogFingerprint.of(fd, path: path) : 0
        }
        fingerprint.size = size
        return LogPosition(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), offset: size, fingerprint: fingerprint.value)
    }

    /// Calls `body` with each complete line of the file at `path`, from byte `offset` (a line start) on (for rebuilding
    /// state at start).
    public static func forEachLine(at path: FilePath, from offset: Int = 0, _ body: (ArraySlice<UInt8>) -> Void) throws(SystemError) {
        let fd: FileDescriptor
        do {
            fd = try Syscalls.open(path, O_RDONLY)
        } catch where error.errno == .noSuchFileOrDirectory {
            return
        }
        defer { try? fd.close() }
        var carry: [UInt8] = []
        var offset = offset
        while true {
            let chunk = try Syscalls.pread(fd, count: 1 << 20, offset: offset, path: path)
            if chunk.isEmpty { break }
            offset += chunk.count
            var lineStart = chunk.startIndex
            var index = chunk.startIndex
            while let newline = chunk[index...].firstIndex(of: UInt8(ascii: "\n")) {
                if carry.isEmpty {
                    body(chunk[lineStart..<newline])
                } else {
                    carry.append(contentsOf: chunk[lineStart..<newline])
                    body(carry[...])
                    carry.removeAll(keepingCapacity: true)
                }
                index = newline + 1
                lineStart = index
            }
            carry.append(contentsOf: chunk[lineStart...])
        }
    }
}
