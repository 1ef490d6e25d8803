/// Finds the visible date line of a web page near its headline, for pages whose metadata gives no date. Only
/// text outside links is read, and only a few lines around the first `<h1>`, so a date from another story's teaser
/// (a link, or further down the page) is never taken.
struct HeadlineDateSearch {
    /// Lines read after the headline, and before it.
    static let linesAfter = 10
    static let linesBefore = 4
    /// How many levels above the `<h1>` the search looks.
    static let levels = 3

    let tables: ParserTables
    let dates: ArabicDateParser

    /// The first date line found, nearest the headline first.
    func find(in root: HTMLNode) -> VisibleDateLine? {
        guard let path = Self.path(to: "h1", in: root) else { return nil }
        let scope = path[max(0, path.count - 1 - Self.levels)]
        var before: [String] = []
        var after: [String] = []
        var seenHeadline = false
        var line = ""
        func flush() {
            let clean = CleanText.line(line)
            line = ""
            guard !clean.isEmpty else { return }
            if seenHeadline { after.append(clean) } else { before.append(clean) }
        }
        func visit(_ node: HTMLNode) {
            switch node.kind {
            case .text(let text): line += text
            case .element(let name, _):
                if name == "a" || HTMLArticleParser.invisibleElements.contains(name) || name == "nav" || name == "ul" || name == "ol" { return }
                if name == "br" { flush(); return }
                let block = !HTMLArticleParser.inlineElements.contains(name)
                if block { flush() }
                if name == "h1" && !seenHeadline {
                    seenHeadline = true
                    return  // the headline itself is not a date line
                }
                for child in node.children { visit(child) }
                if block { flush() }
            }
        }
        visit(scope)
        flush()
        for candidate in after.prefix(Self.linesAfter) + before.suffix(Self.linesBefore).reversed() {
            if let found = VisibleDateLine(HTMLEntities.decode(candidate), tables: tables, dates: dates) { return found }
        }
        return nil
    }

    /// The nodes from `root` down to the first element named `name`.
    static func path(to name: String, in root: HTMLNode) -> [HTMLNode]? {
        if root.name == name { return [root] }
        for child in root.children where child.name != nil {
            if let found = path(to: name, in: child) { return [root] + found }
        }
        return nil
    }
}
