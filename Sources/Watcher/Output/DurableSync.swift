#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import SystemPackage

/// Runs `fsync(2)` on a thread of its own, so the wait for the disk never parks a thread of Swift's cooperative pool
/// (which has one thread per core: a pool thread blocked in fsync is a core that processes no articles).
///
/// The descriptors it syncs are duplicates made by the caller: the log they belong to may be reopened (logrotate)
/// while the flush runs, and the duplicate still names the file the lines were written to.
package struct DurableSync: Sendable {
    /// A duplicated descriptor and the path it stands for (for the error message).
    struct Target: Sendable {
        let descriptor: FileDescriptor
        let path: FilePath
    }

    private let queue = DispatchQueue(label: "watcherd.fsync")
    private let fsync: @Sendable (FileDescriptor, FilePath) throws(SystemError) -> Void

    /// `fsync` is the call that flushes one descriptor; tests pass one that fails, as a dying disk would.
    package init(fsync: @escaping @Sendable (FileDescriptor, FilePath) throws(SystemError) -> Void = { descriptor, path throws(SystemError) in
        try Syscalls.fsync(descriptor, path: path)
    }) {
        self.fsync = fsync
    }

    /// Flushes every target, closes the duplicates, and throws the first error.
    func sync(_ targets: [Target]) async throws(SystemError) {
        guard !targets.isEmpty else { return }
        let failure: SystemError? = await withCheckedContinuation { continuation in
            queue.async {
                var failure: SystemError?
                for target in targets {
                    do throws(SystemError) {
                        try fsync(target.descriptor, target.path)
                    } catch {
                        failure = failure ?? error
                    }
                    try? target.descriptor.close()
                }
                continuation.resume(returning: failure)
            }
        }
        if let failure { throw failure }
    }
}
