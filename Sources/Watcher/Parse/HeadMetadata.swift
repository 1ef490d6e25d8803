/// What a page says about itself outside the body: `<title>`, `<meta>`, `<link rel=canonical>`, `<html lang>`,
/// JSON-LD, the headline `<h1>` and `<time datetime>`.
struct HeadMetadata {
    var title: String?
    var meta: [String: String] = [:]
    var canonical: String?
    var language: String?
    var linkedData: LinkedData?
    /// The text of the page's headline `<h1>` (see ``headline(of:titles:)``).
    var firstHeading: String?
    /// Where the headline `<h1>` is: its child indices from the root (see ``HeadlineElement``).
    var headlinePath: [Int]?
    /// Every `<h1>` of the page that holds text, in order, with its child indices from the root.
    var headings: [(text: String, path: [Int])] = []
    var timeElement: String?

    init(_ root: HTMLNode) {
        language = root.attribute("lang").flatMap { $0.isEmpty ? nil : $0 }
        var path: [Int] = []
        func visit(_ node: HTMLNode) {
            guard read(node, path: path) else { return }
            for (index, child) in node.children.enumerated() where child.name != nil {
                path.append(index)
                visit(child)
                path.removeLast()
            }
        }
        visit(root)
        let titles = [title, meta["og:title"], meta["twitter:title"], linkedData?.headline]
        let headline = Self.headline(of: headings.map(\.text), titles: titles)
        firstHeading = headline.map { headings[$0].text }
        headlinePath = headline.map { headings[$0].path }
    }

    /// Takes what one element says; false when its subtree holds nothing more to read.
    private mutating func read(_ node: HTMLNode, path: [Int]) -> Bool {
        switch node.name {
        case "title"?:
            if title == nil { title = nonEmpty(node.text) }
        case "meta"?:
            if let key = (node.attribute("property") ?? node.attribute("name"))?.lowercased(),
               let content = node.attribute("content").flatMap(nonEmpty), meta[key] == nil {
                meta[key] = content
            }
        case "link"?:
            if node.attribute("rel")?.lowercased() == "canonical" { canonical = node.attribute("href").flatMap(nonEmpty) }
        case "script"?:
            if linkedData == nil, node.attribute("type")?.lowercased().contains("ld+json") == true {
                var json = ""
                for child in node.children { if case .text(let text) = child.kind { json += text } }
                linkedData = LinkedData(json: json)
            }
            return false
        case "h1"?:
            if let text = nonEmpty(node.text) { headings.append((text, path)) }
        case "a"?:
            return false  // a <time> inside a link dates another story's teaser
        case "time"?:
            if timeElement == nil { timeElement = node.attribute("datetime").flatMap(nonEmpty) }
        default: break
        }
        return true
    }

    /// The headline among a page's `<h1>`s: the longest one that one of the page's titles holds as whole words and
    /// as at least half of it, else the first. Sites put their name in an `<h1>` too (a logo in the header, the
    /// copyright line: «CNN», «اليوم السابع»), before or after the story's; such an `<h1>` is in no title, or only
    /// a small part of one («… - اليوم السابع» when the `<title>` words the headline otherwise). Returns its index.
    static func headline(of headings: [String], titles: [String?]) -> Int? {
        guard headings.count > 1 else { return headings.isEmpty ? nil : 0 }
        let keys = titles.compactMap { $0.map { " " + MatchKey.of($0) + " " } }
        var best: (index: Int, length: Int)?
        for (index, heading) in headings.enumerated() {
            let key = MatchKey.of(heading)
            let length = key.utf8.count
            guard length > 0, length > best?.length ?? 0,
                  keys.contains(where: { 2 * length >= $0.utf8.count - 2 && HTMLArticleParser.contains($0, (" " + key + " ").utf8) })
            else { continue }
            best = (index, length)
        }
        return best?.index ?? 0
    }

    /// Cleaned and with leftover character references decoded (a CMS that escaped twice); nil when empty.
    private func nonEmpty(_ text: String) -> String? {
        let clean = CleanText.line(HTMLEntities.decode(text))
        return clean.isEmpty ? nil : clean
    }
}
