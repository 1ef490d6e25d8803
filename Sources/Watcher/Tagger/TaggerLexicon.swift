import CNERModel

/// What general Arabic word lists say about a folded word, for the tagger's lexicon features: a name is mostly a word
/// that a dictionary lacks, rare, never seen with a possessive suffix or a verb's prefix.
///
/// Two embedded lists (`data/ner/wordfreq-ar.tsv`, `data/ner/ayaspell-ar.tsv`, made by `scripts/ner-lexicon.py`)
/// merged into one table; a word's ``Code`` packs
/// - bits 0–3: its frequency class in the wordfreq list, 1 (most frequent) … 15, 0 when not listed;
/// - bits 4–10: which affixed forms of it that list has (``Profile``);
/// - bits 11–13: the hunspell-ar (ayaspell) sections it is listed in: nouns, verbs, stop or tool words.
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

    /// Open addressing keyed by the word's ``TokenHash`` alone: one 64-bit entry per slot, the hash's top 48 bits
    /// (bit 16 set, so that no entry is 0, the empty slot) over the word's 16-bit code, so a lookup reads one cache
    /// line of a 4 MB table (a word-cache miss of the tagger pays for two of them). With a quarter million words, two
    /// sharing a key (47 free bits) is about a one-in-five-thousand event (none do in the embedded lists: ``count`` is
    /// their number of distinct words), and no word's units are stored, so building the table allocates nothing per
    /// word.
    private let entries: [UInt64]
    private let mask: Int
    package let count: Int

    /// An entry's key part: the hash without its low 16 bits, which hold the code.
    @inline(__always)
    static func key(_ hash: UInt64) -> UInt64 { (hash | 0x1_0000) & ~0xFFFF }

    /// The slot a word's lookup starts at: the hash's low bits. (Bits 20–38, as before, are poorly mixed by FNV's
    /// multiply: on the embedded lists an insert probed 375 slots on average and the longest run was 29,584, so
    /// a word not listed, most lookups, walked a long run to its empty slot. The low bits give 1.2 probes.)
    @inline(__always)
    static func home(_ hash: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: hash) & mask }

    /// The code of the word whose ``TokenHash`` is `hash`; 0 for a word neither list has.
    @inline(__always)
    package func code(hash: UInt64) -> Code {
        let key = Self.key(hash)
        var slot = Self.home(hash, mask)
        return entries.withUnsafeBufferPointer { entries in
            while true {
                let e = entries[slot]
                if e & ~0xFFFF == key { return Code(truncatingIfNeeded: e) }
                if e == 0 { return 0 }
                slot = (slot + 1) & mask
            }
        }
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
    /// sections shifted to bits 11–13 and merged into the code of the same word.
    ///
    /// Words are inserted in list order, but hashed a batch ahead and their slots prefetched: a slot of the 4 MB table
    /// is a cache miss, and waiting for each in turn was most of the start-up cost of the tagger.
    package init(wordfreq: UnsafeRawBufferPointer, ayaspell: UnsafeRawBufferPointer) {
        let lines = Self.lineCount(wordfreq) + Self.lineCount(ayaspell)
        var size = 1024
        while size * 3 < lines * 4 { size <<= 1 }  // at most three quarters full
        var entries = [UInt64](repeating: 0, count: size)
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
                        while entries[slot] != 0 && entries[slot] & ~0xFFFF != key { slot = (slot + 1) & mask }
                        if entries[slot] == 0 { count += 1 }
                        entries[slot] = key | (entries[slot] & 0xFFFF) | code
                    }
                    waiting = 0
                }
                for (bytes, shift) in [(wordfreq, 0), (ayaspell, 11)] {
                    Self.forEachEntry(bytes) { hash, code in
                        watcherd_prefetch(entries.baseAddress! + Self.home(hash, mask))
                        pending[waiting] = (hash, UInt64(code) << shift & 0xFFFF)
                        waiting += 1
                        if waiting == batch { insert() }
                    }
                }
                insert()
            }
        }
        self.entries = entries
        self.mask = mask
        self.count = count
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
                    while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 {
                        value = value * 10 + Int(b[i] - 0x30)
                        digits += 1
                        i += 1
                    }
                }
                while i < b.count && b[i] != 0x0A { i += 1 }
                i += 1
                if length > 0 && digits > 0 && value <= Int(Code.max) {
                    body(TokenHash.hash(UnsafeBufferPointer(rebasing: word[0..<length]), 0, length), Code(value))
                }
            }
        }
    }

    /// The number of well-formed lines of a list (a test checks that every line of the embedded lists is one).
    package static func entryCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        var n = 0
        forEachEntry(bytes) { _, _ in n += 1 }
        return n
    }

    /// The lists built into the binary, merged once on first use.
    package static let embedded = TaggerLexicon(
        wordfreq: UnsafeRawBufferPointer(start: watcherd_ner_wordfreq_bytes(), count: Int(watcherd_ner_wordfreq_size())),
        ayaspell: UnsafeRawBufferPointer(start: watcherd_ner_ayaspell_bytes(), count: Int(watcherd_ner_ayaspell_size())))
}
