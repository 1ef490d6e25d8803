import Crypto
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// A regular file read whole from the drop folder, with the hash that identifies it.
public struct DroppedFile: Sendable {
    /// Where it was read.
    public let path: FilePath
    /// Its path below the drop folder (subfolders kept), used for processed/ and failed/.
    public let relativePath: FilePath
    public let bytes: [UInt8]
    /// SHA-256 of `bytes`: the idempotency key of its record.
    public let digest: RecordKey
    /// Which drop of these bytes this is; nil for bytes that did not come from a file in the drop folder.
    public let drop: DropID?

    public init(path: FilePath, relativePath: FilePath, bytes: [UInt8]) {
        self.init(path: path, relativePath: relativePath, bytes: bytes, stat: nil)
    }

    /// A file read from the drop folder, with the `fstat` of the descriptor its bytes came through (nil: no drop).
    init(path: FilePath, relativePath: FilePath, bytes: [UInt8], stat info: stat?) {
        self.path = path
        self.relativePath = relativePath
        self.bytes = bytes
        let digest = RecordKey(SHA256.hash(data: bytes))
        self.digest = digest
        self.drop = info.map { DropID(digest: digest, stat: $0) }
    }

    /// The file's own name, for records and logs.
    public var name: String { relativePath.lastComponent.map(PathText.display) ?? PathText.display(path) }
}
