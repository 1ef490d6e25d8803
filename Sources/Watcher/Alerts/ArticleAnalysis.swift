/// One article's text prepared once for every later stage: folded, tokenised, split into sentences, with its entities.
public struct ArticleAnalysis: Sendable {
    public let text: String
    public let normalized: NormalizedText
    public let tokens: [ArabicToken]
    /// Scalar offset where the title ends (the title is the start of `text`); 0 when there is none.
    public let titleEnd: Int
    public var entities: [Entity]
    /// Scalar ranges of the standfirst, leads and opening paragraph (rule scope `lead`), ascending.
    public let leadRanges: [Range<Int>]
    /// Scalar ranges of the photo captions (rule scope `caption`), ascending.
    public let captionRanges: [Range<Int>]
    /// Every token's suffix hashes (see ``TokenHash/suffixHashes(of:in:)``), shared by the later stages.
    package let suffixHashes: [UInt64]
    /// Scalar start of each token, for mapping mention offsets to tokens.
    private let tokenScalarStarts: [Int]

    public init(text: String, title: String?, blocks: [Article.BlockSpan] = [], entities: [Entity] = []) {
        self.init(text: text, normalized: NormalizedText(text), title: title, blocks: blocks, entities: entities)
    }

    /// `blocks` are the article's spans in `text` (``Article/blockSpans``); without them only the title is told apart.
    public init(text: String, normalized: NormalizedText, title: String?, blocks: [Article.BlockSpan] = [], entities: [Entity] = []) {
        self.text = text
        self.normalized = normalized
        tokens = ArabicTokenizer.tokenize(normalized)
        suffixHashes = TokenHash.suffixHashes(of: tokens, in: normalized)
        tokenScalarStarts = tokens.map { normalized.scalarRange(of: $0.range).lowerBound }
        if let title, !title.isEmpty, Self.startsWithTitle(text, title) {
            titleEnd = title.unicodeScalars.count
        } else {
            titleEnd = 0
        }
        self.entities = entities
        // The lead is the standfirst and any lead block; the opening paragraph is the news lede and counts too.
        var leads: [Range<Int>] = []
        var captions: [Range<Int>] = []
        var openingSeen = false
        for span in blocks {
            switch span.kind {
            case .subtitle, .lead: leads.append(span.start..<span.end)
            case .paragraph where !openingSeen:
                openingSeen = true
                leads.append(span.start..<span.end)
            case .caption: captions.append(span.start..<span.end)
            default: break
            }
        }
        leadRanges = leads
        captionRanges = captions
    }

    /// `text.hasPrefix(title)`, answered from the bytes when the title's bytes begin the text and a line break (or the
    /// end) follows them, which is how the record's text starts with its title: a grapheme boundary is certain there,
    /// so the character-by-character comparison (0.5% of `watcherd process`) can only agree. Anything else asks it.
    package static func startsWithTitle(_ text: String, _ title: String) -> Bool {
        var text = text
        var title = title
        let fast = text.withUTF8 { t in
            title.withUTF8 { p in
                p.count <= t.count && p.last != 0x0D && (p.count == t.count || t[p.count] == 0x0A)
                    && UnsafeBufferPointer(rebasing: t[..<p.count]).elementsEqual(p)
            }
        }
        return fast || text.hasPrefix(title)
    }

    /// Whether a scalar offset lies in one of `ranges` (ascending).
    static func contains(_ ranges: [Range<Int>], _ offset: Int) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound <= offset { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].contains(offset)
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

    /// The first token of the text `start..<end` (scalar offsets): the first that starts inside it, else the one
    /// `start` lies in or follows. A span that opens with a symbol («#وسم») begins with its first word, not with the
    /// word before it (which may end the previous sentence).
    public func firstTokenIndex(ofScalars start: Int, _ end: Int) -> Int {
        let index = tokenIndex(atScalar: start)
        if index < tokenScalarStarts.count, tokenScalarStarts[index] < start,
           index + 1 < tokenScalarStarts.count, tokenScalarStarts[index + 1] < end {
            return index + 1
        }
        return index
    }

    /// The sentence a scalar offset lies in (by its token).
    public func sentence(atScalar offset: Int) -> Int {
        tokens.isEmpty ? 0 : Int(tokens[tokenIndex(atScalar: offset)].sentence)
    }

    /// The original text of each sentence, by index, as scalar ranges.
    public var sentenceRanges: [Range<Int>] { SentenceSplitter.sentences(in: normalized, tokens: tokens) }
}
