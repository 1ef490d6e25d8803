import CNERModel
import Crypto

/// What general Arabic word lists say about a folded word, for the tagger's lexicon features: a name is mostly a word
/// that a dictionary lacks, rare, never seen with a possessive suffix or a verb's prefix.
///
/// Two embedded lists (`data/ner/wordfreq-ar.tsv`, `data/ner/ayaspell-ar.tsv`, made by `scripts/ner-lexicon.py`)
/// merged into one table; a word's ``Code`` packs
/// - bits 0–3: its frequency class in the wordfreq list, 1 (most frequent) … 15, 0 when not listed;
/// - bits 4–10: which affixed forms of it that list has (``Profile``);
/// - bits 11–13: the hunspell-ar (ayaspell) sections it is listed in: nouns, verbs, stop or tool words.
///
/// The same table holds the word clusters of `data/ner/clusters-ar.tsv` (made by `scripts/ner-clusters.py` from
/// unlabelled Wikipedia text): a stem's ``Cluster``, so that the tagger's one lookup of a stem gives both; and the
/// name lists of `data/ner/names-ar.tsv` (made by `scripts/ner-namelists.py` from GeoNames, Faker, CLDR,
/// arabic-name-romanizer and Wikidata's name words): a word's ``NameFlags``, in the same entry.
package struct TaggerLexicon: Sendable {
    package typealias Code = UInt16

    /// Bits 4–10 of a ``Code``: affixed forms the frequency list has (see `scripts/ner-lexicon.py`).
    package enum Profile {
        package static let article: Code = 1 << 4, mostlyArticle: Code = 2 << 4, possessive: Code = 4 << 4
        package static let femininePlural: Code = 8 << 4, nisba: Code = 16 << 4, soundPlural: Code = 32 << 4
        package static let verbPrefixes: Code = 64 << 4
    }
    /// Bits 11–13 of a ``Code``: the ayaspell sections.
    package enum Section {
        package static let noun: Code = 1 << 11, verb: Code = 2 << 11, function: Code = 4 << 11
    }
    package static let frequencyMask: Code = 0xF
    /// The bits of an entry that hold the ``Code``.
    static let codeMask: UInt64 = 0x3FFF
    /// The bits of an entry that hold the stem's fine cluster id.
    static let fineMask: UInt64 = 0xFF_C000
    /// The bits of an entry that hold the word's ``NameFlags`` (bits 24–29), and all the bits below the key.
    static let nameShift: UInt64 = 24
    static let nameMask: UInt64 = 0x3F << 24
    static let valueMask: UInt64 = 0x3FFF_FFFF

    /// What the name lists (`data/ner/names-ar.tsv`) say about a folded word, as bits: the word of a person's first
    /// name or family name, a place name of one word, the first or a later word of a place name of several words, a
    /// word of a country's name. A word's entry and its stem's are listed alike (both forms are in the list).
    package enum NameFlags {
        package static let firstName: UInt8 = 1, familyName: UInt8 = 2, place: UInt8 = 4
        package static let placeFirst: UInt8 = 8, placeLater: UInt8 = 16, country: UInt8 = 32
        package static let all: UInt8 = 63
    }

    /// A stem's word cluster at three granularities, nested (a fine cluster lies in one mid cluster, which lies in one
    /// coarse cluster); 0 everywhere for a stem the cluster list does not have.
    package struct Cluster: Sendable, Equatable {
        package var fine: UInt16 = 0, mid: UInt16 = 0, coarse: UInt16 = 0
        package init(fine: UInt16 = 0, mid: UInt16 = 0, coarse: UInt16 = 0) {
            self.fine = fine
            self.mid = mid
            self.coarse = coarse
        }
    }
    /// Fine cluster ids are 1 … ``maximumFine`` (10 bits of an entry).
    package static let maximumFine = 1023

    /// Open addressing keyed by the word's ``TokenHash`` alone: one 64-bit entry per slot, the hash's top 34 bits
    /// (bit 30 set, so that no entry is 0, the empty slot) over the word's name flags (bits 24–29), fine cluster
    /// (bits 14–23) and 14-bit code, so a lookup reads one cache line of a 4 MB table (a word-cache miss of the tagger
    /// pays for two of them). Only words whose probe runs meet can share a slot, so two words merging needs equal
    /// 33-bit keys and meeting runs (none do in the embedded lists: ``count`` is their number of distinct words, and a
    /// test checks it); no word's units are stored, so building the table allocates nothing per word. A fine
    /// cluster's mid and coarse ids are two small arrays.
    private let entries: LargeTable<UInt64>
    private let mask: Int
    package let count: Int
    /// Mid and coarse cluster of each fine cluster (index 0: none).
    private let midOf: [UInt16]
    private let coarseOf: [UInt16]
    /// Words of the cluster list (each also in ``count``), and its lines that were malformed or contradicted an
    /// earlier line's nesting (not read).
    package let clustered: Int
    package let clusterLinesRejected: Int
    /// Lines of the name list read (each word also in ``count``), and its malformed lines (not read).
    package let named: Int
    package let nameLinesRejected: Int

    /// An entry's key part: the hash without its low 30 bits, which hold the name flags, the cluster and the code.
    @inline(__always)
    static func key(_ hash: UInt64) -> UInt64 { (hash | 0x4000_0000) & ~valueMask }

    /// The slot a word's lookup starts at: the hash's low bits. (Bits 20–38, as before, are poorly mixed by FNV's
    /// multiply: on the embedded lists an insert probed 375 slots on average and the longest run was 29,584, so
    /// a word not listed, most lookups, walked a long run to its empty slot. The low bits give 1.2 probes.)
    @inline(__always)
    static func home(_ hash: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: hash) & mask }

    /// The entry of the word whose ``TokenHash`` is `hash` without its key: code in bits 0–13, fine cluster in
    /// bits 14–23, name flags in bits 24–29; 0 for a word no list has.
    @inline(__always)
    func entry(hash: UInt64) -> UInt64 {
        let key = Self.key(hash)
        var slot = Self.home(hash, mask)
        return entries.withUnsafeBufferPointer { entries in
            while true {
                let e = entries[slot]
                if e & ~Self.valueMask == key { return e & Self.valueMask }
                if e == 0 { return 0 }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The code of the word whose ``TokenHash`` is `hash`; 0 for a word neither list has.
    @inline(__always)
    package func code(hash: UInt64) -> Code { Code(truncatingIfNeeded: entry(hash: hash) & Self.codeMask) }

    /// The name flags of an entry (``entry(hash:)``): ``NameFlags`` bits.
    @inline(__always)
    static func nameFlags(entry: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: (entry & nameMask) >> nameShift) }

    /// The name flags of the word whose ``TokenHash`` is `hash`; 0 for a word the name lists do not have.
    @inline(__always)
    func nameFlags(hash: UInt64) -> UInt8 { Self.nameFlags(entry: entry(hash: hash)) }

    /// The name flags of a word, folded first (tests and tools).
    package func nameFlags(_ word: String) -> UInt8 {
        let units = FoldedWordTable<Code>.units(word)
        return units.withUnsafeBufferPointer { nameFlags(hash: TokenHash.hash($0, 0, $0.count)) }
    }

    /// The cluster of an entry (``entry(hash:)``).
    @inline(__always)
    func cluster(entry: UInt64) -> Cluster {
        let fine = Int(truncatingIfNeeded: entry >> 14) & 0x3FF
        return midOf.withUnsafeBufferPointer { mid in
            coarseOf.withUnsafeBufferPointer { coarse in Cluster(fine: UInt16(fine), mid: mid[fine], coarse: coarse[fine]) }
        }
    }

    /// The cluster of the word whose ``TokenHash`` is `hash`.
    package func cluster(hash: UInt64) -> Cluster { cluster(entry: entry(hash: hash)) }

    /// The cluster of a word, folded first (tests and tools).
    package func cluster(_ word: String) -> Cluster {
        let units = FoldedWordTable<Code>.units(word)
        return units.withUnsafeBufferPointer { cluster(hash: TokenHash.hash($0, 0, $0.count)) }
    }

    /// Asks for the cache line of the slot where a lookup of `hash` starts (a word-cache miss reads it soon after).
    @inline(__always)
    func prefetch(hash: UInt64) {
        entries.withUnsafeBufferPointer { watcherd_prefetch($0.baseAddress! + Self.home(hash, mask)) }
    }

    /// The code of a word, folded first (tests and tools).
    package func code(_ word: String) -> Code {
        let units = FoldedWordTable<Code>.units(word)
        return units.withUnsafeBufferPointer { code(hash: TokenHash.hash($0, 0, $0.count)) }
    }

    /// Two lists of `folded word TAB decimal code` lines: the frequency list's codes as they are, the ayaspell list's
    /// sections shifted to bits 11–13 and merged into the code of the same word; and the cluster list's
    /// `folded stem TAB fine TAB mid TAB coarse` lines, the fine id stored in bits 14–23 of the stem's entry; and the
    /// name list's `folded word TAB flags` lines, the ``NameFlags`` stored in bits 24–29.
    ///
    /// Words are inserted in list order, but hashed a batch ahead and their slots prefetched: a slot of the 4 MB table
    /// is a cache miss, and waiting for each in turn was most of the start-up cost of the tagger.
    package init(wordfreq: UnsafeRawBufferPointer, ayaspell: UnsafeRawBufferPointer, clusters: UnsafeRawBufferPointer,
                 names: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) {
        var midOf = [UInt16](repeating: 0, count: Self.maximumFine + 1)
        var coarseOf = [UInt16](repeating: 0, count: Self.maximumFine + 1)
        var clustered = 0, rejected = 0, named = 0, namesRejected = 0
        let lines = Self.lineCount(wordfreq) + Self.lineCount(ayaspell) + Self.lineCount(clusters) + Self.lineCount(names)
        var size = 1024
        while size * 3 < lines * 4 { size <<= 1 }  // at most three quarters full
        let entries = LargeTable<UInt64>(count: size)
        var count = 0
        let mask = size - 1
        let batch = 16
        entries.withUnsafeMutableBufferPointer { entries in
            withUnsafeTemporaryAllocation(of: (hash: UInt64, code: UInt64).self, capacity: batch) { pending in
                var waiting = 0
                func insert() {
                    for (hash, code) in pending[0..<waiting] {
                        let key = Self.key(hash)
                        var slot = Self.home(hash, mask)
                        while entries[slot] != 0 && entries[slot] & ~Self.valueMask != key { slot = (slot + 1) & mask }
                        if code & Self.fineMask != 0 {
                            // A stem listed twice in the cluster list: OR-ing two ids would make a third, wrong one,
                            // so the first line stands and the second is counted as rejected.
                            if entries[slot] & Self.fineMask != 0 { rejected += 1; continue }
                            clustered += 1
                        }
                        if entries[slot] == 0 { count += 1 }
                        entries[slot] = key | (entries[slot] & Self.valueMask) | code
                    }
                    waiting = 0
                }
                for (bytes, shift) in [(wordfreq, 0), (ayaspell, 11)] {
                    Self.forEachEntry(bytes) { hash, code in
                        watcherd_prefetch(entries.baseAddress! + Self.home(hash, mask))
                        pending[waiting] = (hash, UInt64(code) << shift & Self.codeMask)
                        waiting += 1
                        if waiting == batch { insert() }
                    }
                }
                Self.forEachCluster(clusters) { hash, fine, mid, coarse in
                    let f = Int(fine)
                    guard f >= 1 && f <= Self.maximumFine && mid > 0 && coarse > 0,
                          midOf[f] == 0 || (midOf[f] == mid && coarseOf[f] == coarse) else {
                        rejected += 1
                        return
                    }
                    midOf[f] = mid
                    coarseOf[f] = coarse
                    watcherd_prefetch(entries.baseAddress! + Self.home(hash, mask))
                    pending[waiting] = (hash, UInt64(fine) << 14)
                    waiting += 1
                    if waiting == batch { insert() }
                }
                Self.forEachName(names) { hash, flags in
                    guard let flags else {
                        namesRejected += 1
                        return
                    }
                    named += 1
                    watcherd_prefetch(entries.baseAddress! + Self.home(hash, mask))
                    pending[waiting] = (hash, UInt64(flags) << Self.nameShift)
                    waiting += 1
                    if waiting == batch { insert() }
                }
                insert()
            }
        }
        self.entries = entries
        self.mask = mask
        self.count = count
        self.midOf = midOf
        self.coarseOf = coarseOf
        self.clustered = clustered
        self.clusterLinesRejected = rejected
        self.named = named
        self.nameLinesRejected = namesRejected
    }

    static func lineCount(_ bytes: UnsafeRawBufferPointer) -> Int { bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1 }

    /// Calls `body` with the ``TokenHash`` and code of each well-formed line (a word, a tab, a decimal code).
    static func forEachEntry(_ bytes: UnsafeRawBufferPointer, _ body: (UInt64, Code) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 256) { word in
            let b = bytes.bindMemory(to: UInt8.self)
            var i = 0
            while i < b.count {
                var length = 0
                while i < b.count && b[i] != 0x09 && b[i] != 0x0A {
                    let (scalar, size) = UTF8Scalar.decode(b, at: i)
                    if length < word.count && scalar < 0x10000 { word[length] = UInt16(scalar); length += 1 }
                    i += size
                }
                var value = 0, digits = 0
                if i < b.count && b[i] == 0x09 {
                    i += 1
                    (value, digits) = readNumber(b, &i, maximumDigits: .max)
                }
                while i < b.count && b[i] != 0x0A { i += 1 }
                i += 1
                if length > 0 && digits > 0 && value <= Int(Code.max) {
                    body(TokenHash.hash(UnsafeBufferPointer(rebasing: word[0..<length]), 0, length), Code(value))
                }
            }
        }
    }

    /// Reads a line's word (up to a tab or the line's end) from `i` into `word` as UTF-16 units; `whole` is false when
    /// it did not fit `word` or had a character outside the BMP, so that its units name another word.
    @inline(__always)
    static func readWord(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, into word: UnsafeMutableBufferPointer<UInt16>)
        -> (length: Int, whole: Bool) {
        var length = 0, whole = true
        while i < b.count && b[i] != 0x09 && b[i] != 0x0A {
            let (scalar, size) = UTF8Scalar.decode(b, at: i)
            if length < word.count && scalar < 0x10000 { word[length] = UInt16(scalar); length += 1 } else { whole = false }
            i += size
        }
        return (length, whole)
    }

    /// Reads the decimal digits at `i` (at most `maximumDigits` of them): their value and how many there were.
    @inline(__always)
    static func readNumber(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, maximumDigits: Int) -> (value: Int, digits: Int) {
        var value = 0, digits = 0
        while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 && digits < maximumDigits {
            value = value * 10 + Int(b[i] - 0x30)
            digits += 1
            i += 1
        }
        return (value, digits)
    }

    /// Moves `i` past the end of the line that began at `lineStart`: `clean` when nothing was left before the
    /// newline (the line held only what its reader took), `blank` when the line was empty.
    @inline(__always)
    static func endLine(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, from lineStart: Int) -> (clean: Bool, blank: Bool) {
        let clean = i >= b.count || b[i] == 0x0A
        while i < b.count && b[i] != 0x0A { i += 1 }
        let blank = i == lineStart
        i += 1
        return (clean, blank)
    }

    /// Calls `body` with the ``TokenHash`` and the three ids of each line `stem TAB fine TAB mid TAB coarse` (ids that
    /// fit 16 bits). Any other line that is not blank (fewer fields, other characters, no word, a word longer than 256
    /// units) is passed with ids 0, so the caller rejects and counts it in ``clusterLinesRejected``.
    static func forEachCluster(_ bytes: UnsafeRawBufferPointer, _ body: (UInt64, UInt16, UInt16, UInt16) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 256) { word in
            let b = bytes.bindMemory(to: UInt8.self)
            var i = 0
            while i < b.count {
                let lineStart = i
                let (length, whole) = readWord(b, &i, into: word)
                var ids = (0, 0, 0), fields = 0
                while fields < 3 && i < b.count && b[i] == 0x09 {
                    i += 1
                    let (value, digits) = readNumber(b, &i, maximumDigits: 6)
                    if digits == 0 || value > Int(UInt16.max) { break }
                    switch fields {
                    case 0: ids.0 = value
                    case 1: ids.1 = value
                    default: ids.2 = value
                    }
                    fields += 1
                }
                let (clean, blank) = endLine(b, &i, from: lineStart)
                if length > 0 && whole {
                    let hash = TokenHash.hash(UnsafeBufferPointer(rebasing: word[0..<length]), 0, length)
                    if fields == 3 && clean {
                        body(hash, UInt16(ids.0), UInt16(ids.1), UInt16(ids.2))
                    } else {
                        body(hash, 0, 0, 0)  // rejected by the caller, and counted
                    }
                } else if !blank {
                    // No word, or one too long to store (or with a character outside the BMP): its hash would name
                    // another word, so the line is rejected and counted, not read.
                    body(0, 0, 0, 0)
                }
            }
        }
    }

    /// Calls `body` with the ``TokenHash`` and the flags of each line `word TAB flags` (flags 1 … ``NameFlags/all``),
    /// and with nil flags for any other line that is not blank (no word, a word too long to store or outside the BMP,
    /// no flags, flags out of range, a field too many), so the caller rejects and counts it.
    static func forEachName(_ bytes: UnsafeRawBufferPointer, _ body: (UInt64, UInt8?) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 256) { word in
            let b = bytes.bindMemory(to: UInt8.self)
            var i = 0
            while i < b.count {
                let lineStart = i
                let (length, whole) = readWord(b, &i, into: word)
                var value = 0, digits = 0
                if i < b.count && b[i] == 0x09 {
                    i += 1
                    (value, digits) = readNumber(b, &i, maximumDigits: 3)
                }
                let (clean, blank) = endLine(b, &i, from: lineStart)
                if blank { continue }
                let hash = length > 0 && whole ? TokenHash.hash(UnsafeBufferPointer(rebasing: word[0..<length]), 0, length) : 0
                let good = length > 0 && whole && clean && digits > 0 && value >= 1 && value <= Int(NameFlags.all)
                body(hash, good ? UInt8(value) : nil)
            }
        }
    }

    /// The number of well-formed lines of a list (a test checks that every line of the embedded lists is one).
    package static func entryCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        var n = 0
        forEachEntry(bytes) { _, _ in n += 1 }
        return n
    }

    /// A fingerprint of the four lists built into the binary, which a model file records: a model trained with
    /// other lists (its features read other codes and clusters) is refused instead of tagging wrongly.
    package static let embeddedFingerprint: UInt32 = {
        // SHA-256 of each list's length and bytes (the lengths keep the lists' boundaries apart), its first 4 bytes.
        var sha = SHA256()
        for list in embeddedLists {
            withUnsafeBytes(of: UInt64(list.count).littleEndian) { sha.update(bufferPointer: $0) }
            sha.update(bufferPointer: list)
        }
        let folded = sha.finalize().withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        return folded == 0 ? 1 : folded
    }()

    /// The four lists built into the binary, in this order: word frequencies, ayaspell, clusters, names.
    package static var embeddedLists: [UnsafeRawBufferPointer] {
        [(watcherd_ner_wordfreq_bytes(), watcherd_ner_wordfreq_size()), (watcherd_ner_ayaspell_bytes(), watcherd_ner_ayaspell_size()),
         (watcherd_ner_clusters_bytes(), watcherd_ner_clusters_size()), (watcherd_ner_names_bytes(), watcherd_ner_names_size())]
            .map { UnsafeRawBufferPointer(start: $0.0, count: Int($0.1)) }
    }

    /// The lists built into the binary, merged once on first use.
    package static let embedded: TaggerLexicon = {
        let lists = embeddedLists
        return TaggerLexicon(wordfreq: lists[0], ayaspell: lists[1], clusters: lists[2], names: lists[3])
    }()
}
