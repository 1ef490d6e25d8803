#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Reads one dropped file safely: never follows a link, never blocks on a FIFO or device, never reads past the size
/// cap. The only way in for file contents.
public struct DropFileReader: Sendable {
    public let maxFileSize: Int

    public init(maxFileSize: Int) {
        self.maxFileSize = maxFileSize
    }

    /// What reading produced.
    public enum Outcome: Sendable {
        case file(DroppedFile)
        /// The file cannot be processed; it must get an error record and go to quarantine.
        /// `seen`: the file's identity as the reader's `fstat` saw it (nil when it could not be opened), so that a file
        /// renamed over it before the quarantine (a real article over an empty placeholder) is not quarantined instead.
        case rejected(IngestError, size: Int?, seen: FileIdentity? = nil)
        /// The path no longer exists (already handled, or deleted by its writer): nothing to do.
        case vanished
        /// The file cannot be read right now for a reason of this host's, not of the file's (too many open files,
        /// no memory, an I/O or network file system error): it is left where it is for a later try.
        case unavailable(SystemError)
        /// The file's size or times changed while it was read: a writer is at it (an upload over the same name,
        /// `rsync --inplace`). What was read is no version of the file; it is left for its close event or the next
        /// listing.
        case changing
    }

    /// Errors that say nothing about the file: quarantining it for them would lose a good article.
    static let transient: Set<Errno> = [.tooManyOpenFiles, .tooManyOpenFilesInSystem, .noMemory, .ioError, .staleNFSFileHandle, .timedOut]

    public func read(_ path: FilePath, relativePath: FilePath) -> Outcome {
        let fd: FileDescriptor
        do {
            fd = try Syscalls.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
        } catch {
            switch error.errno {
            case .noSuchFileOrDirectory, .notDirectory: return .vanished
            case .tooManySymbolicLinkLevels: return .rejected(.symlink(), size: nil)
            case .noSuchAddressOrDevice: return .rejected(.notRegular(kind: "socket or device without a reader"), size: nil)
            default: return Self.failed(error, size: nil)
            }
        }
        defer { try? fd.close() }
        let info: stat
        do {
            info = try Syscalls.fstat(fd, path: path)
        } catch {
            return Self.failed(error, size: nil)
        }
        let type = info.st_mode & S_IFMT
        let seen = FileIdentity(info)
        guard type == S_IFREG else { return .rejected(.notRegular(kind: Self.describe(type)), size: nil, seen: seen) }
        let size = Int(info.st_size)
        if size > maxFileSize { return .rejected(.tooLarge(size: size, limit: maxFileSize), size: size, seen: seen) }
        let bytes: [UInt8]
        do {
            bytes = try Syscalls.readAll(fd, path: path, limit: maxFileSize + 1, sizeHint: size)
        } catch {
            return Self.failed(error, size: size, seen: seen)
        }
        // A writer that truncated and rewrote the file while it was read leaves other times or another size.
        if let after = try? Syscalls.fstat(fd, path: path), !Self.sameVersion(info, after) { return .changing }
        if bytes.count > maxFileSize { return .rejected(.tooLarge(size: bytes.count, limit: maxFileSize), size: bytes.count, seen: seen) }
        if bytes.isEmpty { return .rejected(.empty(), size: 0, seen: seen) }
        return .file(DroppedFile(path: path, relativePath: relativePath, bytes: bytes, stat: info))
    }

    /// Whether two `fstat`s of one descriptor show the same contents: size, modification and change times.
    static func sameVersion(_ a: stat, _ b: stat) -> Bool {
        a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec
            && a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec
    }

    /// A read that failed: left for later when the error is this host's, rejected as unreadable otherwise.
    static func failed(_ error: SystemError, size: Int?, seen: FileIdentity? = nil) -> Outcome {
        transient.contains(error.errno) ? .unavailable(error) : .rejected(.unreadable(error), size: size, seen: seen)
    }

    static func describe(_ type: mode_t) -> String {
        switch type {
        case S_IFIFO: return "FIFO (named pipe)"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        case S_IFDIR: return "directory"
        case S_IFLNK: return "symbolic link"
        default: return "special file"
        }
    }
}
