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
