/// One article's text prepared once for every later stage: folded, tokenised, split into sentences, with its entities.
public struct ArticleAnalysis: Sendable {
    public let text: String
    public let normalized: NormalizedText
    public let tokens: [ArabicToken]
    /// Scalar offset where the title ends (the title is the start of `text`); 0 when there is none.
    public let titleEnd: Int
    public var entities: [Entity]
    /// Every token's suffix hashes (see ``TokenHash/suffixHashes(of:in:)``), shared by the later stages.
    package let suffixHashes: [UInt64]
    /// Scalar start of each token, for mapping mention offsets to tokens.
    private let tokenScalarStarts: [Int]

    public init(text: String, title: String?, entities: [Entity] = []) {
        self.init(text: text, normalized: NormalizedText(text), title: title, entities: entities)
    }

    public init(text: String, normalized: NormalizedText, title: String?, entities: [Entity] = []) {
        self.text = text
        self.normalized = normalized
        tokens = ArabicTokenizer.tokenize(normalized)
        suffixHashes = TokenHash.suffixHashes(of: tokens, in: normalized)
        tokenScalarStarts = tokens.map { normalized.scalarRange(of: $0.range).lowerBound }
        if let title, !title.isEmpty, text.hasPrefix(title) {
            titleEnd = title.unicodeScalars.count
        } else {
            titleEnd = 0
        }
        self.entities = entities
    }

    /// The token that contains (or first follows) a scalar offset.
    public func tokenIndex(atScalar offset: Int) -> Int {
        var low = 0, high = tokenScalarStarts.count
        while low < high {
            let mid = (low + high) / 2
            if tokenScalarStarts[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        return max(0, low - 1)
    }

    /// The sentence a scalar offset lies in (by its token).
    public func sentence(atScalar offset: Int) -> Int {
        tokens.isEmpty ? 0 : Int(tokens[tokenIndex(atScalar: offset)].sentence)
    }

    /// The original text of each sentence, by index, as scalar ranges.
    public var sentenceRanges: [Range<Int>] { SentenceSplitter.sentences(in: normalized, tokens: tokens) }
}
