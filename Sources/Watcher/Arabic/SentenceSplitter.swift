/// Splits text into sentences at . ! ? ؟ … ؛ ; and line breaks (Arabic news often ends a paragraph without a stop).
///
/// A full stop between two digits (2.5) is not a boundary; runs of punctuation and closing quotes («…») stay with the
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
            if unit == 0x2E, index > 0, index + 1 < units.count,
               classes[Int(units[index - 1])] == .digit, classes[Int(units[index + 1])] == .digit {
                return false
            }
            return true
        default: return false
        }
    }

    /// The sentences of `text` as Unicode-scalar ranges of the original, trimmed of surrounding spaces.
    public static func sentences(in text: NormalizedText) -> [Range<Int>] {
        var result: [Range<Int>] = []
        ArabicFolding.charClass.withUnsafeBufferPointer { classes in
            text.units.withUnsafeBufferPointer { units in
                var start: Int? = nil
                var last = 0
                var hasWord = false
                var index = 0
                while index < units.count {
                    let cls = classes[Int(units[index])]
                    if endsSentence(units, classes, at: index) {
                        var end = last
                        if cls != .newline {
                            // Trailing punctuation and closing quotes stay with the sentence they end.
                            end = index
                            while end + 1 < units.count, classes[Int(units[end + 1])] != .space,
                                  classes[Int(units[end + 1])] != .newline,
                                  classes[Int(units[end + 1])] != .letter, classes[Int(units[end + 1])] != .digit {
                                end += 1
                            }
                        }
                        // Only stretches with a word count, so sentence numbers agree with ``ArabicTokenizer``.
                        if let s = start, hasWord { result.append(text.scalarRange(of: s..<(end + 1))) }
                        start = nil
                        hasWord = false
                        index = max(index, end) + 1
                        continue
                    }
                    if cls != .space {
                        if start == nil { start = index }
                        if cls == .letter || cls == .digit { hasWord = true }
                        last = index
                    }
                    index += 1
                }
                if let s = start, hasWord { result.append(text.scalarRange(of: s..<(last + 1))) }
            }
        }
        return result
    }
}
