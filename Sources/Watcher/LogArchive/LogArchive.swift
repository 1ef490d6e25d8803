#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// A JSON Lines log and the copies logrotate left beside it (`articles.jsonl.1`, `articles.jsonl.2.gz`, or with
/// `dateext`, `articles.jsonl-20240724.gz`), oldest first, so records come back in the order they were written.
/// Replay, the report and the ledger's recovery all find the rotated copies here.
public enum LogArchive {
    /// How a member is stored.
    public enum Compression: Sendable, Equatable {
        case none
        case gzip
        /// Another compressor's suffix (`xz`, `bz2`, `zst`, `lz4`, `Z`): listed so that readers report it, never
        /// skipped in silence.
        case unsupported(String)
    }

    /// One file of the set and when it was last written.
    public struct Member: Sendable, Equatable {
        public var path: FilePath
        public var compression: Compression
        public var modified: Timestamp
        /// Whether this is the live log rather than a rotated copy.
        public var isLive: Bool
    }

    /// Suffixes of compressors other than gzip, which logrotate's `compresscmd` may be set to.
    static let otherCompressors = ["xz", "bz2", "zst", "lz4", "Z"]

    /// The rotated copies of `log`, oldest first, then `log` itself when it exists. Regular files (or links to one)
    /// only; a name
    /// that is the log's followed by anything but a rotation stamp (`articles.jsonl.old`) is not a copy.
    public static func members(of log: FilePath) throws(SystemError) -> [Member] {
        var folder = log
        guard let base = folder.lastComponent?.string else { return [] }
        folder.removeLastComponent()
        let directory = folder.isEmpty ? FilePath(".") : folder
        var numbered: [(Int, Member)] = []
        var dated: [(String, Member)] = []
        var current: Member?
        for entry in try Syscalls.listDirectory(directory) {
            let name = entry.name.string
            guard name.hasPrefix(base) else { continue }
            let path = directory.appending(name)
            if name == base {
                current = member(path, compression: .none, isLive: true)
                continue
            }
            var suffix = Substring(name.dropFirst(base.count))
            var compression = Compression.none
            if let dot = suffix.lastIndex(of: "."), dot != suffix.startIndex {
                let ending = String(suffix[suffix.index(after: dot)...])
                if ending == "gz" {
                    compression = .gzip
                } else if otherCompressors.contains(ending) {
                    compression = .unsupported(ending)
                }
                if compression != .none { suffix = suffix[..<dot] }
            }
            guard let separator = suffix.first, separator == "." || separator == "-" else { continue }
            let stamp = suffix.dropFirst()
            guard let first = stamp.first, first.isASCII, first.isNumber,
                  stamp.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "_") }),
                  let found = member(path, compression: compression, isLive: false) else { continue }
            if separator == ".", let number = Int(stamp) {
                numbered.append((number, found))
            } else {
                dated.append((String(stamp), found))
            }
        }
        // Numbered copies: the highest number is the oldest. Dated copies: the earliest date is.
        var members = numbered.sorted { $0.0 > $1.0 }.map(\.1) + dated.sorted { $0.0 < $1.0 }.map(\.1)
        if let current { members.append(current) }
        return members
    }

    /// The paths of ``members(of:)``.
    public static func files(of log: FilePath) throws(SystemError) -> [FilePath] {
        try members(of: log).map(\.path)
    }

    private static func member(_ path: FilePath, compression: Compression, isLive: Bool) -> Member? {
        // A log may be a link (to a bigger disk, say): the daemon writes through one, so its readers follow it.
        guard let info = try? Syscalls.statFollowingLinks(path), (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let millis = Int64(info.st_mtim.tv_sec) * 1_000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
        return Member(path: path, compression: compression, modified: Timestamp(milliseconds: millis), isLive: isLive)
    }

    /// Calls `body` with each line of a file in turn (gzip or plain). A file that cannot be read to its end throws
    /// after its readable lines.
    public static func forEachLine(in path: FilePath, _ body: ([UInt8]) throws -> Void) throws {
        let lines = try FileLines(path: path)
        while let line = try lines.next() { try body(line) }
    }
}

/// The lines of one log file (gzip or plain), pulled one at a time through a 1 MiB buffer. A last line without its
/// newline is returned too: a rotated copy may end that way, and the record parsers reject a torn one.
final class FileLines {
    private let file: CompressedFile
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private(set) var isFinished = false
    /// Whether the line ``next()`` returned last had no newline after it: the file's end, mid-line.
    private(set) var lastLineUnterminated = false
    /// How many lines ``next()`` returned, blank ones included: where an error is placed.
    private var lines = 0
    /// The number of the line ``next()`` returned last (blank lines count, as an editor numbers them).
    var lineNumber: Int { lines }

    /// Opens `path`; a name ending in another compressor's suffix is refused with a sentence saying so.
    init(path: FilePath) throws(LogReadError) {
        if let ending = path.extension, LogArchive.otherCompressors.contains(ending) {
            throw LogReadError.unsupported(path, compression: ending)
        }
        file = try CompressedFile(path: path)
        buffer.reserveCapacity(1 << 21)
    }

    func next() throws(LogReadError) -> [UInt8]? {
        while true {
            let from = max(start, scanned)
            if let newline = buffer.withUnsafeBufferPointer({ ByteSearch.firstIndex(of: UInt8(ascii: "\n"), in: $0, from: from) }) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                scanned = start
                lines += 1
                if line.isEmpty { continue }
                return line
            }
            scanned = buffer.count
            if isFinished {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                lastLineUnterminated = true
                lines += 1
                return line
            }
            buffer.removeFirst(start)
            scanned -= start
            start = 0
            do {
                if try file.read(into: &buffer, count: 1 << 20) == 0 { isFinished = true }
            } catch {
                isFinished = true
                buffer.removeAll()
                start = 0
                scanned = 0
                throw error.afterLine(lines)
            }
        }
    }
}
