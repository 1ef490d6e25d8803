#if canImport(Glibc)
import Glibc
#endif
import CSyscalls
import SystemPackage

/// Thin wrappers over the POSIX calls that swift-system does not cover. errno becomes a ``SystemError`` here and
/// EINTR is retried here, so no other file has to remember either. Paths stay raw bytes (``FilePath``) throughout.
package enum Syscalls {
    @inline(__always)
    private static func retrying(_ body: () -> Int32) -> (Int32, Errno?) {
        while true {
            let result = body()
            if result == -1 && errno == EINTR { continue }
            return (result, result == -1 ? Errno(rawValue: errno) : nil)
        }
    }

    /// Opens with close-on-exec always set; the flags are added to it.
    package static func open(_ path: FilePath, _ flags: Int32, _ mode: mode_t = 0) throws(SystemError) -> FileDescriptor {
        let (fd, err) = retrying { path.withPlatformString { Glibc.open($0, flags | O_CLOEXEC, mode) } }
        if let err { throw SystemError(call: "open", path: path, errno: err) }
        return FileDescriptor(rawValue: fd)
    }

    package static func fstat(_ fd: FileDescriptor, path: FilePath) throws(SystemError) -> stat {
        var info = stat()
        let (_, err) = retrying { Glibc.fstat(fd.rawValue, &info) }
        if let err { throw SystemError(call: "fstat", path: path, errno: err) }
        return info
    }

    /// `lstat`: `nil` when the path does not exist.
    package static func lstat(_ path: FilePath) throws(SystemError) -> stat? {
        var info = stat()
        let (_, err) = retrying { path.withPlatformString { Glibc.lstat($0, &info) } }
        guard let err else { return info }
        if err == .noSuchFileOrDirectory || err == .notDirectory { return nil }
        throw SystemError(call: "lstat", path: path, errno: err)
    }

    /// `stat` (following links): `nil` when the path does not exist.
    package static func statFollowingLinks(_ path: FilePath) throws(SystemError) -> stat? {
        var info = Glibc.stat()
        let (_, err) = retrying { path.withPlatformString { fstatat(AT_FDCWD, $0, &info, 0) } }
        guard let err else { return info }
        if err == .noSuchFileOrDirectory || err == .notDirectory { return nil }
        throw SystemError(call: "stat", path: path, errno: err)
    }

    /// Reads up to `limit` bytes from the current offset; stops early at end of file. `sizeHint` is the size `fstat`
    /// gave, if known: the bytes are then read into the result in one go.
    package static func readAll(_ fd: FileDescriptor, path: FilePath, limit: Int, sizeHint: Int = 0) throws(SystemError) -> [UInt8] {
        // Straight into the result, sized by the hint (`fstat`'s size) plus one byte to see the end without another
        // pass: a zeroed 64 KiB chunk per file, copied over and grown, was 1% of `watcherd process`. A file that grows
        // while it is read goes on in chunks below.
        let first = min(limit, max(sizeHint + 1, 1 << 12))
        var failure: SystemError? = nil
        var bytes = [UInt8](unsafeUninitializedCapacity: first) { buffer, initialized in
            while initialized < first {
                do throws(SystemError) {
                    let count = try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[initialized..<first]), path: path)
                    if count == 0 { return }
                    initialized += count
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        guard bytes.count == first, bytes.count < limit else { return bytes }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < limit {
            let want = min(chunk.count, limit - bytes.count)
            let count = try chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(SystemError) in try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), path: path) }
            }.get()
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// One `read(2)` into `buffer`, retried on EINTR; 0 at end of file.
    private static func read(_ fd: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer, path: FilePath) throws(SystemError) -> Int {
        do {
            return try fd.read(into: buffer, retryOnInterrupt: true)
        } catch let error as Errno {
            throw SystemError(call: "read", path: path, errno: error)
        } catch {
            throw SystemError(call: "read", path: path, errno: .ioError)
        }
    }

    /// Writes every byte; for a regular file Linux takes a whole buffer in one `write(2)`.
    package static func writeAll(_ fd: FileDescriptor, _ bytes: [UInt8], path: FilePath) throws(SystemError) {
        do {
            _ = try bytes.withUnsafeBytes { try fd.writeAll($0) }
        } catch let error as Errno {
            throw SystemError(call: "write", path: path, errno: error)
        } catch {
            throw SystemError(call: "write", path: path, errno: .ioError)
        }
    }

    package static func fsync(_ fd: FileDescriptor, path: FilePath) throws(SystemError) {
        let (_, err) = retrying { Glibc.fsync(fd.rawValue) }
        if let err { throw SystemError(call: "fsync", path: path, errno: err) }
    }

    /// Flushes a directory's entries (a rename, create or unlink in it) to disk.
    package static func fsyncDirectory(_ path: FilePath) throws(SystemError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { try? fd.close() }
        try fsync(fd, path: path)
    }

    package static func ftruncate(_ fd: FileDescriptor, _ length: Int64, path: FilePath) throws(SystemError) {
        let (_, err) = retrying { Glibc.ftruncate(fd.rawValue, off_t(length)) }
        if let err { throw SystemError(call: "ftruncate", path: path, errno: err) }
    }

    /// Reads `count` bytes at `offset` (fewer at end of file).
    package static func pread(_ fd: FileDescriptor, count: Int, offset: Int, path: FilePath) throws(SystemError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n: Int
            do {
                n = try buffer.withUnsafeMutableBytes { raw in
                    try fd.read(fromAbsoluteOffset: Int64(offset + got), into: UnsafeMutableRawBufferPointer(rebasing: raw[got...]), retryOnInterrupt: true)
                }
            } catch let error as Errno {
                throw SystemError(call: "pread", path: path, errno: error)
            } catch {
                throw SystemError(call: "pread", path: path, errno: .ioError)
            }
            if n == 0 { break }
            got += n
        }
        buffer.removeLast(count - got)
        return buffer
    }

    /// `renameat2(RENAME_NOREPLACE)`: fails with EEXIST instead of replacing what is at `to`.
    package static func renameNoReplace(_ from: FilePath, _ to: FilePath) throws(SystemError) {
        let (_, err) = retrying {
            from.withPlatformString { f in to.withPlatformString { t in watcherd_rename_noreplace(f, t) } }
        }
        if let err { throw SystemError(call: "rename", path: from, errno: err) }
    }

    /// `rename(2)`, replacing `to` atomically (for state files written to a temporary name first).
    package static func rename(_ from: FilePath, _ to: FilePath) throws(SystemError) {
        let (_, err) = retrying { from.withPlatformString { f in to.withPlatformString { t in Glibc.rename(f, t) } } }
        if let err { throw SystemError(call: "rename", path: from, errno: err) }
    }

    /// `unlink(2)`; a path that is already gone is not an error.
    package static func unlink(_ path: FilePath) throws(SystemError) {
        let (_, err) = retrying { path.withPlatformString { Glibc.unlink($0) } }
        if let err, err != .noSuchFileOrDirectory { throw SystemError(call: "unlink", path: path, errno: err) }
    }

    /// `mkdir -p`: creates every missing component; existing directories are fine.
    package static func makeDirectories(_ path: FilePath, mode: mode_t = 0o750) throws(SystemError) {
        if let info = try lstat(path), (info.st_mode & S_IFMT) == S_IFDIR { return }
        var parent = path
        if parent.removeLastComponent(), !parent.isEmpty, parent != path { try makeDirectories(parent, mode: mode) }
        let (_, err) = retrying { path.withPlatformString { Glibc.mkdir($0, mode) } }
        if let err, err != .fileExists { throw SystemError(call: "mkdir", path: path, errno: err) }
    }

    /// One entry of a directory listing: its name as raw bytes and what `d_type` says it is.
    package struct DirectoryEntry: Sendable {
        package let name: FilePath.Component
        /// `nil` when the file system does not fill `d_type`; the caller must `lstat`.
        package let isDirectory: Bool?
    }

    /// The entries of a directory, without "." and "..", names kept as raw bytes.
    package static func listDirectory(_ path: FilePath) throws(SystemError) -> [DirectoryEntry] {
        let handle = path.withPlatformString { opendir($0) }
        guard let handle else { throw SystemError(call: "opendir", path: path, errno: Errno(rawValue: errno)) }
        defer { closedir(handle) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(handle) {
            let component = withUnsafeBytes(of: entry.pointee.d_name) { raw -> FilePath.Component? in
                let name = raw.bindMemory(to: CChar.self).baseAddress!
                return FilePath.Component(platformString: name)
            }
            guard let component, component.kind == .regular else { continue }
            let type = entry.pointee.d_type
            let isDirectory: Bool? = type == UInt8(DT_DIR) ? true : (type == UInt8(DT_UNKNOWN) ? nil : false)
            entries.append(DirectoryEntry(name: component, isDirectory: isDirectory))
        }
        return entries
    }

    /// The destination a symbolic link names (the link itself; its target is never opened).
    package static func readLink(_ path: FilePath) throws(SystemError) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = path.withPlatformString { Glibc.readlink($0, &buffer, buffer.count - 1) }
        guard n >= 0 else { throw SystemError(call: "readlink", path: path, errno: Errno(rawValue: errno)) }
        return buffer[0..<n].map { UInt8(bitPattern: $0) }
    }

    package static func symlink(_ destination: [UInt8], at path: FilePath) throws(SystemError) {
        let cDestination = destination.map { CChar(bitPattern: $0) } + [0]
        let (_, err) = retrying { path.withPlatformString { Glibc.symlink(cDestination, $0) } }
        if let err { throw SystemError(call: "symlink", path: path, errno: err) }
    }

    package static func makeFIFO(_ path: FilePath, mode: mode_t) throws(SystemError) {
        let (_, err) = retrying { path.withPlatformString { Glibc.mkfifo($0, mode) } }
        if let err { throw SystemError(call: "mkfifo", path: path, errno: err) }
    }

    /// What an unprivileged writer can still use on the file system holding `path` (bytes, and inodes where the file
    /// system counts them), and whether it is mounted read-only; nil when it cannot be asked.
    package static func fileSystemRoom(_ path: FilePath) -> (bytes: UInt64, inodes: UInt64?, readOnly: Bool)? {
        // By descriptor: `statvfs` the function and `statvfs` the struct share a name Swift cannot tell apart.
        guard let descriptor = try? open(path, O_RDONLY | O_DIRECTORY) else { return nil }
        defer { try? descriptor.close() }
        var info = Glibc.statvfs()
        guard Glibc.fstatvfs(descriptor.rawValue, &info) == 0 else { return nil }
        return (UInt64(info.f_bavail) * UInt64(info.f_frsize), info.f_files > 0 ? UInt64(info.f_favail) : nil,
                info.f_flag & UInt(ST_RDONLY) != 0)
    }

    /// This process's id.
    package static var processID: Int32 { Glibc.getpid() }

    /// Whether process `pid` exists; true when it does but belongs to another user (EPERM), false only when the
    /// kernel says there is no such process.
    package static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return Glibc.kill(pid, 0) == 0 || errno != ESRCH
    }

    /// CLOCK_MONOTONIC in microseconds, the clock systemd's `MONOTONIC_USEC` uses.
    package static func monotonicMicroseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1_000
    }
}
