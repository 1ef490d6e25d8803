/// Finds the visible date line of a web page near its headline, for pages whose metadata gives no date. Only
/// text outside links is read, only a few lines around the headline `<h1>`, and never inside another story's teaser
/// (a link headline with little else beside it, a box of stories, `<aside>`, lists), so a date from another story is
/// never taken. The publication and update dates may stand on separate lines.
struct HeadlineDateSearch {
    /// Lines read after the headline, and before it.
    static let linesAfter = 10
    static let linesBefore = 4
    /// How many levels above the `<h1>` the search looks.
    static let levels = 3
    /// A link with this many words is a story's headline.
    static let headlineLinkWords = 5
    /// A teaser holds at most this many visible characters outside its links (a date, a section name).
    static let teaserOwnChars = 80
    /// Elements whose text is never the story's date line. (`<footer>` is not one: CMSs put the «submitted» date
    /// line of an article in the article's own footer. Lists are not either: themes write the story's own byline
    /// and date as `<ul class="post-meta">`; a list of other stories is known by its headline links.)
    static let skipped: Set<String> = ["a", "nav", "aside", "form", "select", "button"]

    let tables: ParserTables
    let dates: ArabicDateParser

    /// The dates of the first lines that give them, nearest the headline first: the publication date from the first
    /// line that has one, the update from the first line labelled «آخر تحديث».
    /// The search starts at the page's headline `<h1>` (``HeadlineElement``), not at a logo `<h1>` above it.
    func find(in root: HTMLNode) -> VisibleDateLine? {
        guard let path = Self.path(in: root, to: HeadlineElement.predicate(in: root)) else { return nil }
        let top = max(0, path.count - 1 - Self.levels)
        let scope = path[top].node
        // The child indices from the scope down to the <h1>: the elements on that path are never teasers.
        let steps = path[(top + 1)...].map(\.index)
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
        // One pass: each element's lines are gathered with what makes a teaser (a headline-length link, the visible
        // characters outside links), and dropped again when the element is one.
        func visit(_ node: HTMLNode, depth: Int?) -> TeaserSigns {
            switch node.kind {
            case .text(let text):
                line += text
                return TeaserSigns(ownChars: Extraction.visibleScalars(text))
            case .element(let name, _):
                // An element on the path to the headline holds it, so it is no teaser, list or form of its own (a
                // page-wide ASP.NET <form>).
                if depth == nil && Self.skipped.contains(name) || HTMLArticleParser.invisibleElements.contains(name) { return signs(of: node) }
                if name == "br" { flush(); return TeaserSigns() }
                guard after.count < Self.linesAfter else { return TeaserSigns() }
                let block = !HTMLArticleParser.inlineElements.contains(name)
                if block { flush() }
                let marks = (before.count, after.count, seenHeadline)
                if name == "h1" && depth == steps.count && !seenHeadline {
                    seenHeadline = true
                    return TeaserSigns()  // the headline itself is not a date line
                }
                var signs = TeaserSigns()
                for (index, child) in node.children.enumerated() {
                    let onPath = depth.flatMap { $0 < steps.count && steps[$0] == index ? $0 + 1 : nil }
                    signs.add(visit(child, depth: onPath))
                }
                if block {
                    flush()
                    if depth == nil, isTeaser(node, signs), marks.2 == seenHeadline {
                        before.removeLast(before.count - marks.0)
                        after.removeLast(after.count - marks.1)
                    }
                }
                return signs
            }
        }
        _ = visit(scope, depth: 0)
        flush()
        var found: VisibleDateLine?
        for candidate in after.prefix(Self.linesAfter) + before.suffix(Self.linesBefore).reversed() {
            guard let line = VisibleDateLine(HTMLEntities.decode(candidate), tables: tables, dates: dates) else { continue }
            guard var merged = found else {
                found = line
                continue
            }
            if merged.published == nil { merged.published = line.published }
            if merged.updated == nil { merged.updated = line.updated }
            found = merged
            if merged.published != nil && merged.updated != nil { break }
        }
        return found
    }

    /// What an element holds that makes it a teaser of another story.
    struct TeaserSigns {
        var longLink = false
        var ownChars = 0

        mutating func add(_ other: TeaserSigns) {
            longLink = longLink || other.longLink
            ownChars += other.ownChars
        }
    }

    /// The signs of a subtree that is not read for lines (a link, a list, an `<aside>`).
    private func signs(of node: HTMLNode) -> TeaserSigns {
        var signs = TeaserSigns()
        func visit(_ node: HTMLNode) {
            switch node.kind {
            case .text(let text): signs.ownChars += Extraction.visibleScalars(text)
            case .element(let name, _):
                if name == "a" {
                    if isHeadlineLink(node) { signs.longLink = true }
                    return
                }
                if HTMLArticleParser.invisibleElements.contains(name) { return }
                for child in node.children { visit(child) }
            }
        }
        visit(node)
        return signs
    }

    /// A link as long as a headline (``headlineLinkWords``) that is not a byline: a link opened by an author label
    /// («بقلم الزميل …», «كتب …») names the story's writer, not another story.
    private func isHeadlineLink(_ link: HTMLNode) -> Bool {
        let text = CleanText.line(link.text)
        guard LineShape(text).words >= Self.headlineLinkWords else { return false }
        return tables.metadataLabels.match(Tokenizer.tokens(text, limit: 4), at: 0)?.0 != .author
    }

    /// A teaser of another story: it holds a link as long as a headline and little text of its own, or it is a
    /// box named as chrome (`related`, `most-read`, …) or a list that holds one (each item a story, with its date
    /// and summary beside the link).
    private func isTeaser(_ node: HTMLNode, _ signs: TeaserSigns) -> Bool {
        guard signs.longLink else { return false }
        return signs.ownChars <= Self.teaserOwnChars || node.name == "ul" || node.name == "ol"
            || HTMLArticleParser.classTokens(node).containsAny(tables.htmlChromeClasses)
    }

    /// The nodes from `root` down to the first element `target` accepts, each with its index among its parent's
    /// children (0 for `root`).
    static func path(in root: HTMLNode, to target: (HTMLNode) -> Bool) -> [(node: HTMLNode, index: Int)]? {
        if target(root) { return [(root, 0)] }
        for (index, child) in root.children.enumerated() where child.name != nil {
            if var found = path(in: child, to: target) {
                found[0].index = index
                return [(root, 0)] + found
            }
        }
        return nil
    }
}
