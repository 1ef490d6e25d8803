import Crypto
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

    public init(path: FilePath, relativePath: FilePath, bytes: [UInt8]) {
        self.path = path
        self.relativePath = relativePath
        self.bytes = bytes
        self.digest = RecordKey(SHA256.hash(data: bytes))
    }

    /// The file's own name, for records and logs.
    public var name: String { relativePath.lastComponent.map(PathText.display) ?? PathText.display(path) }
}
