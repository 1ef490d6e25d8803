#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Writes small files so that a crash leaves either the old or the new content, never a torn one:
/// temp file, `fsync`, `rename` over, `fsync` the directory.
public enum StateFile {
    /// How many bytes the temporary file's name adds to the file's: a leading «.» and «.tmp-» with a pid of up to
    /// seven digits (Linux's largest is 4194304).
    static let temporaryNameOverhead = 13

    public static func write(_ bytes: [UInt8], to path: FilePath, mode: mode_t = 0o640) throws(SystemError) {
        var temporary = path
        temporary.removeLastComponent()
        let name = path.lastComponent.map { PathText.bytes(of: FilePath(root: nil, [$0])) } ?? []
        let tempName = Array(".".utf8) + name + Array(".tmp-\(getpid())".utf8)
        temporary.append(PathText.component(bytes: tempName))
        let fd = try Syscalls.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode)
        do {
            try Syscalls.writeAll(fd, bytes, path: temporary)
            try Syscalls.fsync(fd, path: temporary)
            try? fd.close()
        } catch {
            try? fd.close()
            try? Syscalls.unlink(temporary)
            throw error
        }
        try Syscalls.rename(temporary, path)
        var directory = path
        directory.removeLastComponent()
        try Syscalls.fsyncDirectory(directory.isEmpty ? "." : directory)
    }
}
