import Crypto

/// The idempotency key of a record: a SHA-256, printed as `sha256:<hex>`.
public struct RecordKey: Sendable, Hashable, CustomStringConvertible {
    // Four words instead of a Data or an array: a million keys cost 32 MB, not hundreds.
    private let a, b, c, d: UInt64

    public init(_ digest: SHA256.Digest) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        digest.withUnsafeBytes { raw in
            words = (raw.load(fromByteOffset: 0, as: UInt64.self), raw.load(fromByteOffset: 8, as: UInt64.self),
                     raw.load(fromByteOffset: 16, as: UInt64.self), raw.load(fromByteOffset: 24, as: UInt64.self))
        }
        (a, b, c, d) = words
    }

    /// The key of some bytes.
    public init(hashing bytes: [UInt8]) {
        self.init(SHA256.hash(data: bytes))
    }

    /// Parses 64 lowercase or uppercase hex digits.
    public init?<S: StringProtocol>(hex: S) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var words: [UInt64] = []
        for w in 0..<4 {
            var value: UInt64 = 0
            for i in 0..<8 {
                guard let hi = Hex.nibble(utf8[w * 16 + i * 2]), let lo = Hex.nibble(utf8[w * 16 + i * 2 + 1]) else { return nil }
                value |= UInt64(hi << 4 | lo) << (UInt64(i) * 8)
            }
            words.append(value)
        }
        (a, b, c, d) = (words[0], words[1], words[2], words[3])
    }

    /// The digest bytes in order.
    public var bytes: [UInt8] {
        (0..<32).map(byte)
    }

    /// Digest bytes 0–7 and 8–9 as numbers: what the story memory keeps of the ids it makes from a key (``KeyPrefix``).
    package var prefix80: (first: UInt64, next: UInt16) { (a, UInt16(truncatingIfNeeded: b)) }

    /// Digest byte `i` (0..<32), from the four words.
    private func byte(_ i: Int) -> UInt8 {
        let word = i < 8 ? a : i < 16 ? b : i < 24 ? c : d
        return UInt8(truncatingIfNeeded: word >> UInt64((i & 7) * 8))
    }

    /// 64 lowercase hex digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            writeHex(into: buffer.baseAddress!)
            return 64
        }
    }

    /// `sha256:<hex>`, the form used in records. Written in place: every record and alert line carries one or two.
    public var description: String {
        String(unsafeUninitializedCapacity: 71) { buffer in
            let base = buffer.baseAddress!
            for (i, ascii) in "sha256:".utf8.enumerated() { base[i] = ascii }
            writeHex(into: base + 7)
            return 71
        }
    }

    /// The 64 hex digits of the digest bytes in order, at `out`.
    private func writeHex(into out: UnsafeMutablePointer<UInt8>) {
        for i in 0..<32 { Hex.write(byte(i), to: out + 2 * i) }
    }

    /// Appends the 64 hex digits (``hex``'s bytes) to `bytes`, without making a string of them.
    package func appendHex(to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 64))
        bytes.withUnsafeMutableBufferPointer { writeHex(into: $0.baseAddress! + start) }
    }

    /// `prefix` followed by the first `digits` (even, at most 64) hex digits: `"alert:" + hex.prefix(20)`, written in place.
    package func hex(prefix: StaticString, digits: Int) -> String {
        precondition(digits % 2 == 0 && (0...64).contains(digits), "an even number of hex digits, at most 64")
        return Hex.prefixed(prefix, count: digits / 2, byte: byte)
    }
}
