#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// One complete line of a JSON Lines log and the position just past it (where the cursor goes once it is acked).
public struct LogLine: Sendable, Equatable {
    /// The line without its newline: a slice of the buffer the log was read into.
    public let bytes: ArraySlice<UInt8>
    public let end: ForwardPosition
}

/// Reads a JSON Lines log from a ``ForwardPosition`` onwards and follows it across logrotate.
///
/// The position names the file by device and inode. When the path names another file (`create` rotation), the old
/// file is looked for under any name in the same folder (`articles.jsonl.1`) and read to its end first; the new file
/// is started once the old one is exhausted and the new one has data (the writer moved after its SIGHUP). A file
/// shorter than the position (`copytruncate`) is read again from its start. Lines that can no longer be read (the
/// rotated file was deleted or compressed before it was forwarded) are counted in ``abandonedFiles``.
public struct LogTail: Sendable {
    public let path: FilePath
    /// The position after the last line handed out and committed; nil until the log first exists.
    public private(set) var position: ForwardPosition?
    /// Rotated files that vanished before all their lines were read (since the last ``takeAbandoned()``).
    public private(set) var abandonedFiles = 0
    /// Times the log was found truncated in place or replaced under the same inode, and read again from its start
    /// (since the last ``takeTruncations()``).
    public private(set) var truncations = 0
    /// What went wrong, for the log: set by ``next(maxLines:)`` when it gives a rotated file up or finds the log
    /// truncated in place.
    public private(set) var events: [String] = []
    /// What happened that is no problem (a rotation followed to its end), since the last ``next(maxLines:)``.
    public private(set) var notices: [String] = []
    /// Complete lines counted ahead of ``position`` in the file being read, up to ``countedEnd``.
    private var countedLines = 0
    private var countedEnd: ForwardPosition?

    public init(path: FilePath, position: ForwardPosition?) {
        self.path = path
        self.position = position
    }

    /// ``abandonedFiles``, reset to 0.
    public mutating func takeAbandoned() -> Int {
        defer { abandonedFiles = 0 }
        return abandonedFiles
    }

    /// ``truncations``, reset to 0.
    public mutating func takeTruncations() -> Int {
        defer { truncations = 0 }
        return truncations
    }

    /// Complete lines not yet committed in the file being read (the lag, in records).
    public var pendingLines: Int { countedLines }

    /// Marks `line` (handed out by ``next(maxLines:)``) as published: the position moves past it.
    public mutating func commit(_ line: LogLine) {
        position = line.end
        countedLines = max(0, countedLines - 1)
    }

    /// Up to `maxLines` complete lines after the position, without moving it. The lines share one read buffer:
    /// a look at a log is one open, one fstat and (when it grew) one read, and each byte is read once.
    public mutating func next(maxLines: Int, maxBytes: Int = 8 << 20) throws(SystemError) -> [LogLine] {
        events.removeAll()
        notices.removeAll()
        let fd: FileDescriptor
        do {
            fd = try Syscalls.open(path, O_RDONLY | O_CLOEXEC)
        } catch where error.errno == .noSuchFileOrDirectory {
            return []
        }
        defer { try? fd.close() }
        let current = try Syscalls.fstat(fd, path: path)
        let currentFile = ForwardPosition(device: UInt64(current.st_dev), inode: UInt64(current.st_ino), offset: 0,
                                          fingerprint: try LogFingerprint.of(fd, path: path))
        guard var position else {
            self.position = currentFile
            return try read(fd, file: path, size: UInt64(current.st_size), at: currentFile, maxLines: maxLines, maxBytes: maxBytes)
        }
        if position.device == currentFile.device && position.inode == currentFile.inode {
            if !position.sameFile(as: currentFile) || UInt64(current.st_size) < position.offset {
                // Truncated in place (copytruncate), or deleted and a new file got the same inode number.
                truncations += 1
                events.append("\(PathText.display(path)) was truncated or replaced under the same inode: forwarding it again from its start (lines after the cursor in its old content are not published)")
                position = currentFile
                self.position = position
                resetCount()
            }
            return try read(fd, file: path, size: UInt64(current.st_size), at: position, maxLines: maxLines, maxBytes: maxBytes)
        }
        // Rotated: finish the old file first, wherever it went.
        if let old = try rotatedFile(matching: position) {
            let lines = try read(old, at: position, maxLines: maxLines, maxBytes: maxBytes)
            if !lines.isEmpty || current.st_size == 0 { return lines }
            // The normal end of a rotation: said, not warned about.
            notices.append("finished the rotated \(PathText.display(old)); now forwarding \(PathText.display(path))")
        } else {
            abandonedFiles += 1
            events.append("the rotated log that held the next lines after \(PathText.display(path)) offset \(position.offset) is gone (deleted or compressed before it was forwarded): its remaining lines are not published")
        }
        self.position = currentFile
        resetCount()
        return try read(fd, file: path, size: UInt64(current.st_size), at: currentFile, maxLines: maxLines, maxBytes: maxBytes)
    }

