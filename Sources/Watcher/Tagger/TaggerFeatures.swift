/// The tagger's feature templates, hashed into a fixed table of ``bucketCount(bits:)`` rows: the same function serves
/// training and tagging, so a model sees at run time exactly what it was trained on.
///
/// Per token: the folded form and the form without proclitics (و ف, then ب ك ل + ال, لل or ال), prefixes of the
/// stem and suffixes of the form (1–3 letters), a shape (length, digits, Latin letters), the neighbours at ±1 (form
/// and stem) and ±2 (stem), the lexicon's trigger classes (titles, roles, verbs, organisation and place heads) here
/// and around, the gazetteer's matches here and around, the punctuation before and after, and a stem bigram.
package enum TaggerFeatures {
    /// Features per token (every template yields exactly one).
    package static let count = 27
    /// Bumped whenever a template changes: a model records it and is refused by a build that computes others.
    package static let version: UInt32 = 1

    static let waw: UInt16 = 0x0648, fa: UInt16 = 0x0641, ba: UInt16 = 0x0628, kaf: UInt16 = 0x0643
    static let lam: UInt16 = 0x0644, alef: UInt16 = 0x0627

    /// How many leading units of `units[start..<end]` are proclitics: a conjunction (when 3 letters remain), then
    /// a preposition with the article, «لل», or the article (when 2 remain); at most ``Proclitics/maximumPrefix``.
    @inline(__always)
    static func stemOffset(_ u: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> Int {
        var i = start
        if end - i >= 4, u[i] == waw || u[i] == fa { i += 1 }
        if end - i >= 5, u[i] == ba || u[i] == kaf || u[i] == lam, u[i + 1] == alef, u[i + 2] == lam {
            i += 3
        } else if end - i >= 4, u[i] == lam, u[i + 1] == lam {
            i += 2
        } else if end - i >= 4, u[i] == alef, u[i + 1] == lam {
            i += 2
        }
        return min(i - start, Proclitics.maximumPrefix)
    }

    /// FNV-1a over `units[start..<end]`, forwards (prefixes and suffixes of words).
    @inline(__always)
    static func hash(_ u: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = start
        while i < end {
            h = (h ^ UInt64(u[i])) &* 0x0000_0100_0000_01B3
            i += 1
        }
        return h
    }

    /// The row of feature `template` with value `value` in a table of `2^bits` rows.
    @inline(__always)
    static func bucket(_ template: UInt64, _ value: UInt64, shift: UInt64) -> UInt32 {
        var h = (value ^ (template &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 29
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return UInt32(truncatingIfNeeded: h >> shift)
    }

    package static func bucketCount(bits: Int) -> Int { 1 << bits }

    /// A value for "no token here" (before the first or after the last token of a sentence).
    static let boundary: UInt64 = 0x5eed_0f_b0_7a_11_00

    /// Writes the ``count`` feature rows of every token into `rows` (`count` per token), for a table of `2^bits` rows.
    package static func extract(_ input: TaggerInput, bits: Int, into rows: UnsafeMutablePointer<UInt32>) {
        let n = input.tokens.count
        guard n > 0 else { return }
        let shift = UInt64(64 - bits)
        input.text.units.withUnsafeBufferPointer { u in
            input.tokens.withUnsafeBufferPointer { tokens in
                input.suffixHashes.withUnsafeBufferPointer { hashes in
                    input.classes.withUnsafeBufferPointer { classes in
                        input.gazetteer.withUnsafeBufferPointer { gazetteer in
                            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * n) { words in
                                // Per token: the form's hash and the stem's, read from the suffix hashes.
                                for t in 0..<n {
                                    let start = Int(tokens[t].start), end = Int(tokens[t].end)
                                    words[2 * t] = hashes[t * TokenHash.stride]
                                    words[2 * t + 1] = hashes[t * TokenHash.stride + stemOffset(u, start, end)]
                                }
                                for t in 0..<n {
                                    let token = tokens[t]
                                    let start = Int(token.start), end = Int(token.end)
                                    let length = end - start
                                    let stem = start + stemOffset(u, start, end)
                                    let sentence = token.sentence
                                    // Neighbours count only inside the sentence.
                                    @inline(__always) func near(_ k: Int) -> Int? {
                                        let j = t + k
                                        guard j >= 0, j < n, tokens[j].sentence == sentence else { return nil }
                                        return j
                                    }
                                    let p1 = near(-1), p2 = near(-2), n1 = near(1), n2 = near(2)
                                    var digits = 0, latin = 0
                                    for i in start..<end {
                                        let c = u[i]
                                        if c >= 0x30 && c <= 0x39 { digits += 1 } else if c < 0x80 { latin += 1 }
                                    }
                                    let shape = UInt64(min(length, 12)) | UInt64(digits == 0 ? 0 : digits == length ? 1 : 2) << 8
                                        | UInt64(latin == 0 ? 0 : latin == length ? 1 : 2) << 12
                                    let stemLength = end - stem
                                    let after = n1.map { UInt64(tokens[$0].gapBefore.rawValue) } ?? 7
                                    let row = rows + t * count
                                    var f = 0
                                    @inline(__always) func add(_ template: UInt64, _ value: UInt64) {
                                        row[f] = bucket(template, value, shift: shift)
                                        f += 1
                                    }
                                    add(0, 0)
                                    add(1, words[2 * t])
                                    add(2, words[2 * t + 1])
                                    add(3, hash(u, stem, stem + min(1, stemLength)))
                                    add(4, hash(u, stem, stem + min(2, stemLength)))
                                    add(5, hash(u, stem, stem + min(3, stemLength)))
                                    add(6, hash(u, end - min(1, length), end))
                                    add(7, hash(u, end - min(2, length), end))
                                    add(8, hash(u, end - min(3, length), end))
                                    add(9, shape)
                                    add(10, hash(u, start, stem) ^ UInt64(stemLength > 4 ? 5 : stemLength))
                                    add(11, p1.map { words[2 * $0] } ?? boundary)
                                    add(12, n1.map { words[2 * $0] } ?? boundary)
                                    add(13, p1.map { words[2 * $0 + 1] } ?? boundary)
                                    add(14, n1.map { words[2 * $0 + 1] } ?? boundary)
                                    add(15, p2.map { words[2 * $0 + 1] } ?? boundary)
                                    add(16, n2.map { words[2 * $0 + 1] } ?? boundary)
                                    add(17, UInt64(classes[t]))
                                    add(18, p1.map { UInt64(classes[$0]) } ?? boundary)
                                    add(19, n1.map { UInt64(classes[$0]) } ?? boundary)
                                    add(20, p2.map { UInt64(classes[$0]) } ?? boundary)
                                    add(21, UInt64(gazetteer[t]))
                                    add(22, p1.map { UInt64(gazetteer[$0]) } ?? boundary)
                                    add(23, n1.map { UInt64(gazetteer[$0]) } ?? boundary)
                                    add(24, UInt64(p1 == nil ? 8 : token.gapBefore.rawValue) | after << 4)
                                    add(25, (p1.map { words[2 * $0 + 1] } ?? boundary) &* 31 ^ words[2 * t + 1])
                                    add(26, (p1.map { UInt64(classes[$0]) } ?? boundary) << 20 ^ words[2 * t + 1])
                                    assert(f == count)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
