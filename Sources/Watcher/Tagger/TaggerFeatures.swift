/// The tagger's feature templates, hashed into a fixed table of ``bucketCount(bits:)`` rows: the same function serves
/// training and tagging, so a model sees at run time exactly what it was trained on.
///
/// Per token: the folded form and the form without proclitics (و ف, then ب ك ل + ال, لل or ال), prefixes of the
/// stem and suffixes of the form (1–4 letters), a shape (length, digits, Latin letters), the neighbours at ±1 and ±2
/// (form and stem), the lexicon's trigger classes (titles, roles, verbs, organisation and place heads) here and
/// around, the gazetteer's matches here and around, the punctuation before and after, stem bigrams with the words
/// before and after, and two document-level features: over every occurrence of the stem in the input (the whole
/// article), the trigger classes of the words before it, and whether it carried a proclitic, was matched by the
/// gazetteer (and as what), and how often it occurs.
///
/// Speed: no strings; affix hashes are extended one letter at a time; a word's own and neighbour features lie in
/// consecutive table rows (a few cache lines that the tokens around it read in turn).
package enum TaggerFeatures {
    /// Features per token (every template yields exactly one).
    package static let count = 34
    /// Bumped whenever a template changes: a model records it and is refused by a build that computes others.
    package static let version: UInt32 = 4

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

    /// The row of feature `template` with value `value` in a table of `2^bits` rows: one multiply, the top bits.
    @inline(__always)
    static func bucket(_ template: UInt64, _ value: UInt64, shift: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: ((value ^ (template &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD) &>> shift)
    }

    /// FNV-1a steps over the first 1…4 units of `units[start..<end]` (prefixes), or the last 1…4 read backwards
    /// (suffixes): each hash extends the one before, and a word shorter than k repeats its whole-word hash.
    @inline(__always)
    static func affixes(_ u: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int, backwards: Bool) -> SIMD4<UInt64> {
        var result = SIMD4<UInt64>()
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<4 {
            if k < end - start { h = (h ^ UInt64(backwards ? u[end - 1 - k] : u[start + k])) &* 0x0000_0100_0000_01B3 }
            result[k] = h
        }
        return result
    }

    package static func bucketCount(bits: Int) -> Int { 1 << bits }

    /// The template of the word features, which ``extract(_:bits:into:)`` lays out in consecutive rows.
    static let wordTemplate: UInt64 = 40

    /// A value for "no token here" (before the first or after the last token of a sentence).
    static let boundary: UInt64 = 0x5eed_0f_b0_7a_11_00

    /// Writes the ``count`` feature rows of every token into `rows` (`count` per token), for a table of `2^bits` rows.
    ///
    /// Each token's own values (form and stem hashes and their word rows, stem offset, classes, gazetteer code) are
    /// computed once into small per-token arrays, with one extra slot standing for "no token here", so a neighbour's
    /// feature is a load and no token's hashes are computed twice.
    package static func extract(_ input: TaggerInput, bits: Int, into rows: UnsafeMutablePointer<UInt32>) {
        let n = input.tokens.count
        guard n > 0 else { return }
        let shift = UInt64(64 - bits)
        let rowMask = UInt32(truncatingIfNeeded: (1 << bits) - 1)
        input.text.units.withUnsafeBufferPointer { u in
            input.tokens.withUnsafeBufferPointer { tokens in
                input.suffixHashes.withUnsafeBufferPointer { hashes in
                    input.classes.withUnsafeBufferPointer { classes in
                        input.gazetteer.withUnsafeBufferPointer { gazetteer in
                            // Per token, slot n standing for the boundary: form and stem hash, their word rows,
                            // class and gazetteer values, stem offset.
                            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 4 * (n + 1)) { values in
                            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * (n + 1) + n) { small in
                                let form = values.baseAddress!, stemHash = form + (n + 1)
                                let classValue = stemHash + (n + 1), gazValue = classValue + (n + 1)
                                let formRow = small.baseAddress!, stemRow = formRow + (n + 1), offset = stemRow + (n + 1)
                                for t in 0..<n {
                                    let start = Int(tokens[t].start), end = Int(tokens[t].end)
                                    let o = stemOffset(u, start, end)
                                    offset[t] = UInt32(o)
                                    form[t] = hashes[t * TokenHash.stride]
                                    stemHash[t] = hashes[t * TokenHash.stride + o]
                                    formRow[t] = bucket(wordTemplate, form[t], shift: shift)
                                    stemRow[t] = bucket(wordTemplate, stemHash[t], shift: shift)
                                    classValue[t] = UInt64(classes[t])
                                    gazValue[t] = UInt64(gazetteer[t])
                                }
                                form[n] = boundary
                                stemHash[n] = boundary
                                classValue[n] = boundary
                                gazValue[n] = boundary
                                formRow[n] = bucket(wordTemplate, boundary, shift: shift)
                                stemRow[n] = formRow[n]
                                // Document level: per stem, what its occurrences anywhere in the input show.
                                var capacity = 16
                                while capacity < 2 * n { capacity <<= 1 }
                                let slots = capacity - 1
                                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { keys in
                                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { seen in
                                withUnsafeTemporaryAllocation(of: Int32.self, capacity: n) { slotOf in
                                keys.initialize(repeating: 0)
                                seen.initialize(repeating: 0)
                                for t in 0..<n {
                                    let key = stemHash[t] | 1
                                    var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & slots
                                    while keys[i] != 0 && keys[i] != key { i = (i + 1) & slots }
                                    keys[i] = key
                                    slotOf[t] = Int32(i)
                                    let before = t > 0 && tokens[t - 1].sentence == tokens[t].sentence ? UInt32(classes[t - 1]) : 0
                                    let clitic: UInt32 = offset[t] > 0 ? 1 << 16 : 0
                                    let gaz: UInt32 = gazetteer[t] == 0 ? 0 : 1 << (17 + UInt32(min(gazetteer[t], 10)))
                                    let count = min((seen[i] >> 28) + 1, 3) << 28
                                    seen[i] = (seen[i] & 0x0FFF_FFFF) | before | clitic | gaz | count
                                }
                                let bias = bucket(0, 0, shift: shift)
                                for t in 0..<n {
                                    let token = tokens[t]
                                    let start = Int(token.start), end = Int(token.end)
                                    let length = end - start
                                    let stem = start + Int(offset[t])
                                    let sentence = token.sentence
                                    // Neighbours count only inside the sentence; slot n is the boundary.
                                    let p1 = t >= 1 && tokens[t - 1].sentence == sentence ? t - 1 : n
                                    let p2 = p1 != n && t >= 2 && tokens[t - 2].sentence == sentence ? t - 2 : n
                                    let n1 = t + 1 < n && tokens[t + 1].sentence == sentence ? t + 1 : n
                                    let n2 = n1 != n && t + 2 < n && tokens[t + 2].sentence == sentence ? t + 2 : n
                                    var digits = 0, latin = 0
                                    for i in start..<end {
                                        let c = u[i]
                                        if c >= 0x30 && c <= 0x39 { digits += 1 } else if c < 0x80 { latin += 1 }
                                    }
                                    let shape = UInt64(min(length, 12)) | UInt64(digits == 0 ? 0 : digits == length ? 1 : 2) << 8
                                        | UInt64(latin == 0 ? 0 : latin == length ? 1 : 2) << 12
                                    let stemLength = end - stem
                                    let after = n1 != n ? UInt64(tokens[n1].gapBefore.rawValue) : 7
                                    let row = rows + t * count
                                    var f = 0
                                    @inline(__always) func add(_ template: UInt64, _ value: UInt64) {
                                        row[f] = bucket(template, value, shift: shift)
                                        f += 1
                                    }
                                    // A word's features (as this token, a neighbour, form or stem) lie in consecutive
                                    // rows, a few cache lines that the tokens around it read in turn.
                                    @inline(__always) func word(_ slot: UInt32, _ base: UInt32) {
                                        row[f] = (base &+ slot) & rowMask
                                        f += 1
                                    }
                                    row[0] = bias
                                    f = 1
                                    word(0, formRow[t])
                                    word(5, stemRow[t])
                                    let prefixes = affixes(u, stem, end, backwards: false)
                                    let suffixes = affixes(u, start, end, backwards: true)
                                    add(3, prefixes[0])
                                    add(4, prefixes[1])
                                    add(5, prefixes[2])
                                    add(6, suffixes[0])
                                    add(7, suffixes[1])
                                    add(8, suffixes[2])
                                    add(9, shape)
                                    add(10, hash(u, start, stem) ^ UInt64(stemLength > 4 ? 5 : stemLength))
                                    word(1, formRow[p1])
                                    word(2, formRow[n1])
                                    word(6, stemRow[p1])
                                    word(7, stemRow[n1])
                                    word(8, stemRow[p2])
                                    word(9, stemRow[n2])
                                    add(17, classValue[t])
                                    add(18, classValue[p1])
                                    add(19, classValue[n1])
                                    add(20, classValue[p2])
                                    add(21, gazValue[t])
                                    add(22, gazValue[p1])
                                    add(23, gazValue[n1])
                                    add(24, UInt64(p1 == n ? 8 : token.gapBefore.rawValue) | after << 4)
                                    add(25, stemHash[p1] &* 31 ^ stemHash[t])
                                    add(26, classValue[p1] << 20 ^ stemHash[t])
                                    word(3, formRow[p2])
                                    word(4, formRow[n2])
                                    add(29, stemHash[n1] &* 37 ^ stemHash[t])
                                    let doc = seen[Int(slotOf[t])]
                                    add(30, UInt64(doc & 0xFFFF))
                                    add(31, UInt64(doc >> 16))
                                    add(33, prefixes[3])
                                    add(34, suffixes[3])
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
            }
        }
    }
}
