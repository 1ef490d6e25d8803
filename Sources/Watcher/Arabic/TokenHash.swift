/// The hash the matcher's vocabulary is keyed by: FNV-1a over folded units, read from a word's end backwards so one
/// pass yields the hash of every suffix (every stem a proclitic reading can start).
package enum TokenHash {
    /// Suffix hashes kept per word: offsets 0 through ``Proclitics/maximumPrefix``.
    package static let stride = Proclitics.maximumPrefix + 1

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// The hash of `units[start..<end]`.
    @inline(__always)
    package static func hash(_ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> UInt64 {
        var h = offsetBasis
        var i = end
        while i > start {
            i -= 1
            h = prepending(units[i], to: h)
        }
        return h
    }

    /// The hash of `unit` followed by the word whose hash is `hash`: a word is read from its end, so a letter put in
    /// front extends its hash («ال» + a stem is `prepending(alef, to: prepending(lam, to: stem))`).
    @inline(__always)
    static func prepending(_ unit: UInt16, to hash: UInt64) -> UInt64 { (hash ^ UInt64(unit)) &* prime }

    /// The suffix hashes of every token, ``stride`` per token: `result[t * stride + k]` hashes token t from its k-th
    /// unit on (`k == 0` is the whole word). Computed once per article and read by the entity matcher, the discovery
    /// lexicon, the keyword matcher and the story sketch.
    package static func suffixHashes(of tokens: [ArabicToken], in text: NormalizedText) -> [UInt64] {
        var hashes = [UInt64](repeating: 0, count: tokens.count * stride)
        text.units.withUnsafeBufferPointer { units in
            hashes.withUnsafeMutableBufferPointer { all in
                for (t, token) in tokens.enumerated() {
                    suffixHashes(units, Int(token.start), Int(token.end),
                                 into: UnsafeMutableBufferPointer(rebasing: all[(t * stride)..<((t + 1) * stride)]))
                }
            }
        }
        return hashes
    }

    /// Fills `suffixes[k]` with the hash of `units[start + k..<end]` for every k up to `count - 1` (or the word length).
    @inline(__always)
    package static func suffixHashes(_ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int,
                                     into suffixes: UnsafeMutableBufferPointer<UInt64>) {
        var h = offsetBasis
        var i = end
        let keep = start + suffixes.count
        while i > start {
            i -= 1
            h = prepending(units[i], to: h)
            if i < keep { suffixes[i - start] = h }
        }
    }
}
