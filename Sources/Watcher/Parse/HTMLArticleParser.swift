import Foundation

/// Reads a saved web page: metadata from `<title>`, `og:` and `article:` meta tags and JSON-LD, the body from the
/// element that holds the most paragraph text, with navigation, scripts, styles, forms and link lists dropped.
package struct HTMLArticleParser: Sendable {
    let tables: ParserTables

    package init(tables: ParserTables) { self.tables = tables }

    /// Elements that never hold article text.
    static let chromeElements: Set<String> = [
        "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button",
        "template", "select", "input", "textarea", "object", "embed", "canvas", "menu", "dialog",
    ]
    /// ARIA roles of page furniture.
    static let chromeRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "search", "menu"]

    package func parse(_ text: String) throws(IngestError) -> Article {
        guard let root = HTMLDocument.parse(text) else {
            throw IngestError(code: .malformed, message: "The file has an .html extension but contains no HTML elements. Check that it is a saved web page, or rename it to .txt.")
        }
        let head = HeadMetadata(root)
        var article = Article()
        let jsonLD = head.linkedData
        article.source = jsonLD?.publisher ?? head.meta["og:site_name"]
        article.title = jsonLD?.headline ?? head.meta["og:title"] ?? head.firstHeading ?? head.title.map { strippingSiteName($0, site: article.source) }
        article.subtitle = jsonLD?.alternativeHeadline
        article.published = date(jsonLD?.datePublished ?? head.meta["article:published_time"] ?? head.meta["date"]
                                 ?? head.meta["pubdate"] ?? head.timeElement)
        article.updated = date(jsonLD?.dateModified ?? head.meta["article:modified_time"] ?? head.meta["og:updated_time"])
        article.author = jsonLD?.author ?? head.meta["author"] ?? head.meta["article:author"]
        article.url = jsonLD?.url ?? head.meta["og:url"] ?? head.canonical
        article.language = (head.language ?? jsonLD?.language).map(Self.primaryLanguage)

        article.extraction = Extraction(method: .html, charsIn: Self.visibleScalars(root), charsKept: 0)
        var removed = 0
        let body = strippingChrome(root, removed: &removed) ?? HTMLNode(kind: .element(name: "body", attributes: [:]))
        let container = mainContainer(body)
        var blocks: [TextBlock] = []
        var group = 0
        collectBlocks(container, into: &blocks, group: &group)
        article.boilerplateRemoved = removed
        // The page's own headline repeated in the body is not a paragraph.
        if let title = article.title {
            let titleKey = TableKey(title)  // once, not once per block
            blocks.removeAll { $0.tableKey == titleKey }
        }
        ArticleAssembler(tables: tables).complete(&article, body: blocks)
        return article
    }

    /// `<title>` text without a trailing « - Site» or « | Site».
    private func strippingSiteName(_ title: String, site: String?) -> String {
        for separator in [" | ", " - ", " – ", " — "] {
            guard let range = title.range(of: separator, options: .backwards) else { continue }
            let tail = TableKey(title[range.upperBound...])
            if tail == site.map({ TableKey($0) }) || tables.outlets[tail] != nil {
                return CleanText.line(title[..<range.lowerBound])
            }
        }
        return title
    }

    private func date(_ text: String?) -> CalendarDate? {
        guard let text else { return nil }
        return CalendarDate(iso: text) ?? ArabicDateParser(tables: tables).firstAbsoluteDate(in: text)
    }

    static func primaryLanguage(_ tag: String) -> String {
        String(tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
    }

    /// Elements whose content a reader never sees as text.
    static let invisibleElements: Set<String> = ["head", "script", "style", "noscript", "template", "svg", "title", "select"]

    /// The visible scalars of the page's text (outside the head, scripts and styles), for ``Extraction/charsIn``.
    static func visibleScalars(_ root: HTMLNode) -> Int {
        var count = 0
        root.walk { node in
            switch node.kind {
            case .text(let text): count += Extraction.visibleScalars(text)
            case .element(let name, _): return !invisibleElements.contains(name)
            }
            return true
        }
        return count
    }

    /// The tree without chrome elements, counting each dropped element that had text.
    private func strippingChrome(_ node: HTMLNode, removed: inout Int) -> HTMLNode? {
        guard case .element(let name, let attributes) = node.kind else { return node }
        let marker = ((attributes["class"] ?? "") + " " + (attributes["id"] ?? "")).lowercased()
        if Self.chromeElements.contains(name) || Self.chromeRoles.contains(attributes["role"] ?? "")
            || (name != "body" && name != "html" && name != "article" && tables.htmlChromeClasses.contains { marker.contains($0) })
            || ((name == "ul" || name == "ol") && isLinkList(node)) {
            if !node.text.isEmpty { removed += 1 }
            return nil
        }
        var copy = node
        copy.children = node.children.compactMap { strippingChrome($0, removed: &removed) }
        return copy
    }

    /// A list whose text is mostly link text is a menu or a «related stories» list.
    private func isLinkList(_ list: HTMLNode) -> Bool {
        var linkText = 0
        list.walk { node in
            if node.name == "a" { linkText += node.text.unicodeScalars.count; return false }
            return true
        }
        let total = list.text.unicodeScalars.count
        return total > 0 && linkText * 2 >= total
    }

    /// The element with the most paragraph text among its own children — a body or content column, not the page.
    /// When that element sits inside an `<article>`, the whole `<article>` is taken, so the lead photo's caption
    /// and the subheadings around the text column are kept.
    private func mainContainer(_ body: HTMLNode) -> HTMLNode {
        var best = body
        var bestScore = 0
        var bestArticle: HTMLNode?
        var articles: [HTMLNode] = []
        func visit(_ node: HTMLNode) {
            guard let name = node.name else { return }
            if name == "article" { articles.append(node) }
            defer { if name == "article" { articles.removeLast() } }
            var score = 0
            for child in node.children where child.name == "p" { score += child.text.unicodeScalars.count }
            if score > bestScore {
                best = node
                bestScore = score
                bestArticle = articles.last
            }
            for child in node.children { visit(child) }
        }
        visit(body)
        return bestArticle ?? best
    }

    /// Turns the container's content elements into blocks, with the hint their tag gives.
    private func collectBlocks(_ node: HTMLNode, into blocks: inout [TextBlock], group: inout Int) {
        guard case .element(let name, _) = node.kind else {
            if case .text(let text) = node.kind, !CleanText.line(text).isEmpty {
                blocks.append(TextBlock(text: text, group: group))
            }
            return
        }
        let hint: TextBlock.Hint?
        switch name {
        case "p", "li", "pre": hint = .paragraph
        case "blockquote": hint = .quote
        case "h1", "h2", "h3", "h4", "h5", "h6": hint = .heading
        case "figcaption", "caption": hint = .caption
        default: hint = nil
        }
        if let hint {
            // Paragraph-level elements are taken whole, one block per line break inside.
            for line in MatchKey.lines(node.rawText) where !CleanText.line(line).isEmpty {
                blocks.append(TextBlock(text: String(line), group: group, hint: hint))
            }
            return
        }
        group += 1
        for child in node.children { collectBlocks(child, into: &blocks, group: &group) }
        group += 1
    }
}
