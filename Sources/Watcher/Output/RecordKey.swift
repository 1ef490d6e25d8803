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
                guard let hi = Self.nibble(utf8[w * 16 + i * 2]), let lo = Self.nibble(utf8[w * 16 + i * 2 + 1]) else { return nil }
                value |= UInt64(hi << 4 | lo) << (UInt64(i) * 8)
            }
            words.append(value)
        }
        (a, b, c, d) = (words[0], words[1], words[2], words[3])
    }

    /// The digest bytes in order.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [a, b, c, d] {
            for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: word >> (UInt64(i) * 8))) }
        }
        return out
    }

    /// 64 lowercase hex digits.
    public var hex: String { Hex.string(bytes) }

    /// `sha256:<hex>`, the form used in records.
    public var description: String { "sha256:" + hex }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
