#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// An exclusive lock on a folder, held while the value lives: `flock(2)` on the folder's own descriptor, so nothing
/// is written into the folder, and the kernel lets go when the process ends, however it ends (SIGKILL included).
/// The daemon holds one on its state folder: two daemons on one would record every file twice. (Not on a folder
/// watched for its own deletion: the open descriptor keeps the inode, and inotify's IN_DELETE_SELF, from going.)
package final class FolderLock: Sendable {
    /// Why a folder could not be locked.
    package enum Failure: Error, Sendable, Equatable {
        /// Another process holds the lock.
        case held(FilePath)
        /// The folder could not be made, opened or locked.
        case system(SystemError)
        /// The file system does not lock (some NFS setups): the folder is usable, but not protected.
        case unsupported(SystemError)
    }

    private let descriptor: FileDescriptor
    package let path: FilePath

    /// Makes the folder if it is missing (with `mode`), then takes the lock without waiting: `.held` when another
    /// process has it.
    package init(_ path: FilePath, mode: mode_t = 0o750) throws(Failure) {
        self.path = path
        let folder: FileDescriptor
        do {
            try Syscalls.makeDirectories(path, mode: mode)
            folder = try Syscalls.open(path, O_RDONLY | O_DIRECTORY)
        } catch {
            throw .system(error)
        }
        // Locked before `descriptor` is set: a failure then leaves the object unmade, so `deinit` cannot close the
        // descriptor a second time (by then its number may be another file's).
        while flock(folder.rawValue, LOCK_EX | LOCK_NB) != 0 {
            let err = Errno(rawValue: errno)
            if err == .interrupted { continue }
            try? folder.close()
            if err == .wouldBlock { throw .held(path) }
            let error = SystemError(call: "flock", path: path, errno: err)
            if err == .noLocks || err == .notSupported || err == .badFileDescriptor { throw .unsupported(error) }
            throw .system(error)
        }
        descriptor = folder
    }

    deinit {
        try? descriptor.close()
    }
}
