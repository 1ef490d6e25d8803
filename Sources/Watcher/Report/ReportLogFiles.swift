#if canImport(Glibc)
import Glibc
#endif
import CZlib
import Foundation

/// A JSON Lines log and the copies logrotate left of it (`NAME.1`, `NAME.2.gz`, …), read oldest first.
public struct ReportLogFiles: Sendable {
    /// One file of the set, and when it was last written.
    public struct Member: Sendable, Equatable {
        public var path: String
        public var compressed: Bool
        public var modified: Timestamp
    }

    public let path: String
    /// The files found, oldest (highest rotation number) first, the live log last.
    public let members: [Member]

    /// Lists `path` and its rotated copies; a number with neither a plain nor a `.gz` copy ends the list.
    public init(path: String) {
        self.path = path
        var found: [Member] = []
        var number = 1
        while number < 10_000 {
            if let member = Self.member("\(path).\(number)", compressed: false) {
                found.append(member)
            } else if let member = Self.member("\(path).\(number).gz", compressed: true) {
                found.append(member)
            } else {
                break
            }
            number += 1
        }
        found.reverse()
        if let live = Self.member(path, compressed: false) { found.append(live) }
        members = found
    }

    private static func member(_ path: String, compressed: Bool) -> Member? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let millis = Int64(info.st_mtim.tv_sec) * 1_000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
        return Member(path: path, compressed: compressed, modified: Timestamp(milliseconds: millis))
    }

    /// The members that can hold a line written at or after `since`: a file last modified before it holds only
    /// older lines (records are appended, never rewritten).
    public func members(since: Timestamp) -> [Member] {
        members.filter { $0.modified >= since }
    }

    /// Calls `body` with each complete line (without its newline) of `member`, as bytes.
    public static func forEachLine(of member: Member, _ body: (ArraySlice<UInt8>) throws -> Void) throws(ReportError) {
        let bytes = member.compressed ? try gunzip(member.path) : try readWhole(member.path)
        var start = 0
        let count = bytes.count
        try bytes.withUnsafeBufferPointer { buffer throws(ReportError) in
            guard let base = buffer.baseAddress else { return }
            while start < count {
                let rest = count - start
                guard let found = memchr(base + start, 0x0A, rest) else {
                    // A last line without its newline is still being written (or was torn by a crash): not a record.
                    return
                }
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if end > start {
                    do { try body(bytes[start..<end]) } catch let error as ReportError { throw error } catch {
                        throw ReportError(path: member.path, reason: "\(error)")
                    }
                }
                start = end + 1
            }
        }
    }

    static func readWhole(_ path: String) throws(ReportError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ReportError(path: path, reason: "cannot be read: \(ConfigLoader.reason(error))")
        }
    }

    /// The decompressed content of a gzip file (zlib's gzread, which also reads concatenated members).
    static func gunzip(_ path: String) throws(ReportError) -> [UInt8] {
        guard let file = gzopen(path, "rb") else {
            throw ReportError(path: path, reason: "cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { gzclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if read < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
                throw ReportError(path: path, reason: "is not a readable gzip file: \(message)")
            }
            if read == 0 { break }
            result.append(contentsOf: chunk[0..<Int(read)])
        }
        return result
    }
}

/// Why a report could not be built, naming the file.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path) \(reason)" }
}
