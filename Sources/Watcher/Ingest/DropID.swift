import Crypto
#if canImport(Glibc)
import Glibc
#endif

/// Which drop of a file a record came from: a hash of the file's content and of what the file system says about this
/// copy of it (device, inode, size, modification and change times).
///
/// The same file seen again — after a crash before its source was moved, after a failed move, or left in place by
/// `disposition: keep` — has the same id; the same bytes dropped again as a new file get another, because writing or
/// renaming a file into the folder sets its change time, which no user can set back. The content hash is part of it,
/// so a reused inode never passes for a different file.
public struct DropID: Sendable, Hashable, CustomStringConvertible {
    // The first 16 bytes of a SHA-256, as two big-endian words: a million ids cost 16 MB.
    private let high, low: UInt64

    /// The id of a file with this content and this `stat`.
    public init(digest: RecordKey, device: UInt64, inode: UInt64, size: Int64, modified: timespec, changed: timespec) {
        var hasher = SHA256()
        hasher.update(data: digest.bytes)
        var fields: [UInt64] = [device, inode, UInt64(bitPattern: size),
                                UInt64(bitPattern: Int64(modified.tv_sec)), UInt64(bitPattern: Int64(modified.tv_nsec)),
                                UInt64(bitPattern: Int64(changed.tv_sec)), UInt64(bitPattern: Int64(changed.tv_nsec))]
        for index in fields.indices { fields[index] = fields[index].littleEndian }
        fields.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        var words: (UInt64, UInt64) = (0, 0)
        hasher.finalize().withUnsafeBytes { raw in
            words = (UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                     UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
        (high, low) = words
    }

    /// The id of a file with this content, from the `fstat` of the descriptor its bytes were read through.
    init(digest: RecordKey, stat info: stat) {
        self.init(digest: digest, device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                  modified: info.st_mtim, changed: info.st_ctim)
    }

    /// Parses the 32 hex digits of ``hex`` (either case, like ``RecordKey``).
    public init?<S: StringProtocol>(hex: S) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 32, let high = Self.word(utf8[0..<16]), let low = Self.word(utf8[16..<32]) else { return nil }
        (self.high, self.low) = (high, low)
    }

    /// 32 lowercase hex digits, the form in records (`file.drop_id`) and in the key file.
    public var hex: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            let out = buffer.baseAddress!
            for i in 0..<8 {
                Hex.write(UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * i)), to: out + 2 * i)
                Hex.write(UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * i)), to: out + 16 + 2 * i)
            }
            return 32
        }
    }

    public var description: String { hex }

    /// The 16 bytes in order (as stored in the ledger index).
    package var bytes: [UInt8] {
        (0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? high : low) >> UInt64(56 - 8 * (i & 7))) }
    }

    private static func word(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for c in digits {
            guard let nibble = Hex.nibble(c) else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }
}

/// Which file a rejected drop was, by its `stat` (its bytes were not read, or not kept): device, inode, size and
/// modification time. A rename keeps all four on one file system; a copy to another keeps the size.
public struct FileIdentity: Sendable, Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modified: Int64

    public init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
    }

    /// Whether `info` is this file, moved (renamed: the same inode, size and mtime) or copied (another inode, on
    /// another file system or on another mount of the same one, as bind-mounted volumes are: the same size).
    public func matches(moved info: stat) -> Bool {
        isSameInode(info) ? FileIdentity(info) == self : Int64(info.st_size) == size
    }

    private func isSameInode(_ info: stat) -> Bool { UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode }

    /// Whether `info` is another file under the name (another inode), or this one changed in a way that matters
    /// for `code`: an empty file filled in place is being written, and gets its own record once closed; a file too
    /// large that grows is still too large.
    public func isReplaced(by info: stat, code: IngestError.Code?) -> Bool {
        guard isSameInode(info) else { return true }
        return code == .empty && Int64(info.st_size) != size
    }
}
