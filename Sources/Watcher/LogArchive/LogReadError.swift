import SystemPackage

/// Why a log (or a rotated copy of it) could not be read to its end, as a sentence naming the file and what was lost.
public struct LogReadError: Error, Sendable, CustomStringConvertible {
    public let path: FilePath
    /// The sentence without the file's name: what went wrong and what was not read.
    public let problem: String

    public var description: String { "\(PathText.display(path)) \(problem)" }

    /// Why reading stopped, for ``afterLine(_:)``; nil for the other problems.
    private var reason: String?

    init(path: FilePath, problem: String) {
        self.path = path
        self.problem = problem
    }

    static func unreadable(_ path: FilePath, reason: String) -> LogReadError {
        var error = LogReadError(path: path, problem: "cannot be read (\(reason)); the records after that point were not read.")
        error.reason = reason
        return error
    }

    /// The same failure, placed after the `line`th line, which was read (0: before any).
    func afterLine(_ line: Int) -> LogReadError {
        guard let reason else { return self }
        let place = line == 0 ? "from its start" : "after line \(line)"
        return LogReadError(path: path, problem: "cannot be read \(place) (\(reason)); the records after that point were not read.")
    }

    static func unopenable(_ path: FilePath, reason: String) -> LogReadError {
        LogReadError(path: path, problem: "cannot be opened (\(reason)); none of its records were read.")
    }

    static func unsupported(_ path: FilePath, compression: String) -> LogReadError {
        LogReadError(path: path, problem: "is compressed with \(compression), which watcherd cannot read; none of its records were read. "
                     + "Decompress it, or have logrotate use gzip (its default).")
    }
}
