import ArgumentParser
import Synchronization
import SystemPackage
import Watcher

/// Whole-buffer writes to the standard streams through the library's one write loop (EINTR retried there).
///
/// stderr that cannot be written is dropped. stdout carries the command's output (records, alerts, a report): the
/// first failed write (a full disk under `> file`, a closed pipe) is kept, nothing is written after it (the output
/// stays a prefix with at most one torn line), and ``requireStdoutWritten(_:)`` turns it into an error and exit 1.
enum FileHandleOutput {
    static func writeStderr(_ string: String) { write(.standardError, Array(string.utf8)) }
    static func writeStderr(_ bytes: [UInt8]) { write(.standardError, bytes) }

    static func writeStdout(_ bytes: [UInt8]) {
        guard stdoutFailure.withLock({ $0 == nil }) else { return }
        do {
            try Syscalls.writeAll(.standardOutput, bytes, path: "<stdout>")
        } catch {
            stdoutFailure.withLock { $0 = $0 ?? error }
        }
    }

    /// The first stdout write that failed, if any.
    static let stdoutFailure = Mutex<SystemError?>(nil)

    /// Says on stderr that `what` was not all written, and exits 1, when a stdout write failed.
    static func requireStdoutWritten(_ what: String) throws {
        guard let error = stdoutFailure.withLock({ $0 }) else { return }
        writeStderr("watcherd: cannot write \(what) to stdout (\(error.errno)); the output is incomplete\n")
        throw ExitCode.failure
    }

    private static func write(_ fd: FileDescriptor, _ bytes: [UInt8]) {
        try? Syscalls.writeAll(fd, bytes, path: "<stderr>")
    }
}

/// Lines gathered into large writes to stdout: one `write(2)` per record cost more than encoding it.
struct StdoutBuffer {
    private var bytes: [UInt8] = []
    private let limit = 1 << 20

    init() { bytes.reserveCapacity(limit + 65_536) }

    /// Adds one line (the newline is added here), writing out when the buffer is full.
    mutating func append(_ line: [UInt8]) {
        bytes += line
        bytes.append(UInt8(ascii: "\n"))
        if bytes.count >= limit { flush() }
    }

    /// Appends one line given in two parts (a record's head and tail), joined here rather than in a copy of their own.
    mutating func append(_ head: [UInt8], _ tail: [UInt8]) {
        bytes += head
        bytes += tail
        bytes.append(UInt8(ascii: "\n"))
        if bytes.count >= limit { flush() }
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        FileHandleOutput.writeStdout(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
