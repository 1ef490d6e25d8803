import Foundation

/// Reads one article object as scrapers write it. Known keys fill the article; every other key is kept, as
/// JSON, under `extra`, and so is a date value that cannot be read, so nothing in the file is lost.
package struct JSONArticleParser: Sendable {
    let tables: ParserTables

    package init(tables: ParserTables) { self.tables = tables }

    static let titleKeys = ["title", "headline"]
    static let subtitleKeys = ["subtitle", "alternativeHeadline"]
    static let bodyKeys = ["text", "body", "content", "articleBody"]
    static let publishedKeys = ["date", "published", "published_at", "datePublished", "pubDate"]
    static let updatedKeys = ["updated", "modified", "updated_at", "dateModified"]
    static let sourceKeys = ["source", "site", "site_name", "publisher"]
    static let urlKeys = ["url", "link"]
    static let authorKeys = ["author", "authors", "byline"]
    static let languageKeys = ["language", "lang", "inLanguage"]

    package func parse(_ text: String) throws(IngestError) -> Article {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw IngestError(code: .malformed, message: "The file has a .json extension but is not valid JSON (\(Self.reason(error))). Fix the JSON or rename the file to .txt.")
        }
        guard var object = value as? [String: Any] else {
            throw IngestError(code: .malformed, message: "The JSON file must hold one article object ({\"title\": …, \"text\": …}), not a list or a single value. Write one article per file.")
        }
        var article = Article()
        article.title = take(Self.titleKeys, from: &object) { LinkedData.string($0) }
        article.subtitle = take(Self.subtitleKeys, from: &object) { LinkedData.string($0) }
        article.source = take(Self.sourceKeys, from: &object) { LinkedData.names($0) }
        article.url = take(Self.urlKeys, from: &object) { LinkedData.string($0) }
        article.author = take(Self.authorKeys, from: &object) { LinkedData.names($0) }
        article.language = take(Self.languageKeys, from: &object) { LinkedData.string($0).map(HTMLArticleParser.primaryLanguage) }
        article.published = take(Self.publishedKeys, from: &object) { date($0) }
        article.updated = take(Self.updatedKeys, from: &object) { date($0) }
        let (body, joinedLines) = take(Self.bodyKeys, from: &object) { bodyBlocks($0) } ?? ([], 0)
        if !object.isEmpty,
           let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
            article.extraJSON = String(decoding: data, as: UTF8.self)
        }
        var charsIn = Extraction.visibleScalars(article.title ?? "") + Extraction.visibleScalars(article.subtitle ?? "")
        for block in body { charsIn += Extraction.visibleScalars(block.text) }
        article.extraction = Extraction(method: .json, charsIn: charsIn, charsKept: 0)
        article.extraction?.joinedLines = joinedLines
        ArticleAssembler(tables: tables).complete(&article, body: body)
        return article
    }

    /// Reads the first present key of `keys` with `read`, removing it from `object` only when it was understood.
    private func take<T>(_ keys: [String], from object: inout [String: Any], _ read: (Any) -> T?) -> T? {
        for key in keys {
            guard let raw = object[key] else { continue }
            if let value = read(raw) {
                object[key] = nil
                return value
            }
            if raw is NSNull { object[key] = nil }
        }
        return nil
    }

    private func date(_ value: Any) -> CalendarDate? {
        guard let text = LinkedData.string(value) else { return nil }
        return CalendarDate(iso: text) ?? ArabicDateParser(tables: tables).firstAbsoluteDate(in: text)
    }

    /// A body given as text (paragraphs on their own lines, perhaps hard-wrapped), as a list of paragraphs, or as
    /// HTML; and how many wrapped line breaks were joined.
    private func bodyBlocks(_ value: Any) -> (blocks: [TextBlock], joined: Int)? {
        if let text = value as? String {
            if text.contains("</p>") || text.contains("<p>") || text.contains("<br") {
                guard let root = HTMLDocument.parse(text) else { return nil }
                return (root.text.isEmpty ? [] : htmlBlocks(root), 0)
            }
            // Scrapers often keep the page's character references («&quot;») in a text body.
            let dates = ArabicDateParser(tables: tables)
            return WrappedLines.join(TextBlock.lines(of: LineEndings.unicodeBreaks(HTMLEntities.decode(text)))) { MetadataLine.isHeaderLine($0, tables: tables, dates: dates) }
        }
        if let list = value as? [Any] {
            let texts = list.compactMap { LinkedData.string($0) }
            guard texts.count == list.count else { return nil }
            return (texts.enumerated().map { TextBlock(text: $1, group: $0) }, 0)
        }
        return nil
    }

    private func htmlBlocks(_ root: HTMLNode) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var group = 0
        root.walk { node in
            switch node.name {
            case "p"?, "li"?, "blockquote"?:
                blocks.append(TextBlock(text: HTMLEntities.decode(node.text), group: group, hint: node.name == "blockquote" ? .quote : .paragraph))
                return false
            case "h2"?, "h3"?, "h4"?:
                blocks.append(TextBlock(text: HTMLEntities.decode(node.text), group: group, hint: .heading))
                return false
            case "figcaption"?:
                blocks.append(TextBlock(text: HTMLEntities.decode(node.text), group: group, hint: .caption))
                return false
            default:
                group += 1
                return true
            }
        }
        return blocks.filter { !$0.text.isEmpty }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
    }
}
