#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The copies logrotate left next to a log (`articles.jsonl.1`, `articles.jsonl-20261205`): where the ledger and the
/// alert delivery look for lines written just before a rotation.
package enum RotatedLogs {
    /// The uncompressed rotated copies of `log` (``LogArchive``'s list without the live log and compressed copies):
    /// where a file that was renamed away from the log's path can still be read.
    package static func siblings(of log: FilePath) -> [FilePath] {
        guard let members = try? LogArchive.members(of: log) else { return [] }
        return members.filter { !$0.isLive && $0.compression == .none }.map(\.path)
    }

    /// The rotated copy of `log` that is the file `position` names (same device, inode and first line), if it is
    /// still there.
    package static func find(_ position: LogPosition, rotatedFrom log: FilePath) -> FilePath? {
        siblings(of: log).first { path in
            guard let info = try? Syscalls.lstat(path), UInt64(info.st_dev) == position.device,
                  UInt64(info.st_ino) == position.inode else { return false }
            return LogFingerprint.compatible((try? LogFingerprint.of(path)) ?? 0, position.fingerprint)
        }
    }
}

extension RotatedLogs {
    /// Calls `body` with every complete line written to `log` after `saved`: the rest of that file (found again next
    /// to the log if logrotate moved it), then the current file from its start when it is another one. A log that
    /// shrank was truncated in place, so all of it is read again. Returns what could not be read, for the caller's log.
    package static func forEachLine(of log: FilePath, since saved: LogPosition?, current: LogPosition,
                                    _ body: (ArraySlice<UInt8>) -> Void) throws(SystemError) -> Gap? {
        guard let saved else {
            try JSONLinesLog.forEachLine(at: log, body)
            return nil
        }
        if saved.sameFile(as: current) {
            guard saved.offset <= current.offset else {
                try JSONLinesLog.forEachLine(at: log, body)
                return .truncated(from: saved.offset, to: current.offset)
            }
            try JSONLinesLog.forEachLine(at: log, from: Int(saved.offset), body)
            return nil
        }
        var gap: Gap?
        if let old = find(saved, rotatedFrom: log) {
            try JSONLinesLog.forEachLine(at: old, from: Int(saved.offset), body)
        } else {
            gap = .rotatedAway
        }
        try JSONLinesLog.forEachLine(at: log, body)
        return gap
    }

    /// Lines after a saved position that could not be read as such.
    package enum Gap: Sendable, CustomStringConvertible {
        /// The file is smaller than the position (truncated or copied over): it was read from its start.
        case truncated(from: Int64, to: Int64)
        /// The file the position names was rotated and is gone (compressed or deleted): its last lines were not read.
        case rotatedAway

        package var description: String {
            switch self {
            case .truncated(let from, let to): "the log shrank from \(from) to \(to) bytes (truncated in place?); it was read from its start"
            case .rotatedAway: "the log was rotated and the old file is no longer next to it (compressed or deleted); its last lines could not be read"
            }
        }
    }
}
