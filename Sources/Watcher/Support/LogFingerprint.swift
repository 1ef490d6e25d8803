#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// A hash of a log file's first line, which an append-only log never changes: with the device and inode it tells a
/// file from a new one that got a deleted file's inode number (logrotate with `rotate 0`, a log removed by hand).
package enum LogFingerprint {
    /// FNV-1a of the file's first line (at most its first 4 KiB); 0 while the file has no complete first line yet.
    package static func of(_ fd: FileDescriptor, path: FilePath) throws(SystemError) -> UInt64 {
        let head = try Syscalls.pread(fd, count: 4096, offset: 0, path: path)
        let end = head.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? (head.count == 4096 ? 4096 : 0)
        guard end > 0 else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in head[..<end] { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash == 0 ? 1 : hash
    }

    /// ``of(_:path:)`` for the file at `path`; 0 when there is none.
    package static func of(_ path: FilePath) throws(SystemError) -> UInt64 {
        let fd: FileDescriptor
        do {
            fd = try Syscalls.open(path, O_RDONLY)
        } catch where error.errno == .noSuchFileOrDirectory {
            return 0
        }
        defer { try? fd.close() }
        return try of(fd, path: path)
    }

    /// Whether two fingerprints may name the same file: equal, or one of them not known (0).
    package static func compatible(_ first: UInt64, _ second: UInt64) -> Bool {
        first == 0 || second == 0 || first == second
    }
}
