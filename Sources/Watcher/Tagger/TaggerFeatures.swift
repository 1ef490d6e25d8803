/// The tagger's feature templates, hashed into a fixed table of ``bucketCount(bits:)`` rows: the same functions serve
/// training, the reference tagging path and the word cache (``TaggerWordCache``), so a model sees at run time exactly
/// what it was trained on.
///
/// Per token: the folded form and the form without proclitics (و ف, then ب ك ل + ال, لل or ال), prefixes of the
/// stem and suffixes of the form (1–4 letters), a shape (length, digits, Latin letters), the neighbours at ±1 and ±2
/// (form and stem), the lexicon's trigger classes (titles, roles, verbs, organisation and place heads) here and
/// around, the gazetteer's matches here and around, the punctuation before and after, stem bigrams with the words
/// before and after, and two document-level features: over every occurrence of the stem in the input (the whole
/// article), the trigger classes of the words before it, and whether it carried a proclitic, was matched by the
/// gazetteer (and as what), and how often it occurs. Among the word's own features, four lexicon features: what
/// general Arabic word lists say about its stem and its whole form (``TaggerLexicon``: frequency class, the affixed
/// forms the frequency list has, the dictionary sections), whole, coarse, and the affix profile with the stem's length;
/// and the stem's word cluster (``TaggerLexicon/Cluster``, learnt from unlabelled text) at three granularities, the
/// neighbours' at −1 and +1 at the middle one; and what the name lists say about the word (``TaggerLexicon/NameFlags``:
/// a first name, a family name, a place name or a word of one, a country): the stem's flags, the whole form's, and the
/// stem's with its coarse cluster (the neighbours' flags at ±1 were tried and gave nothing).
///
/// The templates are grouped by what they read, and this grouping is what lets the tagger cache most of the work:
///
/// - ``ownRows(_:_:_:offset:_:shift:rowMask:into:)``: the word alone (its units and its lexicon classes) — the same
///   rows wherever the word stands;
/// - ``neighbourRows(_:_:rowMask:shift:into:)``: a word seen as the neighbour at −1, +1, −2 or +2 — again the word
///   alone, once per position;
/// - ``contextRows(_:_:p1:n1:shift:into:)``: everything that combines several tokens, the gazetteer's matches (which
///   depend on the words around), the punctuation, or the whole article.
///
/// **Adding a template**: put it in the group of what it reads and bump that group's count (``ownCount``,
/// ``neighbourCount(_:)`` or ``contextCount``, and ``count``), then ``version``. A template that reads only the word
/// (its units or its classes) or only one neighbour's word goes in the first two groups and is cached with no other
/// change; one that reads anything else (another token's gazetteer code, a tag, the sentence position, the article)
/// MUST go in ``contextRows``, or the cache would serve a stale sum (`NameTaggerTests` compares the cached path with
/// the reference on varied text and would fail). ``extract(_:bits:into:)`` lays every token's rows out group by group.
///
/// Speed: no strings; affix hashes are extended one letter at a time; a word's own and neighbour features lie in
/// consecutive table rows (a few cache lines that the tokens around it read in turn).
package enum TaggerFeatures {
    /// Features per token (every template yields exactly one): ``ownCount``, then the four neighbours', then
    /// ``contextCount``.
    package static let count = 46
    /// Rows of the word's own features.
    package static let ownCount = 24
    /// Rows of a word as the neighbour at position 0 (−1), 1 (+1), 2 (−2), 3 (+2).
    @inline(__always)
    package static func neighbourCount(_ position: Int) -> Int { position < 2 ? 4 : position == 2 ? 3 : 2 }
    /// The most rows of one neighbour position.
    static let maximumNeighbourCount = 4
    /// Where the rows of neighbour `position` start in a token's ``count`` rows.
    @inline(__always)
    package static func neighbourStart(_ position: Int) -> Int { ownCount + (position < 2 ? 4 * position : 2 + 3 * position) }
    /// Rows of the context features; they start at ``contextStart``.
    package static let contextCount = 9
    /// The context rows whose values are spread over the whole table (stem bigrams, the word before's classes with
    /// the stem), as ``contextRows(_:_:p1:n1:shift:into:)`` lays them out: the ones worth a prefetch.
    static let contextSpread = 4...6
    package static let contextStart = 37
    /// Bumped whenever a template changes: a model records it and is refused by a build that computes others.
    package static let version: UInt32 = 7

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

    /// The template of the word features, which lie in consecutive rows from the word's base row.
    static let wordTemplate: UInt64 = 40

    /// A value for "no token here" (before the first or after the last token of a sentence).
    static let boundary: UInt64 = 0x5eed_0f_b0_7a_11_00

    /// What a word's features read besides its units: its form's and stem's base rows, its lexicon classes, and what
    /// the word lists say about it (one lookup of the stem gives its code and cluster, one of the form its code).
    struct WordValues {
        var formRow: UInt32
        var stemRow: UInt32
        var classValue: UInt64
        /// The word lists' codes of the stem and of the whole form (all ones when the form is the stem).
        var stemCode: UInt64
        var formCode: UInt64
        /// The stem's cluster, fine | mid << 16 | coarse << 32 (0: none).
        var clusterValue: UInt64
        /// The name lists' flags of the stem, and of the whole form << 8 (0xFF when the form is the stem).
        var nameValue: UInt64

        /// The values of a word whose form hashes to `form` and stem to `stem`.
        @inline(__always)
        init(form: UInt64, stem: UInt64, classes: UInt16, shift: UInt64) {
            formRow = bucket(wordTemplate, form, shift: shift)
            stemRow = bucket(wordTemplate, stem, shift: shift)
            classValue = UInt64(classes)
            let lexicon = TaggerLexicon.embedded
            let entry = lexicon.entry(hash: stem)
            stemCode = entry & TaggerLexicon.codeMask
            let formEntry = form == stem ? 0 : lexicon.entry(hash: form)
            formCode = form == stem ? 0xFFFF : formEntry & TaggerLexicon.codeMask
            nameValue = UInt64(TaggerLexicon.nameFlags(entry: entry))
                | (form == stem ? 0xFF : UInt64(TaggerLexicon.nameFlags(entry: formEntry))) << 8
            let cluster = lexicon.cluster(entry: entry)
            clusterValue = UInt64(cluster.fine) | UInt64(cluster.mid) << 16 | UInt64(cluster.coarse) << 32
        }

        /// "No token here", as a neighbour.
        static func boundary(shift: UInt64) -> WordValues {
            var values = WordValues(form: TaggerFeatures.boundary, stem: TaggerFeatures.boundary, classes: 0, shift: shift)
            values.classValue = TaggerFeatures.boundary
            values.clusterValue = TaggerFeatures.boundary
            values.nameValue = TaggerFeatures.boundary
            return values
        }
    }

    /// The ``ownCount`` rows of the word `units[start..<end]` itself (stem at `start + offset`): bias, form, stem,
    /// affixes, shape, proclitics, lexicon classes, word-list codes. They depend on the word alone.
    @inline(__always)
    static func ownRows(_ u: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int, offset: Int, _ word: WordValues,
                        shift: UInt64, rowMask: UInt32, into row: UnsafeMutablePointer<UInt32>) {
        let length = end - start
        let stem = start + offset
        var digits = 0, latin = 0
        for i in start..<end {
            let c = u[i]
            if c >= 0x30 && c <= 0x39 { digits += 1 } else if c < 0x80 { latin += 1 }
        }
        let shape = UInt64(min(length, 12)) | UInt64(digits == 0 ? 0 : digits == length ? 1 : 2) << 8
            | UInt64(latin == 0 ? 0 : latin == length ? 1 : 2) << 12
        let stemLength = end - stem
        let prefixes = affixes(u, stem, end, backwards: false)
        let suffixes = affixes(u, start, end, backwards: true)
        row[0] = bucket(0, 0, shift: shift)                 // bias
        row[1] = word.formRow & rowMask                      // word rows: base + slot (slots 0–9, see neighbourRows)
        row[2] = (word.stemRow &+ 5) & rowMask
        row[3] = bucket(3, prefixes[0], shift: shift)
        row[4] = bucket(4, prefixes[1], shift: shift)
        row[5] = bucket(5, prefixes[2], shift: shift)
        row[6] = bucket(6, suffixes[0], shift: shift)
        row[7] = bucket(7, suffixes[1], shift: shift)
        row[8] = bucket(8, suffixes[2], shift: shift)
        row[9] = bucket(9, shape, shift: shift)
        row[10] = bucket(10, hash(u, start, stem) ^ UInt64(stemLength > 4 ? 5 : stemLength), shift: shift)
        row[11] = bucket(17, word.classValue, shift: shift)
        row[12] = bucket(33, prefixes[3], shift: shift)
        row[13] = bucket(34, suffixes[3], shift: shift)
        // What general word lists say about the stem and the whole form (``TaggerLexicon``): whole, coarse (frequency
        // class and dictionary sections), the affix profile with the stem's length, and the form's (all ones when the
        // form is the stem). The word's units alone decide them.
        let stemCode = word.stemCode
        row[14] = bucket(35, stemCode, shift: shift)
        row[15] = bucket(36, stemCode & UInt64(TaggerLexicon.frequencyMask | 7 << 11), shift: shift)
        row[16] = bucket(37, stemCode & 0x7F0 | UInt64(min(stemLength, 8)) << 16, shift: shift)
        row[17] = bucket(38, word.formCode, shift: shift)
        // The stem's word cluster, coarse, mid and fine (each 0 for a stem the cluster list does not have).
        row[18] = bucket(41, word.clusterValue >> 32, shift: shift)
        row[19] = bucket(42, word.clusterValue >> 16 & 0xFFFF, shift: shift)
        row[20] = bucket(43, word.clusterValue & 0xFFFF, shift: shift)
        // The name lists' flags (``TaggerLexicon/NameFlags``): the stem's, the whole form's (all ones when the form is
        // the stem), and the stem's with its coarse cluster (a listed word in a cluster of names or of common words).
        row[21] = bucket(46, word.nameValue & 0xFF, shift: shift)
        row[22] = bucket(47, word.nameValue >> 8, shift: shift)
        row[23] = bucket(48, word.nameValue & 0xFF | (word.clusterValue >> 32) << 8, shift: shift)
    }

    /// The ``neighbourCount(_:)`` rows of a word seen as the neighbour at `position` (0: −1, 1: +1, 2: −2, 3: +2)
    /// of another token: its form and stem, its classes (not at +2), and its mid cluster (at ±1). They depend on that
    /// word alone.
    @inline(__always)
    static func neighbourRows(_ position: Int, _ word: WordValues, rowMask: UInt32, shift: UInt64,
                              into row: UnsafeMutablePointer<UInt32>) {
        switch position {
        case 0:
            row[0] = (word.formRow &+ 1) & rowMask
            row[1] = (word.stemRow &+ 6) & rowMask
            row[2] = bucket(18, word.classValue, shift: shift)
            row[3] = bucket(44, word.clusterValue >> 16, shift: shift)
        case 1:
            row[0] = (word.formRow &+ 2) & rowMask
            row[1] = (word.stemRow &+ 7) & rowMask
            row[2] = bucket(19, word.classValue, shift: shift)
            row[3] = bucket(45, word.clusterValue >> 16, shift: shift)
        case 2:
            row[0] = (word.formRow &+ 3) & rowMask
            row[1] = (word.stemRow &+ 8) & rowMask
            row[2] = bucket(20, word.classValue, shift: shift)
        default:
            row[0] = (word.formRow &+ 4) & rowMask
            row[1] = (word.stemRow &+ 9) & rowMask
        }
    }

    /// Token `t`'s neighbours at −1, +1, −2 and +2 inside its sentence; `n` (the boundary slot) where there is none.
    @inline(__always)
    static func neighbours(_ t: Int, _ tokens: UnsafeBufferPointer<ArabicToken>) -> (p1: Int, n1: Int, p2: Int, n2: Int) {
        let n = tokens.count
        let sentence = tokens[t].sentence
        let p1 = t >= 1 && tokens[t - 1].sentence == sentence ? t - 1 : n
        let p2 = p1 != n && t >= 2 && tokens[t - 2].sentence == sentence ? t - 2 : n
        let n1 = t + 1 < n && tokens[t + 1].sentence == sentence ? t + 1 : n
        let n2 = n1 != n && t + 2 < n && tokens[t + 2].sentence == sentence ? t + 2 : n
        return (p1, n1, p2, n2)
    }

    /// The per-token values of one article that the context features read, slot `n` standing for "no token here":
    /// stem hash, classes and gazetteer code (n + 1 each), stem offset and document value (n each).
    struct Article {
        let tokens: UnsafeBufferPointer<ArabicToken>
        let stemHash: UnsafeMutablePointer<UInt64>
        let classValue: UnsafeMutablePointer<UInt64>
        let gazValue: UnsafeMutablePointer<UInt64>
        let offset: UnsafeMutablePointer<UInt32>
        let doc: UnsafeMutablePointer<UInt32>
        var n: Int { tokens.count }

        /// Document level: per stem, what its occurrences anywhere in the input show (classes of the word before,
        /// a proclitic, the gazetteer's code, how often), into ``doc``. Needs ``stemHash`` and ``offset`` filled.
        func fillDocument(classes: UnsafeBufferPointer<UInt16>, gazetteer: UnsafeBufferPointer<UInt8>) {
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
                for t in 0..<n { doc[t] = seen[Int(slotOf[t])] }
            }
            }
            }
        }
    }

    /// Allocates an ``Article`` for `input` with classes, gazetteer codes and the boundary slot filled; `body` fills
    /// the stem hashes and offsets (from the units or from the word cache), then reads it.
    static func withArticle<R>(_ input: TaggerInput, tokens: UnsafeBufferPointer<ArabicToken>, _ body: (Article) -> R) -> R {
        let n = tokens.count
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * (n + 1)) { values in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * n) { small in
                let article = Article(tokens: tokens, stemHash: values.baseAddress!, classValue: values.baseAddress! + (n + 1),
                                      gazValue: values.baseAddress! + 2 * (n + 1), offset: small.baseAddress!,
                                      doc: small.baseAddress! + n)
                input.classes.withUnsafeBufferPointer { classes in
                    input.gazetteer.withUnsafeBufferPointer { gazetteer in
                        for t in 0..<n {
                            article.classValue[t] = UInt64(classes[t])
                            article.gazValue[t] = UInt64(gazetteer[t])
                        }
                    }
                }
                article.stemHash[n] = boundary
                article.classValue[n] = boundary
                article.gazValue[n] = boundary
                return body(article)
            }
        }
    }

    /// The ``contextCount`` rows of token `t` that combine it with its neighbours or the article: the gazetteer's
    /// matches here and around, the punctuation before and after, stem bigrams, the document-level values.
    @inline(__always)
    static func contextRows(_ t: Int, _ a: Article, p1: Int, n1: Int, shift: UInt64, into row: UnsafeMutablePointer<UInt32>) {
        let n = a.n
        let after = n1 != n ? UInt64(a.tokens[n1].gapBefore.rawValue) : 7
        let before = UInt64(p1 == n ? 8 : a.tokens[t].gapBefore.rawValue)
        fixedContextRows(here: a.gazValue[t], before: a.gazValue[p1], after: a.gazValue[n1], gaps: before | after << 4,
                         shift: shift, into: row)
        spreadContextRows(t, a, p1: p1, n1: n1, shift: shift, into: row)
    }

    /// Context rows 0–3, which take few values: the gazetteer's codes here, before and after, and the punctuation.
    @inline(__always)
    static func fixedContextRows(here: UInt64, before: UInt64, after: UInt64, gaps: UInt64, shift: UInt64,
                                 into row: UnsafeMutablePointer<UInt32>) {
        row[0] = bucket(21, here, shift: shift)
        row[1] = bucket(22, before, shift: shift)
        row[2] = bucket(23, after, shift: shift)
        row[3] = bucket(24, gaps, shift: shift)
    }

    /// Whether token `t`'s rows 0–3 are the plain ones (``plainContextRows(shift:into:)``): no gazetteer match here
    /// or at either neighbour, which both exist and follow a space, as most tokens of running text.
    @inline(__always)
    static func hasPlainContext(_ t: Int, _ a: Article, p1: Int, n1: Int) -> Bool {
        let n = a.n
        return p1 != n && n1 != n && a.gazValue[t] | a.gazValue[p1] | a.gazValue[n1] == 0
            && a.tokens[t].gapBefore == .space && a.tokens[n1].gapBefore == .space
    }

    /// Rows 0–3 of a token with a plain context, as ``contextRows(_:_:p1:n1:shift:into:)`` computes them.
    static func plainContextRows(shift: UInt64, into row: UnsafeMutablePointer<UInt32>) {
        let space = UInt64(ArabicToken.Gap.space.rawValue)
        fixedContextRows(here: 0, before: 0, after: 0, gaps: space | space << 4, shift: shift, into: row)
    }

    /// Context rows 4–8, whose values are spread over the table (stem bigrams, the word before's classes with the
    /// stem) or the article's (document values).
    @inline(__always)
    static func spreadContextRows(_ t: Int, _ a: Article, p1: Int, n1: Int, shift: UInt64, into row: UnsafeMutablePointer<UInt32>) {
        let doc = a.doc[t]
        row[4] = bucket(25, a.stemHash[p1] &* 31 ^ a.stemHash[t], shift: shift)
        row[5] = bucket(26, a.classValue[p1] << 20 ^ a.stemHash[t], shift: shift)
        row[6] = bucket(29, a.stemHash[n1] &* 37 ^ a.stemHash[t], shift: shift)
        row[7] = bucket(30, UInt64(doc & 0xFFFF), shift: shift)
        row[8] = bucket(31, UInt64(doc >> 16), shift: shift)
    }

    /// Writes the ``count`` feature rows of every token into `rows` (`count` per token), for a table of `2^bits` rows:
    /// the reference that training reads and that the word cache must reproduce.
    ///
    /// Each token's own values (form and stem rows, stem offset, classes, gazetteer code) are computed once into
    /// small per-token arrays, with one extra slot standing for "no token here", so a neighbour's feature is a load.
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
        withUnsafeTemporaryAllocation(of: WordValues.self, capacity: n + 1) { words in
            withArticle(input, tokens: tokens) { article in
                for t in 0..<n {
                    let o = stemOffset(u, Int(tokens[t].start), Int(tokens[t].end))
                    article.offset[t] = UInt32(o)
                    article.stemHash[t] = hashes[t * TokenHash.stride + o]
                    words[t] = WordValues(form: hashes[t * TokenHash.stride], stem: article.stemHash[t], classes: classes[t],
                                          shift: shift)
                }
                words[n] = WordValues.boundary(shift: shift)
                article.fillDocument(classes: classes, gazetteer: gazetteer)
                for t in 0..<n {
                    let row = rows + t * count
                    ownRows(u, Int(tokens[t].start), Int(tokens[t].end), offset: Int(article.offset[t]), words[t],
                            shift: shift, rowMask: rowMask, into: row)
                    let (p1, n1, p2, n2) = neighbours(t, tokens)
                    neighbourRows(0, words[p1], rowMask: rowMask, shift: shift, into: row + neighbourStart(0))
                    neighbourRows(1, words[n1], rowMask: rowMask, shift: shift, into: row + neighbourStart(1))
                    neighbourRows(2, words[p2], rowMask: rowMask, shift: shift, into: row + neighbourStart(2))
                    neighbourRows(3, words[n2], rowMask: rowMask, shift: shift, into: row + neighbourStart(3))
                    contextRows(t, article, p1: p1, n1: n1, shift: shift, into: row + contextStart)
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
