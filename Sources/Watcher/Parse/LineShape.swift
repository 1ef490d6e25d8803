/// Cheap facts about one line of text that the block heuristics are built on, computed in one scalar pass.
package struct LineShape: Sendable {
    package var words = 0
    package var letters = 0
    package var arabicLetters = 0
    package var latinLetters = 0
    /// Ends with a sentence-closing mark (. ! ? ؟ … : or a closing quote), so it is prose, not a heading.
    package var terminated = false

    package init(_ text: some StringProtocol) {
        var inWord = false
        var last: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                inWord = false
                continue
            }
            if MatchKey.isInvisible(scalar) { continue }
            if !inWord { words += 1; inWord = true }
            last = scalar
            if MatchKey.isLetter(scalar) {
                letters += 1
                if (0x0600...0x06FF).contains(scalar.value) || (0xFB50...0xFEFF).contains(scalar.value) { arabicLetters += 1 }
                else if scalar.value < 0x0250 { latinLetters += 1 }
            }
        }
        if let last {
            switch last {
            case ".", "!", "?", "؟", "…", ":", "؛", "»", "”", "\"", "’": terminated = true
            default: terminated = false
            }
        }
    }
}
