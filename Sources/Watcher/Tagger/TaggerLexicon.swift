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

    /// Open addressing keyed by the word's ``TokenHash`` alone (0 marks an empty slot): with a quarter million words
    /// and 64-bit hashes, two words sharing a hash is about a one-in-a-billion event, and no word's units are stored,
    /// so building the table allocates nothing per word.
    private let keys: [UInt64]
    private let codes: [Code]
    private let mask: Int
    package let count: Int

    /// The code of the word whose ``TokenHash`` is `hash`; 0 for a word neither list has.
    @inline(__always)
    package func code(hash: UInt64) -> Code {
        let key = hash | 1
        var slot = Int(truncatingIfNeeded: key >> 20) & mask
        while true {
            let k = keys[slot]
            if k == key { return codes[slot] }
            if k == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }

    /// The code of a word, folded first (tests and tools).
    package func code(_ word: String) -> Code {
        let units = FoldedWordTable<Code>.units(word)
        return units.withUnsafeBufferPointer { code(hash: TokenHash.hash($0, 0, $0.count)) }
    }

    /// Two lists of `folded word TAB decimal code` lines: the frequency list's codes as they are, the ayaspell list's
    /// sections shifted to bits 11–13 and merged into the code of the same word.
    package init(wordfreq: UnsafeRawBufferPointer, ayaspell: UnsafeRawBufferPointer) {
        let lines = Self.lineCount(wordfreq) + Self.lineCount(ayaspell)
        var size = 1024
        while size * 3 < lines * 4 { size <<= 1 }  // at most three quarters full
        var keys = [UInt64](repeating: 0, count: size)
        var codes = [Code](repeating: 0, count: size)
        var count = 0
        let mask = size - 1
        keys.withUnsafeMutableBufferPointer { keys in
            codes.withUnsafeMutableBufferPointer { codes in
                for (bytes, shift) in [(wordfreq, 0), (ayaspell, 11)] {
                    Self.forEachEntry(bytes) { hash, code in
                        let key = hash | 1
                        var slot = Int(truncatingIfNeeded: key >> 20) & mask
                        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
                        if keys[slot] == 0 { count += 1 }
                        keys[slot] = key
                        codes[slot] |= code << shift
                    }
                }
            }
        }
        self.keys = keys
        self.codes = codes
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
