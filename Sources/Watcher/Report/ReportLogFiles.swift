import SystemPackage

/// A JSON Lines log and the copies logrotate left of it, read oldest first: ``LogArchive``'s list, with the
/// filter a report needs.
public struct ReportLogFiles: Sendable {
    public let path: String
    /// The files found, oldest first, the live log last. A folder that cannot be listed gives none, and the report
    /// names its inputs, so an empty one shows why.
    public let members: [LogArchive.Member]

    public init(path: String) {
        self.path = path
        members = (try? LogArchive.members(of: FilePath(path))) ?? []
    }

    /// The members that can hold a line written at or after `since`: a file last modified before it holds only
    /// older lines (records are appended, never rewritten).
    public func members(since: Timestamp) -> [LogArchive.Member] {
        members.filter { $0.modified >= since }
    }

    /// Calls `body` with each line (without its newline) of `member`, as bytes: gzip or plain, through the same
    /// reader as replay. A damaged or truncated copy, or one another compressor wrote, stops the report with why.
    /// The live log's last line without its newline is still being written: it is not a record yet.
    public static func forEachLine(of member: LogArchive.Member, _ body: (ArraySlice<UInt8>) throws -> Void) throws(ReportError) {
        do {
            let lines = try FileLines(path: member.path)
            while let line = try lines.next() {
                if member.isLive && lines.lastLineUnterminated { break }
                try body(line[...])
            }
        } catch let error as LogReadError {
            throw ReportError(path: PathText.display(error.path), reason: error.problem)
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError(path: PathText.display(member.path), reason: "\(error)")
        }
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
