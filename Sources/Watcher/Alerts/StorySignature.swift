/// A MinHash sketch of an article's folded word 3-shingles: two articles' sketches agree in about the same share of
/// slots as the Jaccard similarity of their shingle sets, so a re-published or lightly edited story is recognised
/// while a different article on the same topic is not.
///
/// One-permutation hashing: each shingle is hashed once and kept in the slot its top bits name if it is that slot's
/// minimum, so sketching costs one hash per word instead of one per word and slot.
public struct StorySignature: Sendable, Equatable {
    public static let slots = 64
    public let minima: [UInt32]

    public init(minima: [UInt32]) {
        self.minima = minima
    }

    /// Sketches the body of an analysed article (every token; three-word shingles, single words when shorter).
    public init(_ analysis: ArticleAnalysis) {
        let tokens = analysis.tokens
        var wordHashes: [UInt64] = []
        wordHashes.reserveCapacity(tokens.count)
        analysis.normalized.units.withUnsafeBufferPointer { units in
            for token in tokens where token.length >= 2 {
                wordHashes.append(TokenHash.hash(units, Int(token.start), Int(token.end)))
            }
        }
        var minima = [UInt32](repeating: .max, count: Self.slots)
        let width = min(3, wordHashes.count)
        guard width > 0 else {
            self.minima = minima
            return
        }
        for start in 0...(wordHashes.count - width) {
            var shingle: UInt64 = 0x9E37_79B9_7F4A_7C15
            for k in 0..<width { shingle = Self.mix(shingle ^ wordHashes[start + k]) }
            let slot = Int(shingle >> 58)  // the top 6 bits pick one of 64 slots
            let value = UInt32(truncatingIfNeeded: shingle >> 16) & 0x7FFF_FFFF
            if value < minima[slot] { minima[slot] = value }
        }
        self.minima = minima
    }

    /// The estimated Jaccard similarity of the two shingle sets, 0…1: equal minima over the slots either sketch
    /// filled (a short article leaves slots empty; they say nothing).
    public func similarity(to other: StorySignature) -> Double {
        var equal = 0, filled = 0
        for slot in 0..<Self.slots where minima[slot] != .max || other.minima[slot] != .max {
            filled += 1
            if minima[slot] == other.minima[slot] { equal += 1 }
        }
        return filled == 0 ? 0 : Double(equal) / Double(filled)
    }

    /// 512 hex digits, for the story state file.
    public var hex: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.slots * 4)
        for value in minima { bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        return Hex.string(bytes)
    }

    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == Self.slots * 8 else { return nil }
        var minima: [UInt32] = []
        for slot in 0..<Self.slots {
            guard let value = UInt32(String(decoding: digits[slot * 8..<slot * 8 + 8], as: UTF8.self), radix: 16) else { return nil }
            minima.append(value)
        }
        self.minima = minima
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        // splitmix64's finaliser: cheap, and every input bit reaches every output bit.
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
