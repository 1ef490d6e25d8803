/// Turns decoded text into an ``Article`` by the file's format, then finds the dates of its clean text.
public struct ArticleParser: Sendable {
    public let tables: ParserTables

    public init(tables: ParserTables = .embedded) {
        self.tables = tables
    }

    /// Parses `text`; a JSON or HTML file that cannot be read as such is a `malformed` error.
    public func parse(_ text: String, format: ArticleFormat) throws(IngestError) -> ParsedArticle {
        var article: Article
        switch format {
        case .plainText: article = PlainTextArticleParser(tables: tables).parse(text)
        case .html: article = try HTMLArticleParser(tables: tables).parse(text)
        case .json: article = try JSONArticleParser(tables: tables).parse(text)
        }
        let (clean, spans) = article.layout()
        if var extraction = article.extraction {
            extraction.assess(article, text: clean)
            article.extraction = extraction
        }
        let mentions = ArabicDateParser(tables: tables).mentions(in: clean)
        return ParsedArticle(article: article, text: clean, blocks: spans,
                             dates: mentions.map { DateEntry($0, published: article.published) })
    }
}
