#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Reads the complete lines appended to a JSON Lines file since the last call, and follows it across logrotate:
/// when the path names a new file (new inode) or the file shrank, the rest of the old file is read, then the new one.
/// Used by `watcherd tail` and the benchmark's log watcher.
public struct JSONLinesFollower {
    public let path: String
    private var handle: FileHandle?
    private var inode: UInt64 = 0
    private var offset: UInt64 = 0
    private var partial: [UInt8] = []

    public init(path: String) {
        self.path = path
    }

    /// The complete lines added since the last call, without their newlines; a partial last line waits for its end.
    ///
    /// The open file is drained first and the path looked at after: a file that grows while it is being read is then
    /// never taken for one that shrank (which would re-read it from the start and repeat every line).
    public mutating func newLines() -> [String] {
        var lines = drain()
        var info = stat()
        guard stat(path, &info) == 0 else { return lines }
        if handle == nil {
            open(inode: UInt64(info.st_ino))
            return lines + drain()
        }
        if UInt64(info.st_ino) != inode {
            // Rotated (logrotate `create`): the rest of the old file was read above; now the new one from its start.
            lines += drain()
            open(inode: UInt64(info.st_ino))
            lines += drain()
        } else if UInt64(info.st_size) < offset {
            // Truncated in place (logrotate `copytruncate`): read it again from the start.
            open(inode: inode)
            lines += drain()
        }
        return lines
    }

    private mutating func open(inode: UInt64) {
        try? handle?.close()
        handle = FileHandle(forReadingAtPath: path)
        self.inode = inode
        offset = 0
        partial = []
    }

    private mutating func drain() -> [String] {
        guard let handle, let data = try? handle.readToEnd(), !data.isEmpty else { return [] }
        offset += UInt64(data.count)
        partial += data
        var lines: [String] = []
        var start = 0
        // One pass over the buffer, then one removal: a large backlog costs linear time, not a copy per line.
        while let newline = partial[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: partial[start..<newline], as: UTF8.self))
            start = newline + 1
        }
        partial.removeFirst(start)
        return lines
    }
}
