/// Splits text into ``Token``s in one pass over its Unicode scalars: letter runs (with their diacritics), digit
/// runs in any digit set (so «في5» is the word في and the number 5), and single symbols. Whitespace separates.
/// Scalars are decoded from the text's UTF-8 here rather than through `unicodeScalars`: every body is tokenised.
package enum Tokenizer {
    /// `limit` stops the scan once that many tokens are complete, for callers that only read a text's opening.
    package static func tokens(_ text: String, limit: Int = .max) -> [Token] {
        var state = State()
        var text = text
        var stoppedEarly = false
        ScalarKind.table.withUnsafeBufferPointer { kinds in
            text.withUTF8 { utf8 in
                state.tokens.reserveCapacity(min(utf8.count / 8, limit))
                var i = 0
                let n = utf8.count
                // The scalar that ended a run of letters, handled next.
                var pending: (scalar: Unicode.Scalar, length: Int, kind: ScalarKind)? = nil
                while i < n {
                    // A token is appended only once it has ended, so the first `limit` are already final.
                    if state.tokens.count >= limit {
                        stoppedEarly = true
                        return
                    }
                    let (scalar, length, kind) = pending ?? ScalarKind.next(in: utf8, at: i, kinds: kinds)
                    pending = nil
                    // Spaces and word starts, the two commonest scalars after letters, are handled here rather than
                    // through `consume`'s switch, whose indirect jump was a tenth of the time.
                    if kind == .space {
                        state.space(utf8)
                        state.offset += 1
                        i += length
                        state.byteOffset = i
                        continue
                    }
                    if kind == .letter && !state.inWord {
                        if state.digits > 0 { state.flushNumber() }
                        state.startWord(at: i, contiguous: true)
                    }
                    if kind == .letter && state.contiguous {
                        // The common case: the rest of a word that needs no folding, consumed in a tight loop with
                        // one exit per word; its key is copied from the text when the word ends.
                        var end = i + length
                        var scalars = 1
                        while end < n {
                            let next = ScalarKind.next(in: utf8, at: end, kinds: kinds)
                            guard next.kind == .letter else {
                                pending = next
                                break
                            }
                            end += next.length
                            scalars += 1
                        }
                        state.wordBytes = state.wordBytes.lowerBound..<end
                        state.offset += scalars
                        i = end
                        state.byteOffset = i
                        continue
                    }
                    state.consume(scalar, kind: kind, text: utf8, bytes: i..<(i + length))
                    state.offset += 1
                    i += length
                    state.byteOffset = i
                }
                state.flushWord(utf8)
            }
        }
        if !stoppedEarly { state.flushNumber() }
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
        /// The UTF-8 offset of the next scalar (where a token that ends now ends), and where the number began.
        var byteOffset = 0
        var numberByteStart = 0

        /// While a word's letters need no folding, its key is the bytes `wordBytes` of the text, copied once when the
        /// word ends; the first letter that folds or mark that drops switches it to byte-by-byte `word`.
        var wordBytes = 0..<0
        var contiguous = false

        @inline(__always)
        mutating func consume(_ scalar: Unicode.Scalar, kind: ScalarKind, text: UnsafeBufferPointer<UInt8>, bytes: Range<Int>) {
            switch kind {
            case .digit:
                flushWord(text)
                let value = MatchKey.digitValue(scalar).unsafelyUnwrapped
                if digits == 0 { numberStart = offset; numberByteStart = bytes.lowerBound }
                if digits < 12 { number = number * 10 + value }
                digits += 1
                numberText.append(UInt8(0x30 + value))
                return
            case .letter, .foldedLetter, .mark:
                if digits > 0 { flushNumber() }
                if kind == .mark && !inWord { return }  // a stray mark outside a word is skipped
                if !inWord { startWord(at: bytes.lowerBound, contiguous: kind == .letter) }
                if kind == .letter && contiguous {
                    wordBytes = wordBytes.lowerBound..<bytes.upperBound
                    return
                }
                if contiguous {
                    word = TableKey(copying: UnsafeBufferPointer(rebasing: text[wordBytes]))
                    contiguous = false
                }
                if kind == .letter {
                    for index in bytes { word.append(text[index]) }
                } else if let folded = MatchKey.fold(scalar) {
                    word.append(scalar: folded)
                }
                return
            case .space:
                space(text)  // the scan's loop takes spaces itself; kept so that `consume` handles every kind
            case .invisible:
                if digits > 0 { flushNumber() }
                if inWord { flushWord(text) }
            case .symbol:
                if digits > 0 { flushNumber() }
                if inWord { flushWord(text) }
                tokens.append(Token(kind: .symbol(scalar), key: TableKey(copying: UnsafeBufferPointer(rebasing: text[bytes])),
                                    start: offset, end: offset + 1, utf8Start: bytes.lowerBound, utf8End: bytes.upperBound, spaced: spaced))
                spaced = false
            }
        }

        /// Whitespace ends the word or number before it and marks the next token as spaced.
        @inline(__always)
        mutating func space(_ text: UnsafeBufferPointer<UInt8>) {
            if digits > 0 { flushNumber() }
            if inWord { flushWord(text) }
            spaced = true
        }

        /// A word begins with the scalar at byte `start`; `contiguous` while its key is the text's own bytes.
        @inline(__always)
        mutating func startWord(at start: Int, contiguous: Bool) {
            wordStart = offset
            inWord = true
            self.contiguous = contiguous
            wordBytes = start..<start
        }

        mutating func flushWord(_ text: UnsafeBufferPointer<UInt8>) {
            guard inWord else { return }
            // The key goes straight from the text into the token: stored into `word` and read back whole, it
            // stalled on store forwarding, a third of this function's time.
            let key = contiguous ? TableKey(copying: UnsafeBufferPointer(rebasing: text[wordBytes])) : word
            if !key.isEmpty {
                tokens.append(Token(kind: .word, key: key, start: wordStart, end: offset,
                                    utf8Start: wordBytes.lowerBound, utf8End: byteOffset, spaced: spaced))
                spaced = false
            }
            if !contiguous { word = TableKey() }  // a contiguous word never wrote `word`, which is still empty
            inWord = false
            contiguous = false
        }

        mutating func flushNumber() {
            guard digits > 0 else { return }
            tokens.append(Token(kind: .number(value: number, digits: digits), key: numberText,
                                start: numberStart, end: offset, utf8Start: numberByteStart, utf8End: byteOffset, spaced: spaced))
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
