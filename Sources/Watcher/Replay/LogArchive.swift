import SystemPackage

/// A JSON Lines log and the copies logrotate left beside it (`articles.jsonl.1`, `articles.jsonl.2.gz`, or with
/// `dateext`, `articles.jsonl-20240724.gz`), oldest first, so records come back in the order they were written.
public enum LogArchive {
    /// The rotated copies of `log`, oldest first, then `log` itself when it exists.
    public static func files(of log: FilePath) throws(SystemError) -> [FilePath] {
        var folder = log
        guard let base = folder.lastComponent?.string else { return [] }
        folder.removeLastComponent()
        let directory = folder.isEmpty ? FilePath(".") : folder
        var numbered: [(Int, FilePath)] = []
        var dated: [(String, FilePath)] = []
        var current: FilePath?
        for entry in try Syscalls.listDirectory(directory) {
            let name = entry.name.string
            if name == base {
                current = directory.appending(name)
                continue
            }
            guard name.hasPrefix(base), name.count > base.count else { continue }
            var suffix = Substring(name.dropFirst(base.count))
            if suffix.hasSuffix(".gz") { suffix = suffix.dropLast(3) }
            guard let separator = suffix.first, separator == "." || separator == "-" else { continue }
            let stamp = suffix.dropFirst()
            guard !stamp.isEmpty, stamp.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            if separator == ".", let number = Int(stamp) {
                numbered.append((number, directory.appending(name)))
            } else {
                dated.append((String(stamp), directory.appending(name)))
            }
        }
        // Numbered copies: the highest number is the oldest. Dated copies: the earliest date is.
        var files = numbered.sorted { $0.0 > $1.0 }.map(\.1) + dated.sorted { $0.0 < $1.0 }.map(\.1)
        if let current { files.append(current) }
        return files
    }

    /// Calls `body` with each line of a file in turn (gzip or plain). A file that cannot be read to its end throws
    /// after its readable lines.
    public static func forEachLine(in path: FilePath, _ body: ([UInt8]) throws -> Void) throws {
        let lines = try FileLines(path: path)
        while let line = try lines.next() { try body(line) }
    }
}

/// The lines of one log file (gzip or plain), pulled one at a time through a 1 MiB buffer. A last line without its
/// newline is returned too: a rotated copy may end that way, and the record parser rejects a torn one.
final class FileLines {
    private let file: CompressedFile
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private(set) var isFinished = false

    init(path: FilePath) throws(ReplayError) {
        file = try CompressedFile(path: path)
        buffer.reserveCapacity(1 << 21)
    }

    func next() throws(ReplayError) -> [UInt8]? {
        while true {
            let from = max(start, scanned)
            if let newline = buffer.withUnsafeBufferPointer({ ByteSearch.firstIndex(of: UInt8(ascii: "\n"), in: $0, from: from) }) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                scanned = start
                if line.isEmpty { continue }
                return line
            }
            scanned = buffer.count
            if isFinished {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
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
                throw error
            }
        }
    }
}
