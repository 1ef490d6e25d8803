/// The per-scalar tables behind matching normalisation: what each BMP scalar folds to, and what class it belongs to.
///
/// Built once into two flat 64K tables so the hot loop is a single indexed load per scalar, never a `Character`
/// comparison or a regex.
package enum ArabicFolding {
    /// Folded value meaning "drop this scalar for matching" (marks, tatweel, bidi controls, standalone hamza).
    package static let dropped: UInt16 = 0

    /// Unit that stands in for any scalar outside the BMP (emoji and the like): a symbol that separates tokens.
    package static let outsideBMP: UInt16 = 0xFFFD

    /// What a folded unit is, for the tokeniser and the sentence splitter.
    package enum CharClass: UInt8, Sendable {
        case space = 0
        case letter = 1
        case digit = 2
        /// Ends a sentence: . ! ? ؟ … ؛ and line breaks.
        case sentenceEnd = 3
        /// Separates clauses without ending a sentence: ، , : and quotes.
        case clause = 4
        /// Any other symbol; separates tokens.
        case symbol = 5
        case newline = 6
        /// A straight quote (typographic quotes fold to these): a name may be quoted inside a phrase.
        case quote = 7
    }

    /// `fold[scalar]` for every BMP scalar.
    ///
    /// Standalone hamza (ء U+0621) is dropped, so «أنباء» and «انبا» fold alike; hamza on a carrier folds to the
    /// carrier (أ إ آ ٱ → ا, ؤ → و, ئ → ي).
    package static let fold: [UInt16] = {
        var table = [UInt16](repeating: 0, count: 0x10000)
        for scalar in 0..<0x10000 { table[scalar] = UInt16(scalar) }
        func map(_ from: Int, _ to: UInt16) { table[from] = to }
        func drop(_ range: ClosedRange<Int>) { for s in range { table[s] = dropped } }
        // Alef forms, alef maqsura, ta marbuta, hamza carriers, Persian kaf/yeh.
        for alef in [0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673] { map(alef, 0x0627) }
        map(0x0649, 0x064A)
        map(0x06CC, 0x064A)
        map(0x06D0, 0x064A)
        map(0x0629, 0x0647)
        map(0x06C0, 0x0647)
        map(0x0624, 0x0648)
        map(0x0626, 0x064A)
        map(0x06A9, 0x0643)
        map(0x06AA, 0x0643)
        drop(0x0621...0x0621)
        // Tatweel, harakat, shadda, sukun, superscript alef, other combining marks.
        drop(0x0640...0x0640)
        drop(0x064B...0x065F)
        drop(0x0670...0x0670)
        drop(0x0610...0x061A)
        drop(0x06D6...0x06DC)
        drop(0x06DF...0x06E8)
        drop(0x06EA...0x06ED)
        // Bidi controls, zero-width joiners and spaces, byte-order mark, Arabic letter mark.
        drop(0x200B...0x200F)
        drop(0x202A...0x202E)
        drop(0x2060...0x2064)
        drop(0x2066...0x2069)
        drop(0x061C...0x061C)
        drop(0xFEFF...0xFEFF)
        drop(0x00AD...0x00AD)
        // Arabic-Indic and Persian digits.
        for d in 0..<10 {
            map(0x0660 + d, UInt16(0x30 + d))
            map(0x06F0 + d, UInt16(0x30 + d))
        }
        // Latin and Latin-1 capitals to lower case.
        for c in 0x41...0x5A { map(c, UInt16(c + 0x20)) }
        for c in 0xC0...0xDE where c != 0xD7 { map(c, UInt16(c + 0x20)) }
        // Typographic quotes and dashes to their ASCII forms; « » ‹ › become ".
        for q in [0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2039, 0x203A, 0x2033, 0x301D, 0x301E] { map(q, 0x22) }
        for q in [0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x0060, 0x00B4] { map(q, 0x27) }
        for d in 0x2010...0x2015 { map(d, 0x2D) }
        map(0x2212, 0x2D)
        map(0xFE58, 0x2D)
        map(0xFE63, 0x2D)
        map(0xFF0D, 0x2D)
        // Other spaces to a plain space; Urdu full stop to a full stop.
        for s in [0x00A0, 0x1680, 0x202F, 0x205F, 0x3000] { map(s, 0x20) }
        for s in 0x2000...0x200A { map(s, 0x20) }
        map(0x06D4, 0x2E)
        return table
    }()

    /// `charClass[unit]` for every folded unit.
    package static let charClass: [CharClass] = {
        var table = [CharClass](repeating: .symbol, count: 0x10000)
        func set(_ range: ClosedRange<Int>, _ c: CharClass) { for s in range { table[s] = c } }
        set(0x30...0x39, .digit)
        set(0x61...0x7A, .letter)
        set(0x41...0x5A, .letter)
        set(0xC0...0x24F, .letter)
        table[0xD7] = .symbol
        table[0xF7] = .symbol
        set(0x0370...0x052F, .letter)  // Greek, Cyrillic
        set(0x0620...0x064A, .letter)
        set(0x066E...0x066F, .letter)
        set(0x0671...0x06D3, .letter)
        set(0x06D5...0x06D5, .letter)
        set(0x06EE...0x06FF, .letter)
        set(0x0750...0x077F, .letter)
        set(0x08A0...0x08FF, .letter)
        set(0xFB50...0xFDFF, .letter)  // presentation forms: kept as letters, not decomposed
        set(0xFE70...0xFEFC, .letter)
        for s in [0x20, 0x09, 0x0B, 0x0C] { table[s] = .space }
        for s in [0x0A, 0x0D, 0x2028, 0x2029, 0x85] { table[s] = .newline }
        for s in [0x2E, 0x21, 0x3F, 0x061F, 0x061B, 0x3B, 0x2026, 0x203C, 0x2047, 0x2048, 0x2049] { table[s] = .sentenceEnd }
        for s in [0x060C, 0x2C, 0x3A, 0x28, 0x29, 0x5B, 0x5D, 0x2D, 0x2F] { table[s] = .clause }
        table[0x22] = .quote
        table[0x27] = .quote
        return table
    }()
}
