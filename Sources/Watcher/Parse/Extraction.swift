/// How an article's body was found and whether it may be incomplete, so a failed extraction is never silent.
public struct Extraction: Sendable, Equatable {
    /// The way the body was found.
    public enum Method: String, Sendable {
        /// Every line of a plain-text file.
        case lines
        /// The body field of a JSON article.
        case json
        /// Blocks scored on a web page.
        case html
        /// A site override's content selector on a web page.
        case siteSelector = "site_selector"
        /// A web page that showed little of its story (rendered by scripts): its JSON-LD `articleBody`, with the
        /// page's own lines that it lacks.
        case linkedData = "json_ld"
    }

    /// A sign that the record may not hold everything the writer wrote.
    public enum Warning: String, Sendable, CaseIterable, Comparable {
        /// No body text at all was found.
        case bodyEmpty = "body_empty"
        /// The body kept is a small share of the text the file held.
        case bodySmallShare = "body_small_share"
        case noTitle = "no_title"
        /// Neither a publication nor an update date was found.
        case noDate = "no_date"
        /// A footer marker («الأكثر قراءة», «التعليقات») cut off prose as long as a good part of the body.
        case tailCut = "tail_cut"
        /// A web page shows story prose outside the content taken as the body, and the record does not hold it.
        case proseLeftOut = "prose_left_out"

        public static func < (a: Warning, b: Warning) -> Bool { a.rawValue < b.rawValue }
    }

    public var method: Method
    /// Scalars of visible text in the file (for HTML: text outside scripts and styles).
    public var charsIn: Int
    /// Scalars kept in the record's `text`.
    public var charsKept: Int
    public var warnings: [Warning]
    /// Line breaks of hard-wrapped text joined back into paragraphs (see ``WrappedLines``).
    public var joinedLines = 0
    /// Visible scalars of prose a web page shows outside the content taken as its body (see
    /// ``HTMLArticleParser``): text the rules do not see.
    public var proseLeftOut = 0

    public init(method: Method, charsIn: Int, charsKept: Int, warnings: [Warning] = []) {
        self.method = method
        self.charsIn = charsIn
        self.charsKept = charsKept
        self.warnings = warnings
    }

    /// Below this share of the page's text kept, a web page's body may have been missed (menus, teasers and
    /// footers often outweigh a short story, so this is low).
    static let htmlSmallShare = 0.1
    /// Below this share of a text file kept, lines were lost.
    static let textSmallShare = 0.6
    /// A body shorter than this (in scalars) next to a larger input is suspicious.
    static let minimumBody = 200

    /// Prose cut after a footer marker is worth a warning when it is at least this share of the body kept.
    static let tailCutShare = 0.5

    /// Visible scalars of prose cut with the footer after an end marker («الأكثر قراءة», «التعليقات»): text the rules
    /// do not see, shown in the record whatever its length (``Warning/tailCut`` when it is a good part of the body).
    public var cutProse = 0

    /// Counts the visible scalars of `text`: every scalar but ASCII whitespace, read from the UTF-8 bytes.
    package static func visibleScalars(_ text: String) -> Int { counts(text).visible }

    /// The visible scalars of blocks' texts, summed.
    static func visibleScalars(of blocks: [TextBlock]) -> Int { blocks.reduce(0) { $0 + visibleScalars($1.text) } }

    /// The scalars of `text` and those that are not ASCII whitespace, in one pass over its UTF-8, eight bytes at a time
    /// in a 64-bit word (continuation bytes and the four space bytes found with word arithmetic, then counted with
    /// popcount). Every block is counted several times (layout, spans, extraction figures). Swift's `SIMD16` compares
    /// were compiled lane by lane here and made this 58% of `watcherd process`; plain words compile to a few
    /// instructions.
    @inline(__always)
    package static func counts(_ text: String) -> (scalars: Int, visible: Int) {
        var text = text
        return text.withUTF8 { bytes in
            var continuation = 0, space = 0
            var i = 0
            let n = bytes.count
            if let base = bytes.baseAddress, n >= 8 {
                let raw = UnsafeRawPointer(base)
                let high: UInt64 = 0x8080_8080_8080_8080
                let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
                let ones: UInt64 = 0x0101_0101_0101_0101
                /// 0x80 in each byte of `word` that is zero, 0 elsewhere (exact: the sum never carries into the next byte).
                @inline(__always) func zeroBytes(_ word: UInt64) -> UInt64 { ~(((word & low7) &+ low7) | word | low7) }
                while i + 8 <= n {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    // A continuation byte is 10xxxxxx: its top bit set and the next bit clear.
                    continuation &+= (word & ~(word << 1) & high).nonzeroBitCount
                    let spaces = zeroBytes(word ^ (ones &* 0x20)) | zeroBytes(word ^ (ones &* 0x0A))
                        | zeroBytes(word ^ (ones &* 0x09)) | zeroBytes(word ^ (ones &* 0x0D))
                    space &+= spaces.nonzeroBitCount
                    i += 8
                }
            }
            while i < n {
                let byte = bytes[i]
                continuation &+= byte & 0xC0 == 0x80 ? 1 : 0
                space &+= byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D ? 1 : 0
                i += 1
            }
            return (n - continuation, n - continuation - space)
        }
    }

    /// Fills ``charsKept`` and ``warnings`` from the finished article (whose `text` is its blocks joined by
    /// whitespace, so its visible scalars are the blocks').
    package mutating func assess(_ article: Article) {
        var bodyChars = 0
        for block in article.body { bodyChars += Self.visibleScalars(block.text) }
        assess(article, visible: (bodyChars, Self.visibleScalars(article.title ?? "") + Self.visibleScalars(article.subtitle ?? "")))
    }

    /// The same, with the visible scalars of the body and of the title and subtitle already counted (by
    /// ``Article/countedLayout()``, which counts every piece anyway).
    mutating func assess(_ article: Article, visible: (body: Int, heading: Int)) {
        let bodyChars = visible.body
        charsKept = bodyChars + visible.heading
        var found: [Warning] = []
        if cutProse > 0, Double(cutProse) >= Self.tailCutShare * Double(max(bodyChars, 1)) { found.append(.tailCut) }
        if bodyChars == 0 { found.append(.bodyEmpty) }
        if proseLeftOut > 0 { found.append(.proseLeftOut) }
        let share = charsIn == 0 ? 1 : Double(charsKept) / Double(charsIn)
        let threshold = method == .lines || method == .json ? Self.textSmallShare : Self.htmlSmallShare
        if bodyChars > 0, share < threshold, charsIn - charsKept > Self.minimumBody { found.append(.bodySmallShare) }
        if (article.title ?? "").isEmpty { found.append(.noTitle) }
        if article.published == nil && article.updated == nil { found.append(.noDate) }
        warnings = found.sorted()
    }
}
