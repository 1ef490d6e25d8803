/// Splits text into ``Token``s in one pass over its Unicode scalars: letter runs (with their diacritics), digit
/// runs in any digit set (so «في5» is the word في and the number 5), and single symbols. Whitespace separates.
package enum Tokenizer {
    package static func tokens(_ text: String) -> [Token] {
        var state = State()
        state.tokens.reserveCapacity(text.utf8.count / 6)
        for scalar in text.unicodeScalars {
            state.consume(scalar)
            state.offset += 1
        }
        state.flushWord()
        state.flushNumber()
        return state.tokens
    }

    /// The keys of a table phrase's tokens, as text is matched against them.
    package static func keys(_ phrase: String) -> [TableKey] {
        tokens(phrase).map(\.key)
    }

    /// The scan's state, as a struct with mutating methods so the hot loop needs no closures over locals.
    private struct State {
        var tokens: [Token] = []
        var offset = 0
        var spaced = false
        var word = TableKey()
        var inWord = false
        var wordStart = 0
        var number = 0
        var digits = 0
        var numberStart = 0
        var numberText = TableKey()

        @inline(__always)
        mutating func consume(_ scalar: Unicode.Scalar) {
            if let value = MatchKey.digitValue(scalar) {
                flushWord()
                if digits == 0 { numberStart = offset }
                if digits < 12 { number = number * 10 + value }
                digits += 1
                numberText.append(UInt8(0x30 + value))
                return
            }
            if digits > 0 { flushNumber() }
            if MatchKey.isLetter(scalar) || (inWord && Tokenizer.isMark(scalar)) {
                if !inWord {
                    wordStart = offset
                    inWord = true
                }
                if let folded = MatchKey.fold(scalar) {
                    if folded.value < 0x80 {
                        word.append(UInt8(folded.value))
                    } else {
                        UTF8.encode(folded) { word.append($0) }
                    }
                }
                return
            }
            if inWord { flushWord() }
            if MatchKey.isSpace(scalar) {
                spaced = true
                return
            }
            if MatchKey.isInvisible(scalar) || Tokenizer.isMark(scalar) { return }
            var symbol = TableKey()
            UTF8.encode(scalar) { symbol.append($0) }
            tokens.append(Token(kind: .symbol(scalar), key: symbol, start: offset, end: offset + 1, spaced: spaced))
            spaced = false
        }

        mutating func flushWord() {
            guard inWord else { return }
            if !word.isEmpty {
                tokens.append(Token(kind: .word, key: word, start: wordStart, end: offset, spaced: spaced))
                spaced = false
            }
            word = TableKey()
            inWord = false
        }

        mutating func flushNumber() {
            guard digits > 0 else { return }
            tokens.append(Token(kind: .number(value: number, digits: digits), key: numberText,
                                start: numberStart, end: offset, spaced: spaced))
            number = 0
            digits = 0
            numberText = TableKey()
            spaced = false
        }
    }

    /// Arabic diacritics, tatweel and zero-width joiners, which belong to the word they sit in.
    @inline(__always)
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0640, 0x064B...0x065F, 0x0670, 0x200C, 0x200D: return true
        default: return false
        }
    }
}
