import Glibc

/// Byte searches through the C library's `memchr`, which scans a word or a vector at a time: the decoder asks
/// "is there a NUL / a CR anywhere in this file" of every file, and nearly always the answer is no.
enum ByteSearch {
    static func contains(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return false }
        return memchr(base, Int32(byte), buffer.count) != nil
    }

    /// The index of the first `byte` in `buffer` at or after `start`, or nil.
    static func firstIndex(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = buffer.baseAddress, start < buffer.count else { return nil }
        guard let found = memchr(base + start, Int32(byte), buffer.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether `byte` occurs in the first `prefix` bytes of `bytes` (all of them by default).
    static func contains(_ byte: UInt8, in bytes: [UInt8], prefix: Int? = nil) -> Bool {
        bytes.withUnsafeBufferPointer { contains(byte, in: UnsafeBufferPointer(rebasing: $0.prefix(prefix ?? $0.count))) }
    }
}
