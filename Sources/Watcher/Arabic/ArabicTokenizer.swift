/// Splits a ``NormalizedText`` into word tokens with their offsets, separators and sentence numbers.
public enum ArabicTokenizer {
    public static func tokenize(_ text: NormalizedText) -> [ArabicToken] {
        var tokens: [ArabicToken] = []
        tokens.reserveCapacity(text.units.count / 5 + 8)
        ArabicFolding.charClass.withUnsafeBufferPointer { classes in
            text.units.withUnsafeBufferPointer { units in
                var sentence: Int32 = 0
                var gap = ArabicToken.Gap.sentence
                var sawText = false
                var index = 0
                let n = units.count
                while index < n {
                    let cls = classes[Int(units[index])]
                    if cls == .letter || cls == .digit {
                        let start = index
                        index += 1
                        while index < n {
                            let c = classes[Int(units[index])]
                            if c != .letter && c != .digit { break }
                            index += 1
                        }
                        if gap == .sentence && sawText { sentence += 1 }
                        tokens.append(ArabicToken(start: Int32(start), end: Int32(index), gapBefore: gap, sentence: sentence))
                        sawText = true
                        gap = .space
                        continue
                    }
                    if SentenceSplitter.endsSentence(units, classes, at: index) {
                        gap = .sentence
                    } else if cls == .clause {
                        gap = max(gap, .clause)
                    } else if cls == .quote {
                        gap = max(gap, .quote)
                    } else if cls == .symbol {
                        gap = max(gap, .symbol)
                    }
                    index += 1
                }
            }
        }
        return tokens
    }
}
