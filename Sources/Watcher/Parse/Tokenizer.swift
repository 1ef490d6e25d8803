/// Splits text into ``Token``s in one pass over its Unicode scalars: letter runs (with their diacritics), digit
/// runs in any digit set (so «في5» is the word في and the number 5), and single symbols. Whitespace separates.
package enum Tokenizer {
    package static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var offset = 0
        var spaced = false
        var word = String.UnicodeScalarView()
        var wordStart = 0
        var number = 0, digits = 0, numberStart = 0
        var numberText = String.UnicodeScalarView()

        func flushWord() {
            guard !word.isEmpty else { return }
            tokens.append(Token(kind: .word, key: MatchKey.of(String(word)), start: wordStart, end: offset, spaced: spaced))
            word = String.UnicodeScalarView()
            spaced = false
        }
        func flushNumber() {
            guard digits > 0 else { return }
            tokens.append(Token(kind: .number(value: number, digits: digits), key: String(numberText), start: numberStart,
                                end: offset, spaced: spaced))
            number = 0; digits = 0
            numberText = String.UnicodeScalarView()
            spaced = false
        }

        for scalar in text.unicodeScalars {
            defer { offset += 1 }
            if let value = MatchKey.digitValue(scalar) {
                flushWord()
                if digits == 0 { numberStart = offset }
                if digits < 12 { number = number * 10 + value }
                digits += 1
                numberText.append(Unicode.Scalar(UInt8(0x30 + value)))
                continue
            }
            flushNumber()
            if MatchKey.isLetter(scalar) || (!word.isEmpty && isMark(scalar)) {
                if word.isEmpty { wordStart = offset }
                word.append(scalar)
                continue
            }
            flushWord()
            if scalar.properties.isWhitespace {
                spaced = true
                continue
            }
            if MatchKey.isInvisible(scalar) || isMark(scalar) { continue }
            tokens.append(Token(kind: .symbol(scalar), key: String(scalar), start: offset, end: offset + 1, spaced: spaced))
            spaced = false
        }
        flushWord()
        flushNumber()
        return tokens
    }

    /// Arabic diacritics, tatweel and zero-width joiners, which belong to the word they sit in.
    @inline(__always)
    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0640, 0x064B...0x065F, 0x0670, 0x200C, 0x200D: return true
        default: return false
        }
    }

    /// The keys of a table phrase's tokens, as text is matched against them.
    package static func keys(_ phrase: String) -> [String] {
        tokens(phrase).map(\.key)
    }
}