    private mutating func resetCount() {
        countedLines = 0
        countedEnd = nil
    }

    /// The file in the log's folder with the position's device and inode, if one is left.
    private func rotatedFile(matching position: ForwardPosition) throws(SystemError) -> FilePath? {
        var folder = path
        folder.removeLastComponent()
        if folder.isEmpty { folder = "." }
        for entry in try Syscalls.listDirectory(folder) where entry.isDirectory != true {
            let candidate = folder.appending(entry.name)
            if let info = try Syscalls.lstat(candidate), UInt64(info.st_dev) == position.device, UInt64(info.st_ino) == position.inode,
               (info.st_mode & S_IFMT) == S_IFREG,
               ForwardPosition(device: position.device, inode: position.inode, offset: 0, fingerprint: try LogFingerprint.of(candidate)).sameFile(as: position) {
                return candidate
            }
        }
        return nil
    }

    /// Opens a rotated file by name and reads it (nothing when it is gone or is another file by now).
    private mutating func read(_ file: FilePath, at start: ForwardPosition, maxLines: Int, maxBytes: Int) throws(SystemError) -> [LogLine] {
        let fd: FileDescriptor
        do {
            fd = try Syscalls.open(file, O_RDONLY | O_CLOEXEC)
        } catch where error.errno == .noSuchFileOrDirectory {
            return []
        }
        defer { try? fd.close() }
        let info = try Syscalls.fstat(fd, path: file)
        // The name may have moved between the directory listing and open: only read the file the position means.
        guard UInt64(info.st_dev) == start.device, UInt64(info.st_ino) == start.inode else { return [] }
        return try read(fd, file: file, size: UInt64(info.st_size), at: start, maxLines: maxLines, maxBytes: maxBytes)
    }

    private mutating func read(_ fd: FileDescriptor, file: FilePath, size: UInt64, at start: ForwardPosition, maxLines: Int,
                               maxBytes: Int) throws(SystemError) -> [LogLine] {
        var start = start
        if start.fingerprint == 0 { start.fingerprint = try LogFingerprint.of(fd, path: file) }
        if countedEnd.map({ !$0.sameFile(as: start) || $0.offset < start.offset }) ?? true {
            countedEnd = start
            countedLines = 0
        }
        var lines: [LogLine] = []
        var offset = start.offset
        var want = min(1 << 20, maxBytes)
        while lines.count < maxLines, offset < size {
            let chunk = try Syscalls.pread(fd, count: Int(min(UInt64(want), size - offset)), offset: Int(offset), path: file)
            if chunk.isEmpty { break }
            var lineStart = 0
            var taken = 0
            var index = 0
            while index < chunk.count {
                guard let found = Self.newline(in: chunk, from: index) else { break }
                let end = offset + UInt64(found) + 1
                if let counted = countedEnd, end > counted.offset {
                    // Counted here, in passing: the lag count below starts after it.
                    countedLines += 1
                    countedEnd?.offset = end
                }
                if found > lineStart {
                    // A slice of the chunk: the lines of one read share its buffer.
                    lines.append(LogLine(bytes: chunk[lineStart..<found],
                                         end: ForwardPosition(device: start.device, inode: start.inode, offset: end, fingerprint: start.fingerprint)))
                }
                lineStart = found + 1
                taken = lineStart
                index = lineStart
                if lines.count == maxLines { break }
            }
            if taken == 0 {
                // A line longer than the chunk: read a larger one, unless it is still being written.
                if UInt64(chunk.count) == size - offset { break }
                want *= 2
                continue
            }
            offset += UInt64(taken)
            if lines.count > 0 && offset - start.offset >= UInt64(maxBytes) { break }
        }
        try count(fd, file: file, size: size)
        return lines
    }

    /// The index of the first newline in `bytes` at or after `start` (memchr: the scan over every byte the
    /// forwarder reads, several times faster than a generic search).
    static func newline(in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - buffer.baseAddress! }
        }
    }

    /// Counts complete lines from where the last count stopped to the end of the file (each byte is counted once;
    /// the lines ``read`` handed out were counted as it found them).
    private mutating func count(_ fd: FileDescriptor, file: FilePath, size: UInt64) throws(SystemError) {
        guard var end = countedEnd else { return }
        var scanned = end.offset
        while scanned < size {
            let chunk = try Syscalls.pread(fd, count: Int(min(1 << 20, size - scanned)), offset: Int(scanned), path: file)
            if chunk.isEmpty { break }
            var index = 0
            while let found = Self.newline(in: chunk, from: index) {
                countedLines += 1
                end.offset = scanned + UInt64(found) + 1
                index = found + 1
            }
            scanned += UInt64(chunk.count)
        }
        countedEnd = end
    }
}
