/// A MinHash sketch of an article's folded word 3-shingles: two articles' sketches agree in about the same share of
/// slots as the Jaccard similarity of their shingle sets, so a re-published or lightly edited story is recognised
/// while a different article on the same topic is not.
///
/// One-permutation hashing: each shingle is hashed once and kept in the slot its top bits name if it is that slot's
/// minimum, so sketching costs one hash per word instead of one per word and slot.
public struct StorySignature: Sendable, Equatable {
    public static let slots = 64

    /// The 64 minima as four 16-lane vectors, stored inline: the story memory compares each new article with every
    /// story it keeps, and a vector compare of two inline sketches is several times cheaper than a loop over arrays.
    private var lanes: (SIMD16<UInt32>, SIMD16<UInt32>, SIMD16<UInt32>, SIMD16<UInt32>)

    /// One byte per slot: 255 for an empty slot, the minimum modulo 255 otherwise. Equal minima have equal bytes and
    /// an empty slot's byte differs from every filled one's, so the share of equal bytes over the slots either
    /// fingerprint fills is never below the similarity of the sketches: a cheap bound that rules most stories out.
    public struct Fingerprint: Sendable, Equatable {
        /// Four 16-byte vectors: sizes the compiler lowers to plain SSE2 compares.
        let lanes: (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>)

        public static func == (a: Fingerprint, b: Fingerprint) -> Bool {
            a.lanes.0 == b.lanes.0 && a.lanes.1 == b.lanes.1 && a.lanes.2 == b.lanes.2 && a.lanes.3 == b.lanes.3
        }

        /// The 64 bytes, slot by slot (255: an empty slot).
        package var bytes: [UInt8] { slotValues(lanes) }

        /// At least ``StorySignature/similarity(to:)`` of the sketches the two fingerprints were taken from.
        @inline(__always)
        public func similarityBound(to other: Fingerprint) -> Double {
            // Lane masks are -1 where true; four vectors' worth still fit an Int8 lane.
            var equal = SIMD16<Int8>(), filled = SIMD16<Int8>()
            Self.accumulate(lanes.0, other.lanes.0, &equal, &filled)
            Self.accumulate(lanes.1, other.lanes.1, &equal, &filled)
            Self.accumulate(lanes.2, other.lanes.2, &equal, &filled)
            Self.accumulate(lanes.3, other.lanes.3, &equal, &filled)
            let filledCount = -Int(filled.wrappedSum())
            return filledCount == 0 ? 0 : Double(-Int(equal.wrappedSum())) / Double(filledCount)
        }

        /// The same comparison as the sketch's, on bytes. Kept concrete on purpose: one generic version over the lane
        /// type measured 25 ms per story-memory decision instead of 0.12 ms (it was not vectorised).
        @inline(__always)
        private static func accumulate(_ a: SIMD16<UInt8>, _ b: SIMD16<UInt8>, _ equal: inout SIMD16<Int8>, _ filled: inout SIMD16<Int8>) {
            let empty = SIMD16<UInt8>(repeating: 0xFF)
            let either = (a .!= empty) .| (b .!= empty)
            let same = (a .== b) .& either
            filled &+= unsafeBitCast(either, to: SIMD16<Int8>.self)
            equal &+= unsafeBitCast(same, to: SIMD16<Int8>.self)
        }
    }

    public var fingerprint: Fingerprint {
        var bytes = [SIMD16<UInt8>](repeating: SIMD16(), count: 4)
        for (slot, value) in minima.enumerated() { bytes[slot >> 4][slot & 15] = value == .max ? 0xFF : UInt8(value % 255) }
        return Fingerprint(lanes: (bytes[0], bytes[1], bytes[2], bytes[3]))
    }

    /// The minimum per slot; `UInt32.max` is an empty slot.
    public var minima: [UInt32] { slotValues(lanes) }

