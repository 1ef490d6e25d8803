/// Cheap facts about one line of text that the block heuristics are built on, gathered scalar by scalar.
package struct LineShape: Sendable {
    package var words = 0
    package var letters = 0
    package var arabicLetters = 0
    package var latinLetters = 0
    /// Ends with a sentence-closing mark (. ! ? ؟ … : or a closing quote), so it is prose, not a heading.
    package var terminated = false
    private var inWord = false

    package init() {}

    package init(_ text: some StringProtocol) {
        for scalar in text.unicodeScalars { add(scalar) }
    }

    /// Takes the next scalar of the line into account.
    @inline(__always)
    package mutating func add(_ scalar: Unicode.Scalar) {
        if MatchKey.isSpace(scalar) {
            addSpace()
            return
        }
        if MatchKey.isInvisible(scalar) { return }
        addVisible(scalar, isLetter: MatchKey.isLetter(scalar))
    }

    /// Takes a whitespace scalar into account.
    @inline(__always)
    package mutating func addSpace() { inWord = false }

    /// Takes a run of letters (no space or other scalar between them) into account at once, already counted by
    /// script as ``addVisible(_:isLetter:)`` counts them.
    @inline(__always)
    package mutating func addLetters(_ count: Int, arabic: Int, latin: Int) {
        if !inWord {
            words += 1
            inWord = true
        }
        letters += count
        arabicLetters += arabic
        latinLetters += latin
        terminated = false
    }

    /// Takes a visible scalar into account, its letterhood already known (from ``ScalarKind``).
    @inline(__always)
    package mutating func addVisible(_ scalar: Unicode.Scalar, isLetter: Bool) {
        if !inWord {
            words += 1
            inWord = true
        }
        if isLetter {
            letters += 1
            if (0x0600...0x06FF).contains(scalar.value) || (0xFB50...0xFEFF).contains(scalar.value) {
                arabicLetters += 1
            } else if scalar.value < 0x0250 {
                latinLetters += 1
            }
            terminated = false
            return
        }
        switch scalar {
        case ".", "!", "?", "؟", "…", ":", "؛", "»", "”", "\"", "’": terminated = true
        default: terminated = false
        }
    }
}
