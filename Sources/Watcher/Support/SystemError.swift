import SystemPackage

/// A failed system call: which call, on what path, and the errno it returned.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public let call: String
    public let path: FilePath?
    public let errno: Errno

    public init(call: String, path: FilePath? = nil, errno: Errno) {
        self.call = call
        self.path = path
        self.errno = errno
    }

    /// The C library's sentence for the errno, e.g. "No such file or directory".
    public var reason: String { errno.description }

    public var description: String {
        if let path { return "\(call) \(PathText.display(path)) failed: \(reason)" }
        return "\(call) failed: \(reason)"
    }
}
