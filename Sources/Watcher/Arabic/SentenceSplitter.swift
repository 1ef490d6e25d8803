/// Splits text into sentences at . ! ? ؟ … ؛ ; and line breaks (Arabic news often ends a paragraph without a stop).
///
/// A full stop between two digits (2.5), or after a word of one letter (an abbreviation: «د.», «أ.ف.ب», «U.S.»; not
/// an era after a year, «2003 م.»), is not a boundary; runs of punctuation and closing quotes («…») stay with the
/// sentence they end. The comma (، ,) and colon separate clauses, not sentences.
public enum SentenceSplitter {
    /// Whether the folded unit at `index` ends a sentence.
    @inline(__always)
    static func endsSentence(_ units: UnsafeBufferPointer<UInt16>, _ classes: UnsafeBufferPointer<ArabicFolding.CharClass>,
                             at index: Int) -> Bool {
        let unit = units[index]
        switch classes[Int(unit)] {
        case .newline: return true
        case .sentenceEnd:
            guard unit == 0x2E, index > 0 else { return true }
            let before = classes[Int(units[index - 1])]
            if before == .digit, index + 1 < units.count, classes[Int(units[index + 1])] == .digit { return false }
            // A stop right after a word of one letter abbreviates it: a title («د. علي», «م.»), an initial, an
            // agency («أ.ف.ب»). Sentences do not end on such a word, except a year's era after its number
            // («عام 2003 م.», «1445 هـ.»), which often ends one.
            if before == .letter, index == 1 || (classes[Int(units[index - 2])] != .letter && classes[Int(units[index - 2])] != .digit) {
                var previous = index - 2
                while previous >= 0, classes[Int(units[previous])] == .space { previous -= 1 }
                return previous >= 0 && classes[Int(units[previous])] == .digit
            }
            return true
        default: return false
        }
    }

    /// The sentences of `text` as Unicode-scalar ranges of the original, trimmed of surrounding spaces.
    public static func sentences(in text: NormalizedText) -> [Range<Int>] {
        sentences(in: text, tokens: ArabicTokenizer.tokenize(text))
    }

    /// The same, given the text's tokens. Every letter and digit is inside a token and no boundary is, so only the
    /// gaps between tokens are read unit by unit; a token just extends the sentence it is in.
    public static func sentences(in text: NormalizedText, tokens: [ArabicToken]) -> [Range<Int>] {
        // `result` is declared inside the closures: an outside variable they write is checked for exclusive access
        // at run time on every write.
        ArabicFolding.charClass.withUnsafeBufferPointer { classes in
            text.units.withUnsafeBufferPointer { units in
                var result: [Range<Int>] = []
                var start: Int? = nil
                var last = 0
                var hasWord = false
                var index = 0
                /// Reads the units of a gap, `index..<end`, where sentences may end.
                func gap(to end: Int) {
                    while index < end {
                        let cls = classes[Int(units[index])]
                        if endsSentence(units, classes, at: index) {
                            var stop = last
                            if cls != .newline {
                                // Trailing punctuation and closing quotes stay with the sentence they end.
                                stop = index
                                while stop + 1 < units.count, classes[Int(units[stop + 1])] != .space,
                                      classes[Int(units[stop + 1])] != .newline,
                                      classes[Int(units[stop + 1])] != .letter, classes[Int(units[stop + 1])] != .digit {
                                    stop += 1
                                }
                            }
                            // Only stretches with a word count, so sentence numbers agree with ``ArabicTokenizer``.
                            if let s = start, hasWord { result.append(text.scalarRange(of: s..<(stop + 1))) }
                            start = nil
                            hasWord = false
                            index = max(index, stop) + 1
                            continue
                        }
                        if cls != .space {
                            if start == nil { start = index }
                            last = index
                        }
                        index += 1
                    }
                }
                for token in tokens {
                    gap(to: Int(token.start))
                    if start == nil { start = Int(token.start) }
                    hasWord = true
                    last = Int(token.end) - 1
                    index = Int(token.end)
                }
                gap(to: units.count)
                if let s = start, hasWord { result.append(text.scalarRange(of: s..<(last + 1))) }
                return result
            }
        }
    }
}
