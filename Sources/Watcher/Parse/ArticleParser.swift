/// Turns decoded text into an ``Article`` by the file's format, then finds the dates of its clean text.
public struct ArticleParser: Sendable {
    public let tables: ParserTables

    public init(tables: ParserTables = .embedded) {
        self.tables = tables
    }

    /// Parses `text`; a JSON or HTML file that cannot be read as such is a `malformed` error.
    public func parse(_ text: String, format: ArticleFormat) throws(IngestError) -> ParsedArticle {
        var trace: ExtractionTrace?
        return try parse(text, format: format, trace: &trace)
    }

    /// Parses `text` and says, block by block, what was kept or removed and why (`watcherd process --explain`).
    public func explain(_ text: String, format: ArticleFormat) throws(IngestError) -> (ParsedArticle, ExtractionTrace) {
        var trace: ExtractionTrace? = ExtractionTrace()
        let parsed = try parse(text, format: format, trace: &trace)
        return (parsed, trace ?? ExtractionTrace())
    }

    private func parse(_ text: String, format: ArticleFormat, trace: inout ExtractionTrace?) throws(IngestError) -> ParsedArticle {
        var article: Article
        switch format {
        case .plainText:
            article = PlainTextArticleParser(tables: tables).parse(text)
            if trace != nil {
                var lines = ExtractionTrace()
                _ = BoilerplateFilter(tables: tables).filterCountingCut(TextBlock.lines(of: text)) { block, reason in
                    lines.add("removed", "line", reason, text: block.text)
                }
                trace?.entries += lines.entries
            }
        case .html: article = try HTMLArticleParser(tables: tables).parse(text, trace: &trace)
        case .json: article = try JSONArticleParser(tables: tables).parse(text)
        }
        if trace != nil, format != .html {
            if let title = article.title { trace?.add("kept", "title", "in text", text: title) }
            for block in article.body { trace?.add("kept", block.kind.rawValue, "in text", text: block.text) }
        }
        let (clean, spans, visible) = article.countedLayout()
        if var extraction = article.extraction {
            extraction.assess(article, visible: visible)
            article.extraction = extraction
        }
        let mentions = ArabicDateParser(tables: tables).mentions(in: clean)
        return ParsedArticle(article: article, text: clean, blocks: spans,
                             dates: mentions.map { DateEntry($0, published: article.published) })
    }
}
