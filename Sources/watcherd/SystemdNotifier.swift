#if canImport(Glibc)
import Glibc
#endif

/// Speaks systemd's notification protocol: one datagram of `KEY=VALUE` lines to the socket in `$NOTIFY_SOCKET`
/// (a path, or an abstract name starting with `@`). Without `NOTIFY_SOCKET` every call does nothing.
struct SystemdNotifier: Sendable {
    private let address: [UInt8]?

    init(environment: [String: String]) {
        guard let socket = environment["NOTIFY_SOCKET"], !socket.isEmpty else {
            address = nil
            return
        }
        var bytes = Array(socket.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }  // abstract namespace
        address = bytes
    }

    var isActive: Bool { address != nil }

    /// Sends one message, e.g. `"READY=1\nSTATUS=watching"`. Failures are returned, never fatal.
    ///
    /// The send never blocks: a datagram socket whose reader has stopped reading fills after a few messages
    /// (`net.unix.max_dgram_qlen`, 10 by default), and a blocking `sendto` would then park the thread that called it,
    /// up to freezing the workers' thread pool. Advisory messages (STATUS, WATCHDOG) are dropped at once when the queue
    /// is full; `essential` ones (READY, RELOADING, STOPPING) are retried for about a second first.
    @discardableResult
    func send(_ message: String, essential: Bool = false) -> Bool {
        guard let address else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard address.count < capacity else { return false }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: address)
        }
        // Abstract names are not NUL-terminated: the length says where they end.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + address.count + (address.first == 0 ? 0 : 1))
        let payload = Array(message.utf8)
        var attempts = essential ? 100 : 1
        while attempts > 0 {
            attempts -= 1
            let sent = withUnsafePointer(to: &addr) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                    sendto(fd, payload, payload.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), sockaddrPointer, length)
                }
            }
            if sent == payload.count { return true }
            guard sent < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR, attempts > 0 else { return false }
            usleep(10_000)
        }
        return false
    }

    /// Half of `$WATCHDOG_USEC` when the watchdog is enabled for this process, else nil.
    static func watchdogInterval(environment: [String: String]) -> Duration? {
        guard let value = environment["WATCHDOG_USEC"], let usec = UInt64(value), usec > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"], let owner = Int32(pid), owner != getpid() { return nil }
        return .microseconds(Int64(usec / 2))
    }
}
