/// What a news analyst would recognise in a dropped file: headline, outlet, dates and the cleaned body.
public struct Article: Sendable, Equatable {
    public var title: String?
    /// The standfirst printed under the headline.
    public var subtitle: String?
    /// The outlet as written («العربية»).
    public var source: String?
    /// The outlet's English name when it is in the outlet table («Al Arabiya»).
    public var sourceEnglish: String?
    public var url: String?
    public var author: String?
    public var published: CalendarDate?
    public var updated: CalendarDate?
    /// The place the story was filed from («واشنطن»).
    public var dateline: String?
    /// ISO 639-1 code of the body's language, nil when it cannot be told.
    public var language: String?
    /// Everything the writer wrote under the title and standfirst, in reading order: leads, subheadings,
    /// paragraphs, captions and quotes. All of it is part of ``text``.
    public var body: [Block] = []
    /// How many lines or blocks of site chrome (menus, share buttons, comment forms, teasers, repeated pull
    /// quotes) were dropped.
    public var boilerplateRemoved = 0
    /// How the body was found and what may have gone wrong; filled by ``ArticleParser``.
    public var extraction: Extraction?
    /// Fields of a JSON article that watcherd does not interpret, re-serialised as JSON, kept for the analyst.
    public var extraJSON: String?

    public init() {}

    /// What a block of the article is.
    public enum BlockKind: String, Sendable, Equatable, CaseIterable {
        case title, subtitle, lead, subheading, paragraph, caption, quote

        /// Prose of the body: what the record lists as `paragraphs`.
        public var isProse: Bool { self == .lead || self == .paragraph || self == .quote }
    }

    /// One block of the body.
    public struct Block: Sendable, Equatable {
        public var kind: BlockKind
        public var text: String

        public init(_ kind: BlockKind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// Where a block lies in ``text``, in Unicode scalars.
    public struct BlockSpan: Sendable, Equatable {
        public var kind: BlockKind
        public var start: Int
        public var end: Int

        public init(kind: BlockKind, start: Int, end: Int) {
            self.kind = kind
            self.start = start
            self.end = end
        }
    }

    /// The body's prose (leads, paragraphs and quotes), in order. Setting it replaces the prose blocks and keeps
    /// the others.
    public var paragraphs: [String] {
        get { body.compactMap { $0.kind.isProse ? $0.text : nil } }
        set {
            body.removeAll { $0.kind.isProse }
            body += newValue.map { Block(.paragraph, $0) }
        }
    }

    /// The body's subheadings, in order.
    public var subheadings: [String] { body.compactMap { $0.kind == .subheading ? $0.text : nil } }

    /// The body's photo captions and credits, in order.
    public var captions: [String] { body.compactMap { $0.kind == .caption ? $0.text : nil } }

    /// The clean article text later stages' offsets refer to: the title, the standfirst and every body block in
    /// reading order, separated by blank lines. Empty blocks are left out.
    public var text: String { layout().text }

    /// Where each block lies in ``text``, without building the text.
    public var blockSpans: [BlockSpan] {
        var spans: [BlockSpan] = []
        spans.reserveCapacity(body.count + 2)
        var offset = 0
        func add(_ kind: BlockKind, _ piece: String) {
            guard !piece.isEmpty else { return }
            if !spans.isEmpty { offset += 2 }
            let count = Extraction.counts(piece).scalars
            spans.append(BlockSpan(kind: kind, start: offset, end: offset + count))
            offset += count
        }
        add(.title, title ?? "")
        add(.subtitle, subtitle ?? "")
        for block in body { add(block.kind, block.text) }
        return spans
    }

    /// ``text`` and where each of its blocks lies in it (the same spans as ``blockSpans``).
    public func layout() -> (text: String, spans: [BlockSpan]) {
        let (text, spans, _) = countedLayout()
        return (text, spans)
    }

    /// ``layout()``, and the visible scalars (``Extraction/visibleScalars(_:)``) of the body's blocks and of the
    /// title and subtitle, which the same count of each piece gives: ``Extraction/assess(_:visible:)`` needs no
    /// second pass over the text.
    package func countedLayout() -> (text: String, spans: [BlockSpan], visible: (body: Int, heading: Int)) {
        // Sized once and appended to: joining grew the string several times over for a long article.
        var length = (title?.utf8.count ?? 0) + (subtitle?.utf8.count ?? 0) + 4
        for block in body { length += block.text.utf8.count + 2 }
        var text = String()
        text.reserveCapacity(length)
        var spans: [BlockSpan] = []
        spans.reserveCapacity(body.count + 2)
        var offset = 0
        var visible = 0
        func add(_ kind: BlockKind, _ piece: String) {
            guard !piece.isEmpty else { return }  // an empty piece has no visible scalar either
            if !spans.isEmpty {
                text += "\n\n"
                offset += 2
            }
            let (count, seen) = Extraction.counts(piece)
            text += piece
            spans.append(BlockSpan(kind: kind, start: offset, end: offset + count))
            offset += count
            visible += seen
        }
        add(.title, title ?? "")
        add(.subtitle, subtitle ?? "")
        let heading = visible
        for block in body { add(block.kind, block.text) }
        return (text, spans, (visible - heading, heading))
    }
}
