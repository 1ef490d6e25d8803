import Foundation
import SystemPackage

/// Where the forwarder stands in one log: the file (device and inode, so a rotation is noticed) and the byte offset
/// just past the last line the stream acknowledged.
public struct ForwardPosition: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    public var offset: UInt64
    /// A hash of the file's first line (0: not known yet), so that a new file which got a deleted one's inode
    /// number is not taken for it.
    public var fingerprint: UInt64

    public init(device: UInt64, inode: UInt64, offset: UInt64, fingerprint: UInt64 = 0) {
        self.device = device
        self.inode = inode
        self.offset = offset
        self.fingerprint = fingerprint
    }

    /// Same device and inode, and no fingerprint that tells them apart.
    func sameFile(as other: ForwardPosition) -> Bool {
        device == other.device && inode == other.inode && LogFingerprint.compatible(fingerprint, other.fingerprint)
    }
}

/// A cursor file that cannot be used, named so the user can fix or remove it.
public struct ForwardCursorError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// The forwarder's positions in the article and alert logs, kept in the state folder (`nats-cursor.json`) and
/// replaced atomically after every acknowledged batch.
public struct ForwardCursor: Sendable, Equatable {
    public var positions: [String: ForwardPosition] = [:]

    public init(positions: [String: ForwardPosition] = [:]) {
        self.positions = positions
    }

    /// The cursor at `path`; an empty one when the file does not exist yet.
    public static func load(from path: FilePath) throws(ForwardCursorError) -> ForwardCursor {
        let display = PathText.display(path)
        guard let data = FileManager.default.contents(atPath: path.string) else {
            if FileManager.default.fileExists(atPath: path.string) {
                throw ForwardCursorError(path: display, reason: "cannot be read")
            }
            return ForwardCursor()
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ForwardCursorError(path: display, reason: "is not a JSON object; remove it to publish both logs again from their start (the stream's duplicate window drops what it already holds)")
        }
        var cursor = ForwardCursor()
        for (log, value) in object {
            guard let fields = value as? [String: Any], let device = (fields["device"] as? NSNumber)?.uint64Value,
                  let inode = (fields["inode"] as? NSNumber)?.uint64Value, let offset = (fields["offset"] as? NSNumber)?.uint64Value
            else {
                throw ForwardCursorError(path: display, reason: "entry '\(log)' needs device, inode and offset as numbers")
            }
            let fingerprint = (fields["fingerprint"] as? NSNumber)?.uint64Value ?? 0
            cursor.positions[log] = ForwardPosition(device: device, inode: inode, offset: offset, fingerprint: fingerprint)
        }
        return cursor
    }

    /// Writes the cursor so that a crash leaves the old or the new one (temp file, fsync, rename).
    public func save(to path: FilePath) throws(SystemError) {
        // The log names are watcherd's own ("articles", "alerts"): nothing to escape.
        let entries = positions.sorted(by: { $0.key < $1.key }).map { log, position in
            "\"\(log)\":{\"device\":\(position.device),\"inode\":\(position.inode),\"offset\":\(position.offset),\"fingerprint\":\(position.fingerprint)}"
        }
        let text = "{" + entries.joined(separator: ",") + "}\n"
        try StateFile.write(Array(text.utf8), to: path)
    }
}