    /// Calls `body` with the 64 minima in a buffer on the stack: ``minima`` without the array.
    @inline(__always)
    func withMinima<R>(_ body: (UnsafeBufferPointer<UInt32>) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.slots) { buffer in
            for i in 0..<16 {
                buffer[i] = lanes.0[i]
                buffer[16 + i] = lanes.1[i]
                buffer[32 + i] = lanes.2[i]
                buffer[48 + i] = lanes.3[i]
            }
            return try body(UnsafeBufferPointer(buffer))
        }
    }

    /// `minima` must have ``slots`` values; missing ones count as empty.
    public init(minima: [UInt32]) {
        var vectors = [SIMD16<UInt32>](repeating: SIMD16(repeating: .max), count: 4)
        for (slot, value) in minima.prefix(Self.slots).enumerated() { vectors[slot >> 4][slot & 15] = value }
        lanes = (vectors[0], vectors[1], vectors[2], vectors[3])
    }

    public static func == (a: StorySignature, b: StorySignature) -> Bool {
        a.lanes.0 == b.lanes.0 && a.lanes.1 == b.lanes.1 && a.lanes.2 == b.lanes.2 && a.lanes.3 == b.lanes.3
    }

    /// Sketches the body of an analysed article (every token; three-word shingles, single words when shorter).
    public init(_ analysis: ArticleAnalysis) {
        let tokens = analysis.tokens
        var wordHashes: [UInt64] = []
        wordHashes.reserveCapacity(tokens.count)
        // A word's hash is its suffix hash from its first unit, already computed for the article.
        for (t, token) in tokens.enumerated() where token.length >= 2 {
            wordHashes.append(analysis.suffixHashes[t * TokenHash.stride])
        }
        var minima = [UInt32](repeating: .max, count: Self.slots)
        let width = min(3, wordHashes.count)
        guard width > 0 else {
            self.init(minima: minima)
            return
        }
        for start in 0...(wordHashes.count - width) {
            var shingle: UInt64 = 0x9E37_79B9_7F4A_7C15
            for k in 0..<width { shingle = Self.mix(shingle ^ wordHashes[start + k]) }
            let slot = Int(shingle >> 58)  // the top 6 bits pick one of 64 slots
            let value = UInt32(truncatingIfNeeded: shingle >> 16) & 0x7FFF_FFFF
            if value < minima[slot] { minima[slot] = value }
        }
        self.init(minima: minima)
    }

    /// The estimated Jaccard similarity of the two shingle sets, 0…1: equal minima over the slots either sketch
    /// filled (a short article leaves slots empty; they say nothing).
    public func similarity(to other: StorySignature) -> Double {
        // Lane masks are -1 where true; summing them over the four vectors and negating once counts the slots.
        var equal = SIMD16<Int32>(), filled = SIMD16<Int32>()
        Self.accumulate(lanes.0, other.lanes.0, &equal, &filled)
        Self.accumulate(lanes.1, other.lanes.1, &equal, &filled)
        Self.accumulate(lanes.2, other.lanes.2, &equal, &filled)
        Self.accumulate(lanes.3, other.lanes.3, &equal, &filled)
        let filledCount = -filled.wrappedSum()
        return filledCount == 0 ? 0 : Double(-equal.wrappedSum()) / Double(filledCount)
    }

    @inline(__always)
    private static func accumulate(_ a: SIMD16<UInt32>, _ b: SIMD16<UInt32>, _ equal: inout SIMD16<Int32>, _ filled: inout SIMD16<Int32>) {
        let empty = SIMD16<UInt32>(repeating: .max)
        let either = (a .!= empty) .| (b .!= empty)
        let same = (a .== b) .& either
        filled &+= unsafeBitCast(either, to: SIMD16<Int32>.self)
        equal &+= unsafeBitCast(same, to: SIMD16<Int32>.self)
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
        self.init(minima: minima)
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

/// The 64 values of four 16-lane vectors, slot by slot (not for hot paths: an array is built).
private func slotValues<T: SIMDScalar>(_ lanes: (SIMD16<T>, SIMD16<T>, SIMD16<T>, SIMD16<T>)) -> [T] {
    var out: [T] = []
    out.reserveCapacity(StorySignature.slots)
    for lane in [lanes.0, lanes.1, lanes.2, lanes.3] {
        for i in 0..<16 { out.append(lane[i]) }
    }
    return out
}
