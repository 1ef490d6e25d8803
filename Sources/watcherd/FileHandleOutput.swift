#if canImport(Glibc)
import Glibc
#endif

/// Whole-buffer writes to the standard streams, retried on EINTR.
enum FileHandleOutput {
    static func writeStderr(_ string: String) { write(fd: STDERR_FILENO, Array(string.utf8)) }
    static func writeStdout(_ bytes: [UInt8]) { write(fd: STDOUT_FILENO, bytes) }

    private static func write(fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue } else { return } }
                offset += n
            }
        }
    }
}
