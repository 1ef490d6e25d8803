/// The result of parsing one file: the article, its clean text and the dates found in that text.
public struct ParsedArticle: Sendable {
    public var article: Article
    /// ``Article/text``, computed once.
    public var text: String
    /// Where each block of the article lies in ``text``.
    public var blocks: [Article.BlockSpan]
    public var dates: [DateEntry]
}
