#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Reads the complete lines appended to a JSON Lines file since the last call, and follows it across logrotate.
///
/// `create` rotation: when the path names a new file, the old one is kept open and read first on every call until
/// the new one has data (watcherd keeps writing to the old file until its SIGHUP), then read a last time and closed.
/// `copytruncate`: a file shorter than what was read is read again from its start; lines written between the
/// truncation and the next call, beyond the length already read, cannot be told apart from old ones (prefer `create`).
/// Used by `watcherd tail` and the benchmark's log watcher.
public struct JSONLinesFollower {
    public let path: String
    private var current: Reader?
    /// The file the path named before a rotation, until the writer has moved to the new one.
    private var previous: Reader?

    public init(path: String) {
        self.path = path
    }

    /// The complete lines added since the last call, without their newlines; a partial last line waits for its end.
    ///
    /// The open files are drained first and the path looked at after: a file that grows while it is being read is
    /// then never taken for one that shrank (which would re-read it from the start and repeat every line).
    public mutating func newLines() -> [String] {
        // The writer has moved to the new file once it has data; looked at before the old file's last read, so a line
        // written to the old file just before the move is read, not dropped with it.
        let writerMoved = (current?.size ?? 0) > 0
        var lines = previous?.drain() ?? []
        if writerMoved { previous = nil }
        lines += current?.drain() ?? []
        var info = stat()
        guard stat(path, &info) == 0 else { return lines }
        guard let open = current else {
            current = Reader(path: path)
            return lines + (current?.drain() ?? [])
        }
        if UInt64(info.st_ino) != open.inode {
            // Rotated: the old file stays open (the writer may not have switched yet), the new one is read from its start.
            previous = open
            current = Reader(path: path)
            lines += current?.drain() ?? []
        } else if UInt64(info.st_size) < open.offset {
            // Truncated in place: read it again from the start.
            current = Reader(path: path)
            lines += current?.drain() ?? []
        }
        return lines
    }

    /// What the file holds now, in pieces of about `maxBytes`: the complete lines of the next piece, `[]` once
    /// everything there is has been read. For a first read of a large log that keeps only some of its lines; then
    /// ``newLines()`` goes on from where this stopped.
    public mutating func backlog(maxBytes: Int) -> [String] {
        if current == nil { current = Reader(path: path) }
        return current?.drain(maxBytes: maxBytes) ?? []
    }

    /// One open file: its inode (from the descriptor, not the path, so a rotation between the two cannot mix them up),
    /// how far it was read, and a partial last line.
    private final class Reader {
        let handle: FileHandle
        let inode: UInt64
        private(set) var offset: UInt64 = 0
        private var partial: [UInt8] = []

        init?(path: String) {
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            var info = stat()
            guard fstat(handle.fileDescriptor, &info) == 0 else { return nil }
            self.handle = handle
            inode = UInt64(info.st_ino)
        }

        deinit { try? handle.close() }

        /// The file's size now (of the open file, wherever its name went).
        var size: UInt64 {
            var info = stat()
            return fstat(handle.fileDescriptor, &info) == 0 ? UInt64(info.st_size) : 0
        }

        func drain(maxBytes: Int = .max) -> [String] {
            // A piece that ends inside a line gives no line yet: read on until one ends or the file does.
            var lines: [String] = []
            repeat {
                guard let data = maxBytes == .max ? try? handle.readToEnd() : try? handle.read(upToCount: maxBytes), !data.isEmpty else { break }
                lines = take(data)
            } while lines.isEmpty
            // An unfinished last line is read again next time rather than kept: a writer that cuts it off (watcherd
            // drops a torn last line when it starts) and writes on would otherwise have its next line glued to the
            // cut one, and the cut would not even look like a truncation.
            if !partial.isEmpty {
                offset -= UInt64(partial.count)
                _ = try? handle.seek(toOffset: offset)
                partial.removeAll()
            }
            return lines
        }

        private func take(_ data: Data) -> [String] {
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
}
