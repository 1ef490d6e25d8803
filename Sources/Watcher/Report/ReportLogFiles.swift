import SystemPackage

/// A JSON Lines log and the copies logrotate left of it, read oldest first: ``LogArchive``'s list, with the
/// filter a report needs.
public struct ReportLogFiles: Sendable {
    public let path: String
    /// The files found, oldest first, the live log last. A folder that cannot be listed gives none, and the report
    /// names its inputs, so an empty one shows why.
    public let members: [LogArchive.Member]
    /// Why the folder could not be listed, if it could not.
    public let listingError: SystemError?

    public init(path: String) {
        self.path = path
        do {
            members = try LogArchive.members(of: FilePath(path))
            listingError = nil
        } catch {
            members = []
            listingError = error
        }
    }

    /// Throws unless the log or a rotated copy of it was found: a report over no log would say «no alerts» about
    /// a day it never read.
    public func requireSome(setting: String) throws(ReportError) {
        guard members.isEmpty else { return }
        if let listingError, listingError.errno != .noSuchFileOrDirectory {
            throw ReportError(path: path, reason: "cannot be looked for: its folder cannot be listed (\(listingError.reason)).")
        }
        throw ReportError(path: path, reason: "does not exist, nor any rotated copy of it: check \(setting) in the configuration, "
                          + "or give the right --config.")
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
