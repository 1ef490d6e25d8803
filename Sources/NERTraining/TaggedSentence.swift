import Watcher

/// A CoNLL sentence as the daemon would see it: its tokens joined into text, folded and tokenised by the entity layer,
/// with the gold tags carried over to the daemon's tokens.
///
/// ANERcorp sometimes splits a proclitic off (`و الحكومة`); the daemon never does, so a lone و ف ب ك ل tagged O is
/// written against the next word, as in running text. Punctuation tokens become no token at all; a corpus token
/// that the tokenizer splits (`2.5`, `U.S.`) passes its tag on as B- then I-.
public struct TaggedSentence {
    public let text: String
    package let input: TaggerInput
    /// Gold tag of each daemon token.
    public let gold: [NameLabel]
    /// For each daemon token, the corpus token it came from.
    public let source: [Int]
    /// Each daemon token's text as written (for the error table).
    public var words: [String] { input.tokens.map { input.text.original($0.range) } }

    static let proclitics: Set<String> = ["و", "ف", "ب", "ك", "ل"]

    package init(_ sentence: CoNLLCorpus.Sentence, recognizer: EntityRecognizer) {
        var text = ""
        var scalarStarts: [Int] = []
        var scalars = 0
        for (i, token) in sentence.tokens.enumerated() {
            let glue = i > 0 && Self.proclitics.contains(sentence.tokens[i - 1]) && sentence.labels[i - 1] == .outside
            if i > 0 && !glue {
                text += " "
                scalars += 1
            }
            scalarStarts.append(scalars)
            text += token
            scalars += token.unicodeScalars.count
        }
        let normalized = NormalizedText(text)
        let tokens = ArabicTokenizer.tokenize(normalized)
        // The corpus token holding each daemon token: the last one starting at or before its first scalar.
        var gold: [NameLabel] = []
        var source: [Int] = []
        var corpusToken = 0
        var previousSource = -1
        for token in tokens {
            let start = normalized.scalarRange(of: token.range).lowerBound
            while corpusToken + 1 < scalarStarts.count, scalarStarts[corpusToken + 1] <= start { corpusToken += 1 }
            // A glued proclitic belongs to the word after it.
            var owner = corpusToken
            if Self.proclitics.contains(sentence.tokens[owner]), owner + 1 < sentence.tokens.count,
               scalarStarts[owner + 1] == start + 1 {
                owner += 1
            }
            var label = sentence.labels[owner]
            if owner == previousSource, let type = label.type { label = .inside(type) }
            gold.append(label)
            source.append(owner)
            previousSource = owner
        }
        self.text = text
        self.input = recognizer.taggerInput(normalized, tokens: tokens)
        self.gold = gold
        self.source = source
    }
}
