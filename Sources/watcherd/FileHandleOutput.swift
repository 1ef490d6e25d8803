import SystemPackage
import Watcher

/// Whole-buffer writes to the standard streams through the library's one write loop (EINTR retried there). A closed
/// stream is not an error worth dying for: what cannot be written is dropped.
enum FileHandleOutput {
    static func writeStderr(_ string: String) { write(.standardError, Array(string.utf8)) }
    static func writeStderr(_ bytes: [UInt8]) { write(.standardError, bytes) }
    static func writeStdout(_ bytes: [UInt8]) { write(.standardOutput, bytes) }

    private static func write(_ fd: FileDescriptor, _ bytes: [UInt8]) {
        try? Syscalls.writeAll(fd, bytes, path: fd == .standardError ? "<stderr>" : "<stdout>")
    }
}
