import Foundation

/// Reads a saved web page: metadata from `<title>`, `og:` and `article:` meta tags and JSON-LD, the body from the
/// block of the page that scores highest as prose (text and link density, commas, sentences), with its siblings
/// that read as prose too, and with navigation, scripts, link lists and chrome boxes dropped.
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
    /// Elements whose text runs on inside a line.
    static let inlineElements: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s", "samp",
        "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "br", "img", "picture", "source", "label",
        "ins", "del", "big", "strike", "tt", "nobr",
    ]
    /// Class or id words that hint a block holds the article.
    static let contentHints: [[String]] = [
        ["article"], ["content"], ["entry"], ["story"], ["post"], ["body"], ["text"], ["main"], ["detail"], ["details"],
        ["news"], ["maincontent"], ["articlebody"], ["article", "body"],
    ]
    /// Class or id words of a lead or standfirst.
    static let leadHints: [[String]] = [
        ["lead"], ["excerpt"], ["summary"], ["intro"], ["standfirst"], ["subtitle"], ["sub", "title"], ["description"],
        ["brief"], ["abstract"], ["deck"],
    ]
    /// Class or id words of a photo caption or credit.
    static let captionHints: [[String]] = [["caption"], ["credit"], ["credits"], ["figcaption"], ["photo", "credit"]]
    /// A class-hinted chrome element is kept anyway when it holds this much prose: class names are hints, not verdicts.
    static let proseOverrideChars = 200
    /// The weight of a block that ends before the page's first `<h1>`.
    static let beforeHeadlineFactor = 0.5
    /// An element whose text is at least this share link text is a link box (related stories, read-more lists).
    static let linkBoxDensity = 0.5

    package func parse(_ text: String) throws(IngestError) -> Article {
        var trace: ExtractionTrace?
        return try parse(text, trace: &trace)
    }

    /// Parses `text`, recording each decision in `trace` when it is not nil.
    package func parse(_ text: String, trace: inout ExtractionTrace?) throws(IngestError) -> Article {
        guard var root = HTMLDocument.parse(text) else {
            throw IngestError(code: .malformed, message: "The file has an .html extension but contains no HTML elements. Check that it is a saved web page, or rename it to .txt.")
        }
        let head = HeadMetadata(root)
        // The headline <h1> is chosen once; the date search and scoring find it by its mark.
        if let path = head.headlinePath { HeadlineElement.mark(&root, at: path) }
        var article = Article()
        let jsonLD = head.linkedData
        article.source = jsonLD?.publisher ?? head.meta["og:site_name"]
        article.url = jsonLD?.url ?? head.meta["og:url"] ?? head.canonical
        // og:title and JSON-LD headlines carry the site's name as often as <title> does («… - اليوم السابع»,
        // «اسم الموقع | …»): cut at either end when the page shows the segment is the site's name.
        let siteName = TitleSiteName(
            siteNames: [head.meta["og:site_name"], head.meta["application-name"], head.meta["apple-mobile-web-app-title"],
                        head.meta["al:android:app_name"], head.meta["al:ios:app_name"], head.meta["twitter:site"], jsonLD?.publisher],
            host: article.url.flatMap(SiteOverride.host(ofURL:)),
            titles: [head.title, head.meta["og:title"], head.meta["twitter:title"], jsonLD?.headline, head.firstHeading],
            heading: head.firstHeading, headline: jsonLD?.headline, outlets: tables.outlets)
        article.title = (jsonLD?.headline ?? head.meta["og:title"] ?? head.firstHeading ?? head.title).map(siteName.cut)
        article.subtitle = jsonLD?.alternativeHeadline
        article.published = date(jsonLD?.datePublished ?? head.meta["article:published_time"] ?? head.meta["date"]
                                 ?? head.meta["pubdate"] ?? head.timeElement)
        article.updated = date(jsonLD?.dateModified ?? head.meta["article:modified_time"] ?? head.meta["og:updated_time"])
        article.author = jsonLD?.author ?? head.meta["author"] ?? head.meta["article:author"]
        article.language = (head.language ?? jsonLD?.language).map(Self.primaryLanguage)
        article.extraction = Extraction(method: .html, charsIn: Self.visibleScalars(root), charsKept: 0)
        // A site override (by the host of the page's own URL) says where the body and date are and what to drop.
        let site = tables.site(forURL: article.url)
        var page = root
        var removed = 0
        if let site, !site.remove.isEmpty {
            var dropped: [HTMLNode] = []
            page = SimpleSelector.removing(site.remove, from: root) { dropped.append($0) }
            removed += dropped.count
            for node in dropped { trace?.add("removed", describe(node), "site override: remove", text: node.text) }
        }
        if let site, let node = SimpleSelector.select(site.date, in: page).first {
            let date = node.attribute("datetime").flatMap { CalendarDate(iso: $0) }
            let line = VisibleDateLine(HTMLEntities.decode(node.text), tables: tables, dates: ArabicDateParser(tables: tables))
            if let published = date ?? line?.published ?? ArabicDateParser(tables: tables).firstAbsoluteDate(in: node.text) {
                article.published = published
            }
            if let updated = line?.updated { article.updated = updated }
            trace?.add("kept", describe(node), "site override: date", text: node.text)
        }
        // The date line under the headline, when the metadata lacks a date.
        if article.published == nil || article.updated == nil,
           let visible = HeadlineDateSearch(tables: tables, dates: ArabicDateParser(tables: tables)).find(in: page) {
            if article.published == nil { article.published = visible.published }
            if article.updated == nil { article.updated = visible.updated }
        }

        var commentsBox = false, changed = false
        let pageChars = article.extraction?.charsIn ?? 0
        let body = strippingChrome(page, pageChars: pageChars, removed: &removed, trace: &trace, commentsBox: &commentsBox, changed: &changed)
            ?? HTMLNode(kind: .element(name: "body", attributes: [:]))
        let selected = site.map { SimpleSelector.select($0.content, in: body) } ?? []
        let container: HTMLNode
        if selected.isEmpty {
            let story = storyOutside(body, content: mainContent(body, trace: &trace), trace: &trace)
            container = story.node
            article.extraction?.proseLeftOut = story.leftOut
        } else {
            container = HTMLNode(kind: .element(name: "div", attributes: [:]), children: selected)
            article.extraction?.method = .siteSelector
            for node in selected { trace?.add("chosen", describe(node), "site override: content", text: node.text) }
        }
        var blocks: [TextBlock] = []
        var group = 0
        var seenProse = false
        let sizes = SubtreeSizes(container)
        collectBlocks(container, at: 0, sizes: sizes, into: &blocks, group: &group, removed: &removed, seenProse: &seenProse, trace: &trace)
        // A breadcrumb trail kept inside the content («الرئيسية › أخبار › …»).
        let trailCount = blocks.count
        if trace != nil { for block in blocks where isBreadcrumb(block) { trace?.add("removed", "line", "breadcrumb trail", text: block.text) } }
        blocks.removeAll { isBreadcrumb($0) }
        removed += trailCount - blocks.count
        article.boilerplateRemoved = removed
        // The page's own headline repeated in the body is not a paragraph.
        if let title = article.title {
            let titleKey = TableKey(title)  // once, not once per block
            let before = blocks.count
            if trace != nil { for block in blocks where block.tableKey == titleKey { trace?.add("removed", "line", "the headline repeated", text: block.text) } }
            blocks.removeAll { $0.tableKey == titleKey }
            article.boilerplateRemoved += before - blocks.count
        }
        // Date and byline lines above the first paragraph are the page's metadata, as they are under a plain-text
        // title: their values fill the fields the metadata left empty, and the lines leave the body (counted).
        readMetadataLines(&blocks, into: &article, trace: &trace)
        if trace != nil {
            var lines = ExtractionTrace()
            _ = BoilerplateFilter(tables: tables).filterCountingCut(blocks) { block, reason in lines.add("removed", "line", reason, text: block.text) }
            trace?.entries += lines.entries
        }
        if let text = jsonLD?.articleBody, let body = linkedDataBody(text, over: blocks, title: article.title, removed: &article.boilerplateRemoved) {
            trace?.add("chosen", "JSON-LD articleBody", "the page shows \(Extraction.visibleScalars(of: blocks)) characters of a \(body.charsIn)-character story", text: text)
            blocks = body.blocks
            article.extraction?.method = .linkedData
            article.extraction?.charsIn += body.charsIn
        }
        ArticleAssembler(tables: tables).complete(&article, body: blocks)
        if trace != nil {
            for block in article.body {
                var run = Run()
                Self.add(block.text, to: &run, inLink: false)
                trace?.add("kept", block.kind.rawValue, score: Self.score(run), "in text", text: block.text)
            }
        }
        return article
    }

    /// The JSON-LD `articleBody` as the body, with the page's lines it does not hold after it, when the page shows
    /// under half of it (a story rendered by scripts: a «loading» placeholder and the text in a JSON blob); nil when
    /// the page shows the story itself.
    private func linkedDataBody(_ text: String, over blocks: [TextBlock], title: String?, removed: inout Int) -> JSONArticleParser.BodyText? {
        let shown = Extraction.visibleScalars(of: blocks)
        let storyChars = Extraction.visibleScalars(text)
        guard storyChars >= Extraction.minimumBody, 2 * shown < storyChars,
              var body = JSONArticleParser(tables: tables).bodyBlocks(text, titleKey: title.map { TableKey($0) }, removed: &removed),
              !body.blocks.isEmpty else { return nil }
        let read = body.charsIn
        body.append(JSONArticleParser.BodyText(blocks: blocks))
        body.charsIn = read
        return body
    }

    /// Removes the date lines («الأربعاء، 07 أكتوبر 2020 - 12:09 م») and labelled metadata lines («كتبت: …»,
    /// «المصدر: …») that stand above the body's first prose, taking their values where the article has none.
    private func readMetadataLines(_ blocks: inout [TextBlock], into article: inout Article, trace: inout ExtractionTrace?) {
        let dates = ArabicDateParser(tables: tables)
        var index = 0
        var removed = 0
        while index < blocks.count {
            let block = blocks[index]
            if BoilerplateFilter.isProse(block) || block.shape.words > VisibleDateLine.maxWords { break }
            var found = MetadataLine(block.text, tables: tables, dates: dates)
            if let line = found {
                // Only a full day is a publication date here («نشر في: أبريل 2020», «نشر في 31 فيفري 2019» give no
                // day). A date without one fills no field, so the line stays in the body: nothing it says is lost.
                // What it does say in full (a name, the other date with its day) still fills the record.
                if line.published.map({ $0.day == nil }) == true || line.updated.map({ $0.day == nil }) == true {
                    if let published = line.published, published.day != nil { article.published = article.published ?? published }
                    if let updated = line.updated, updated.day != nil { article.updated = article.updated ?? updated }
                    article.author = article.author ?? line.author
                    article.source = article.source ?? line.source
                    trace?.add("kept", "line", "metadata line with a date of no day: the line stays in the body", text: block.text)
                    index += 1
                    continue
                }
            } else if let line = VisibleDateLine(block.text, tables: tables, dates: dates), line.isPureDateLine {
                found = MetadataLine(published: line.published, updated: line.updated)
            }
            // A line that says something the record does not (another day, another name) stays in the body: removing
            // it would lose that.
            guard let line = found, line.agrees(with: article) else {
                index += 1
                continue
            }
            line.fill(&article)
            trace?.add("removed", "line", "metadata line above the body", text: block.text)
            blocks.remove(at: index)
            removed += 1
        }
        article.boilerplateRemoved += removed
    }

    /// Whether a date a line shows is absent, new, or the record's own (the same day, or the day next to it: a page
    /// shows local time, metadata often UTC).
    static func agrees(_ shown: CalendarDate?, _ known: CalendarDate?) -> Bool {
        guard let shown, let known else { return true }
        guard let a = shown.dayNumber, let b = known.dayNumber else { return shown.isoDate == known.isoDate }
        return abs(a - b) <= 1
    }

    /// Whether a name a line shows is absent, new, or the record's own.
    static func agrees(_ shown: String?, _ known: String?) -> Bool {
        guard let shown, let known else { return true }
        return TableKey(shown) == TableKey(known)
    }

    /// A short unpunctuated line opening with a breadcrumb root.
    private func isBreadcrumb(_ block: TextBlock) -> Bool {
        guard !block.shape.terminated, block.shape.words <= 15, block.hint != .paragraph || block.shape.words <= 15 else { return false }
        return tables.breadcrumbRoots.match(Tokenizer.tokens(block.text, limit: 4), at: 0) != nil
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

    static func classTokens(_ node: HTMLNode) -> ClassTokens {
        ClassTokens(node.attribute("class") ?? "", node.attribute("id") ?? "")
    }

    /// Visible scalars of a subtree and those inside links.
    static func measure(_ node: HTMLNode) -> (chars: Int, linkChars: Int) {
        var chars = 0, linkChars = 0
        func visit(_ node: HTMLNode, inLink: Bool) {
            switch node.kind {
            case .text(let text):
                let n = Extraction.visibleScalars(text)
                chars += n
                if inLink { linkChars += n }
            case .element(let name, _):
                for child in node.children { visit(child, inLink: inLink || name == "a") }
            }
        }
        visit(node, inLink: false)
        return (chars, linkChars)
    }

    /// The prose measures (scalars, link scalars, commas, sentence stops) of a whole subtree.
    static func prose(_ node: HTMLNode) -> Run {
        var run = Run()
        func visit(_ node: HTMLNode, inLink: Bool) {
            switch node.kind {
            case .text(let text): add(text, to: &run, inLink: inLink)
            case .element(let name, _):
                for child in node.children { visit(child, inLink: inLink || name == "a") }
            }
        }
        visit(node, inLink: false)
        return run
    }

    /// The tree without chrome elements, counting each dropped element that had text. Tags and roles of page
    /// furniture are verdicts; class and id words are hints, overruled when the element holds real prose.
    /// `commentsBox` is set when `node` is a comments box (``ParserTables/htmlCommentsClasses``), kept or not;
    /// `changed` when the node returned is not `node` itself (most subtrees of a page are returned as they are,
    /// without a copy).
    private func strippingChrome(_ node: HTMLNode, pageChars: Int, removed: inout Int, trace: inout ExtractionTrace?, commentsBox: inout Bool,
                                 changed: inout Bool) -> HTMLNode? {
        guard case .element(let name, let attributes) = node.kind else { return node }
        var reason: String?
        if name == "form", Self.wrapsPage(node) || (Self.holdsProse(node) && 2 * Self.measure(node).chars >= pageChars) {
            // ASP.NET WebForms (and other frameworks) put the whole page in one <form>: a layout wrapper, not a
            // search or comment form. Its children are judged one by one. Such a page may have no <h1> (the
            // headline in an <h2>): prose that is most of the page's text says the same (a comment form's rules
            // are prose too, but a small part of the page).
            trace?.add("kept", describe(node), "a <form> around the page's headline, article or prose: a layout wrapper", text: "")
        } else if name == "header", Self.holdsHeadline(node) {
            // An article's own <header>: the headline with its standfirst and byline, not the site's banner. Its
            // children are judged one by one, so the standfirst reaches the body.
            trace?.add("kept", describe(node), "a <header> around the page's headline: the article's own", text: "")
        } else if Self.chromeElements.contains(name) {
            reason = "page furniture element <\(name)>"
        } else if Self.chromeRoles.contains(attributes["role"] ?? "") {
            reason = "role \(attributes["role"] ?? "")"
        }
        var hinted = false
        let named = name != "body" && name != "html" && name != "article" && (attributes["class"] != nil || attributes["id"] != nil)
        let words = named ? Self.classTokens(node) : nil
        if let words {
            // A comments box is a block; a comment counter in a teaser (`<span class="comments-count">`) is not. It is
            // one whether its tag or role already made it furniture (`<aside class="comments">`) or not.
            commentsBox = words.containsAny(tables.htmlCommentsClasses) && !Self.inlineElements.contains(name)
        }
        if reason == nil, let words {
            if words.words.contains(where: tables.htmlChromeFirstWords.contains),
               let word = tables.htmlChromeClasses.first(where: { words.contains($0) }) {
                hinted = true
                if !Self.holdsProse(node) && !Self.holdsEmbeddedPost(node) {
                    reason = "class word «\(word.joined(separator: "-"))» and no prose"
                } else if trace != nil, !node.text.isEmpty {
                    trace?.add("kept", describe(node), "class word «\(word.joined(separator: "-"))» overruled: it holds prose", text: node.text)
                }
            }
        }
        if reason == nil, name == "ul" || name == "ol", isLinkList(node) { reason = "list of links" }
        if let reason {
            if Self.hasText(node) {
                removed += 1
                if trace != nil, name != "script", name != "style" { trace?.add("removed", describe(node), reason, text: node.text) }
            }
            // A list of links leaves a mark, so that the heading above it goes with it (see `collectBlocks`); so does
            // a box of links removed by its class word («related»): else its «اقرأ أيضا» line stays, and the line
            // filter takes the story's next line for the teaser it announced.
            if name == "ul" || name == "ol" || (hinted && isLinkList(node)) {
                changed = true
                return Self.removedLinkBox
            }
            return nil
        }
        // A new list of children is made only from the first child that is removed or changed.
        var children: [HTMLNode]?
        for index in node.children.indices {
            var isComments = false, childChanged = false
            let kept = strippingChrome(node.children[index], pageChars: pageChars, removed: &removed, trace: &trace, commentsBox: &isComments,
                                       changed: &childChanged)
            if isComments {
                var current = children ?? Array(node.children[..<index])
                if let last = current.lastIndex(where: { Self.measure($0).chars > 0 }), isCommentsPreface(current[last], besides: node) {
                    removed += 1
                    trace?.add("removed", describe(current[last]), "the comment section's rules or disclaimer, right before its comments box", text: current[last].text)
                    current.remove(at: last)
                    children = current
                }
            }
            if children == nil, kept == nil || childChanged { children = Array(node.children[..<index]) }
            if let kept { children?.append(kept) }
        }
        guard children != nil || hinted else { return node }
        changed = true
        var copy = node
        if let children { copy.children = children }
        if hinted, case .element(let name, var attributes) = copy.kind {
            // Kept for its prose, but still chrome by name: scoring weighs down all it holds (see `mainContent`).
            attributes[Self.chromeHintMarker] = ""
            copy.kind = .element(name: name, attributes: attributes)
        }
        return copy
    }

    /// Whether `node.text` would not be empty, found at the first text that is not (a script's source is not
    /// joined and cleaned whole only to be counted as one removal).
    static func hasText(_ node: HTMLNode) -> Bool {
        var found = false
        node.walk { child in
            guard !found else { return false }
            if case .text(let text) = child.kind, !CleanText.line(text).isEmpty { found = true }
            return !found
        }
        return found
    }

    /// Whether an element holds real prose: ``proseOverrideChars`` scalars with two sentence stops, under 30% of
    /// them link text. A class word's hint is overruled by it, and a `<form>` holding it wraps the page.
    static func holdsProse(_ node: HTMLNode) -> Bool {
        let size = prose(node)
        return size.chars >= proseOverrideChars && size.stops >= 2 && Double(size.linkChars) < 0.3 * Double(size.chars)
    }

    /// Whether `node` holds a post quoted in the story as the platforms' embed code writes it (`<blockquote
    /// class="twitter-tweet">`, `instagram-media`, `tiktok-embed`): an official's statement, kept though its box is
    /// named «social».
    static func holdsEmbeddedPost(_ node: HTMLNode) -> Bool {
        node.contains { child in
            guard child.name == "blockquote", let classes = child.attribute("class") else { return false }
            return embeddedPostClasses.contains(where: { classes.contains($0) })
        }
    }

    static let embeddedPostClasses = ["twitter-tweet", "instagram-media", "tiktok-embed"]

    /// The shortest link text read as another story's headline in a card (three words or so).
    static let teaserHeadlineChars = 15

    /// Whether `node` is a grid of teasers: three children or more of one tag and class (not paragraphs), each with a
    /// link of a short headline's length (``teaserHeadlineChars``).
    static func isTeaserGrid(_ node: HTMLNode) -> Bool {
        var groups: [String: Int] = [:]
        for child in node.children {
            guard let name = child.name, name != "p", !inlineElements.contains(name),
                  child.contains(where: { $0.name == "a" && Extraction.visibleScalars($0.text) >= teaserHeadlineChars }) else { continue }
            let key = name + " " + (child.attribute("class") ?? "")
            groups[key, default: 0] += 1
            if groups[key]! >= 3 { return true }
        }
        return false
    }

    /// Whether `node` holds the page's headline, as ``HeadlineElement`` marked it.
    static func holdsHeadline(_ node: HTMLNode) -> Bool {
        node.contains { $0.attribute(HeadlineElement.marker) != nil }
    }

    /// Whether a `<form>` wraps the page's story rather than being one of its forms: it holds an `<h1>`, `<main>`,
    /// `<article>` or an element marked `itemprop="articleBody"`. A search, comment or newsletter form holds none.
    static func wrapsPage(_ form: HTMLNode) -> Bool {
        var found = false
        form.walk { node in
            guard !found, let name = node.name else { return false }
            if name == "h1" || name == "main" || name == "article" || node.attribute("itemprop") == "articleBody" { found = true }
            return !found && !invisibleElements.contains(name)
        }
        return found
    }

    /// Whether `text` holds the bytes of `needle` (no Foundation search: it folds by locale and costs far more). Every
    /// text holds the empty needle.
    static func contains(_ text: String, _ needle: String.UTF8View) -> Bool {
        let bytes = Array(needle)
        guard !bytes.isEmpty else { return true }
        var text = text
        return text.withUTF8 { buffer in
            guard buffer.count >= bytes.count else { return false }
            for start in 0...(buffer.count - bytes.count) where buffer[start] == bytes[0] {
                var index = 1
                while index < bytes.count && buffer[start + index] == bytes[index] { index += 1 }
                if index == bytes.count { return true }
            }
            return false
        }
    }

    /// The block right before a comments box is the comment section's preface (its rules, the outlet's
    /// disclaimer) when it is a wrapper, not a paragraph of the story, speaks of comments or disclaims their
    /// opinions (``ParserTables/commentsPrefaceWords``), and holds under a third of the text beside it. Outlets put
    /// these lines above the comments widget in an unnamed box, where no class word marks them.
    ///
    /// A story box is never one, though it sits right before the comments and says «التعليقات» («وانهالت
    /// التعليقات…»): a box holding the headline, `<article>`, `<main>` or the marked body, or more than two
    /// paragraphs, is the story's (a preface is a line of rules and a disclaimer).
    func isCommentsPreface(_ node: HTMLNode, besides parent: HTMLNode) -> Bool {
        guard let name = node.name, name != "p", !Self.inlineElements.contains(name), !Self.wrapsPage(node) else { return false }
        var paragraphs = 0
        node.walk { child in
            if child.name == "p" { paragraphs += 1 }
            return paragraphs <= 2
        }
        guard paragraphs <= 2 else { return false }
        let key = MatchKey.of(node.text)
        guard tables.commentsPrefaceWords.contains(where: { Self.contains(key, $0.utf8) }) else { return false }
        return 3 * Self.measure(node).chars < Self.measure(parent).chars
    }

    /// An attribute name no HTML can carry (it has a space), set on elements kept despite a chrome class word.
    static let chromeHintMarker = " chrome-hint"
    /// An empty element standing where a list of links was removed (it has no text, so scoring does not see it).
    static let removedLinkBox = HTMLNode(kind: .element(name: "ul", attributes: [removedLinksMarker: ""]))
    /// The attribute that marks ``removedLinkBox`` (it has a space, so no HTML carries it).
    static let removedLinksMarker = " removed-links"

    /// The cells of a table row joined with « | », when it is a row of data: two cells or more, each holding text
    /// and inline markup only, 300 characters in all at most (a layout table's cells hold blocks or long prose).
    static func dataRow(_ row: HTMLNode) -> String? {
        let cells = row.children.filter { $0.name == "td" || $0.name == "th" }
        guard cells.count >= 2, cells.count == row.children.filter({ $0.name != nil }).count,
              cells.allSatisfy({ cell in cell.children.allSatisfy { $0.name == nil || inlineElements.contains($0.name!) } }) else { return nil }
        let texts = cells.map { CleanText.line($0.text) }.filter { !$0.isEmpty }
        let line = texts.joined(separator: " | ")
        guard texts.count >= 2, line.unicodeScalars.count <= 300 else { return nil }
        return line
    }

    /// A list whose text is mostly link text is a menu or a «related stories» list.
    private func isLinkList(_ list: HTMLNode) -> Bool {
        let size = Self.measure(list)
        return size.chars > 0 && size.linkChars * 2 >= size.chars
    }

    // MARK: Scoring

    /// A run of inline content: the text a reader sees as one paragraph (or several lines split by `<br>`).
    struct Run {
        var chars = 0
        var linkChars = 0
        var commas = 0
        var stops = 0
    }

    /// The prose score of a run: longer, comma-rich, sentence-ending text with few links scores high.
    static func score(_ run: Run) -> Double {
        guard run.chars >= 25 else { return 0 }
        let density = Double(run.linkChars) / Double(run.chars)
        return (1 + Double(run.commas) + min(Double(run.chars) / 100, 3) + Double(min(run.stops, 3))) * max(0, 1 - density)
    }

    /// Adds the scalars of `text` to a run.
    static func add(_ text: String, to run: inout Run, inLink: Bool) {
        for byte in text.utf8 {
            if byte & 0xC0 != 0x80, byte != 0x20, byte != 0x0A, byte != 0x09, byte != 0x0D {
                run.chars += 1
                if inLink { run.linkChars += 1 }
            }
            if byte == 0x2C { run.commas += 1 }  // ,
            if byte == 0x2E || byte == 0x21 || byte == 0x3F { run.stops += 1 }  // . ! ?
        }
        // ، (D8 8C) and ؟ (D8 9F): count by their second byte after D8
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == 0xD8 && byte == 0x8C { run.commas += 1 }
            if previous == 0xD8 && byte == 0x9F { run.stops += 1 }
            previous = byte
        }
    }

    /// Scores every element by the prose runs it holds (fully) and its children hold (half), as readability-style
    /// extractors do; returns the scores by pre-order index.
    private func scores(_ root: HTMLNode) -> [Double] {
        var scores: [Double] = []
        var parentIndex: [Int] = []
        // Position: a story's body follows its headline, so text before the page's headline <h1> (a strip of other
        // stories' summaries, a logo <h1> above them) counts for less, in every element that holds it. Without an
        // <h1> nothing changes.
        let isHeadline = HeadlineElement.predicate(in: root)
        var hasHeadline = false
        root.walk { node in
            if isHeadline(node) { hasHeadline = true }
            return !hasHeadline
        }
        var beforeHeadline = hasHeadline
        func inlineRun(_ node: HTMLNode, into run: inout Run, inLink: Bool) {
            switch node.kind {
            case .text(let text): Self.add(text, to: &run, inLink: inLink)
            case .element(let name, _):
                for child in node.children { inlineRun(child, into: &run, inLink: inLink || name == "a") }
            }
        }
        func isInline(_ node: HTMLNode) -> Bool {
            guard let name = node.name else { return true }
            return Self.inlineElements.contains(name)
        }
        func indexOnly(_ node: HTMLNode, parent: Int) {
            let index = scores.count
            scores.append(0)
            parentIndex.append(parent)
            for child in node.children { indexOnly(child, parent: index) }
        }
        @discardableResult
        func visit(_ node: HTMLNode, parent: Int) -> Int {
            let index = scores.count
            scores.append(0)
            parentIndex.append(parent)
            guard let name = node.name else { return index }
            if Self.invisibleElements.contains(name) {
                for child in node.children { indexOnly(child, parent: index) }
                return index
            }
            let paragraphLike = name == "p" || name == "pre" || name == "blockquote" || name == "li" || name == "td"
            var run = Run()
            if name == "h1", beforeHeadline, isHeadline(node) { beforeHeadline = false }
            func flush() {
                let value = Self.score(run) * (beforeHeadline ? Self.beforeHeadlineFactor : 1)
                run = Run()
                guard value > 0 else { return }
                // A <p>'s text scores for the element holding it; loose text scores for its own element.
                let owner = paragraphLike ? parent : index
                guard owner >= 0 else { return }
                scores[owner] += value
                let up = parentIndex[owner]
                if up >= 0 { scores[up] += value / 2 }
            }
            for child in node.children {
                if isInline(child) {
                    // Lines a <br> separates still belong to one body: they are scored as one run. The inline
                    // subtree still takes its pre-order indices, with no score.
                    inlineRun(child, into: &run, inLink: child.name == "a")
                    indexOnly(child, parent: index)
                } else {
                    flush()
                    visit(child, parent: index)
                }
            }
            flush()
            return index
        }
        visit(root, parent: -1)
        return scores
    }

    /// The article's content: the best-scoring element, with the siblings around it that read as prose too (a lead
    /// in its own box, paragraphs each in a wrapper). Inside an `<article>` that is not the whole page, the whole
    /// `<article>` is taken, so captions and subheadings around the text column are kept.
    /// Returns the content and the pre-order indices (in `body`) of the subtrees it holds.
    private func mainContent(_ body: HTMLNode, trace: inout ExtractionTrace?) -> (node: HTMLNode, kept: [Int]) {
        let scores = self.scores(body)
        // Class words adjust, never decide.
        var best = -1
        var bestValue = 0.0
        var path: [(node: HTMLNode, index: Int)] = []
        var bestPath: [(node: HTMLNode, index: Int)] = []
        var counter = 0
        var candidates: [(value: Double, node: HTMLNode)] = []
        let tracing = trace != nil
        // A chrome word on an element is a hint about all it holds (a `comments-rules` box's list of rules), except on
        // the page- and story-level containers, whose classes describe the page's state (`comments-open`).
        func visit(_ node: HTMLNode, inChrome: Bool = false) {
            let index = counter
            counter += 1
            guard node.name != nil else { return }
            path.append((node, index))
            defer { path.removeLast() }
            var value = scores[index]
            // The story's own container cuts a hint inherited from a layout wrapper (`has-sidebar`,
            // `page-comments-enabled`) unless it is named as chrome itself (a comment's <article class=comment>).
            let inherited = inChrome && !(Self.isStoryContainer(node) && !Self.classTokens(node).containsAny(tables.htmlChromeClasses))
            let chrome = inherited || node.attribute(Self.chromeHintMarker) != nil
            if value > 0 {
                let words = Self.classTokens(node)
                if words.containsAny(Self.contentHints) { value *= 1.25 }
                if chrome || words.containsAny(tables.htmlChromeClasses) { value *= 0.3 }
                // A grid of other stories' cards (a headline link and a summary each) outweighs a short story,
                // whatever its class is called.
                if Self.isTeaserGrid(node) { value *= 0.3 }
                if tracing { candidates.append((value, node)) }
                if value > bestValue {
                    bestValue = value
                    best = index
                    bestPath = path
                }
            }
            for child in node.children { visit(child, inChrome: chrome) }
        }
        visit(body)
        if tracing {
            for candidate in candidates.sorted(by: { $0.value > $1.value }).prefix(5) {
                trace?.add("candidate", describe(candidate.node), score: candidate.value, "prose score (text, commas, stops, links)", text: candidate.node.text)
            }
        }
        guard best >= 0, let top = bestPath.last else {
            trace?.add("removed", "body", "no block reads as prose: the whole page is taken", text: "")
            return (body, [0])
        }
        // An enclosing <article> that is not a wrapper of the whole page.
        let topSize = Self.measure(top.node).chars
        if let article = bestPath.dropLast().last(where: { $0.node.name == "article" }),
           Self.measure(article.node).chars <= 3 * max(topSize, 1) {
            trace?.add("chosen", describe(article.node), score: bestValue, "the <article> around the best block", text: article.node.text)
            if let entries = liveBlogEntries(around: article, in: bestPath, trace: &trace) { return entries }
            return (article.node, [article.index])
        }
        trace?.add("chosen", describe(top.node), score: bestValue, "best prose block", text: top.node.text)
        guard bestPath.count >= 2 else { return (top.node, [top.index]) }
        // Siblings that read as prose or are the story's figure or lead join the top element, in order.
        let parent = bestPath[bestPath.count - 2]
        var indices: [Int] = []
        var next = parent.index + 1
        for child in parent.node.children {
            indices.append(next)
            next += Self.subtreeSize(child)
        }
        var kept: [HTMLNode] = []
        var roots: [Int] = []
        for (child, index) in zip(parent.node.children, indices) {
            if index == top.index {
                kept.append(child)
                roots.append(index)
                continue
            }
            guard let name = child.name else { continue }
            let size = Self.measure(child)
            let density = size.chars == 0 ? 1 : Double(size.linkChars) / Double(size.chars)
            let words = Self.classTokens(child)
            let prose = size.chars >= 40 && density < 0.25 && (scores[index] >= 0.2 * scores[top.index] || name == "p" || name == "h2"
                                                                || words.containsAny(Self.leadHints))
            let figure = name == "figure" || name == "figcaption" || words.containsAny(Self.captionHints)
            if prose || (figure && size.chars > 0) {
                kept.append(child)
                roots.append(index)
                trace?.add("joined", describe(child), score: scores[index], figure && !prose ? "the story's figure beside the body" : "sibling that reads as prose", text: child.text)
            } else if size.chars > 0 {
                trace?.add("removed", describe(child), score: scores[index], "sibling of the body that is not prose", text: child.text)
            }
        }
        return (HTMLNode(kind: .element(name: "div", attributes: [:]), children: kept), roots)
    }

    /// A live blog gives each update its own `<article>`, side by side under the page's headline: when the chosen
    /// `<article>` does not hold the headline and siblings of the same tag and class hold prose too (80 characters
    /// and a sentence stop, little link text, no headline link: a teaser card has one), all of them are the story,
    /// in page order.
    private func liveBlogEntries(around article: (node: HTMLNode, index: Int), in path: [(node: HTMLNode, index: Int)],
                                 trace: inout ExtractionTrace?) -> (HTMLNode, [Int])? {
        guard !Self.holdsHeadline(article.node), let position = path.firstIndex(where: { $0.index == article.index }), position > 0,
              let classes = article.node.attribute("class"), !classes.isEmpty else { return nil }
        let parent = path[position - 1]
        var kept: [HTMLNode] = []
        var roots: [Int] = []
        var next = parent.index + 1
        for child in parent.node.children {
            defer { next += Self.subtreeSize(child) }
            guard child.name == "article", child.attribute("class") == classes else { continue }
            let size = Self.prose(child)
            if next == article.index || (size.chars >= 80 && size.stops >= 1 && Double(size.linkChars) < 0.3 * Double(size.chars)
                                         && !Self.hasHeadlineLink(child)) {
                kept.append(child)
                roots.append(next)
                if next != article.index { trace?.add("joined", describe(child), "another update of a live blog: an <article> like the chosen one", text: child.text) }
            }
        }
        guard kept.count >= 2 else { return nil }
        return (HTMLNode(kind: .element(name: "div", attributes: [:]), children: kept), roots)
    }

    /// Whether a card leads with a link to another story: a link of ``teaserHeadlineChars`` or more outside any
    /// paragraph (its headline, or a heading's link). An update of a live blog links in its text, if at all.
    static func hasHeadlineLink(_ card: HTMLNode) -> Bool {
        var found = false
        func visit(_ node: HTMLNode) {
            guard !found, let name = node.name, name != "p" else { return }
            if name == "a", Extraction.visibleScalars(node.text) >= teaserHeadlineChars { found = true; return }
            for child in node.children { visit(child) }
        }
        for child in card.children { visit(child) }
        return found
    }

    /// A paragraph-level element outside the chosen content, in document order (see ``storyOutside``).
    struct OutsideText {
        var node: HTMLNode
        /// Visible scalars.
        var chars: Int
        /// Whether a reader would take it for the story's prose (``isStoryProse``).
        var prose: Bool
        /// Visible scalars inside links.
        var links: Int
        var heading: Bool

        /// Text between the content and more prose that says the story has ended: a heading, a link (another
        /// story's headline, a tag), or text longer than a label (``blockingChars``).
        var blocks: Bool { !prose && (heading || links >= HTMLArticleParser.teaserLinkChars || chars >= HTMLArticleParser.blockingChars) }
    }

    /// Link text that reads as another story's headline rather than a byline: between a lede and the content, it says
    /// the lede belongs to something else.
    static let headlineLinkChars = 30
    /// Link text beside a paragraph, in its card, that makes it a teaser of another story.
    static let teaserLinkChars = 10
    /// How many levels above a paragraph its card may be (the card's own box, its text column, the card).
    static let teaserCardDepth = 3

    /// The text of the story's region outside the chosen content (`keptRoots`, pre-order indices in `body`): the
    /// elements that hold text directly (paragraphs, blockquotes, boxes of inline content), in document order, split
    /// into those before the content and those after it. The region is the smallest element that holds both the
    /// headline and the content; a page without a headline has none. Boxes kept only for their prose despite a
    /// chrome class, and other `<article>` elements than the one holding the content, are skipped.
    private func textOutside(_ body: HTMLNode, keptRoots: [Int]) -> (before: [OutsideText], after: [OutsideText]) {
        let sizes = SubtreeSizes(body)
        let kept = keptRoots.map { $0..<sizes.end[$0] }
        let isHeadline = HeadlineElement.predicate(in: body)
        var headline = -1
        var counter = 0
        body.walk { node in
            guard headline < 0 else { return false }
            if isHeadline(node) { headline = counter }
            counter += 1
            return true
        }
        let contentStart = kept.map(\.lowerBound).min() ?? 0
        var before: [OutsideText] = [], after: [OutsideText] = []
        // The story's region: the smallest element holding both the headline and the content. Without a headline
        // nothing marks where the story's page ends and the site's begins (an «about us» box, other stories).
        guard headline >= 0 else { return ([], []) }
        var region = (node: body, index: 0)
        descend: while true {
            var child = region.index + 1
            for element in region.node.children {
                let span = child..<sizes.end[child]
                if span.contains(headline) && span.contains(contentStart) {
                    region = (element, child)
                    continue descend
                }
                child = sizes.end[child]
            }
            break
        }
        /// Whether a box holds the headline or the content: the story's wrappers, whose links (the body's own, a
        /// linked headline) say nothing about a paragraph beside them.
        func wrapsStory(_ index: Int) -> Bool {
            let span = index..<sizes.end[index]
            return span.contains(headline) || kept.contains { span.contains($0.lowerBound) }
        }
        var ancestors: [Int] = []
        func visit(_ node: HTMLNode, at index: Int) {
            guard case .element(let name, _) = node.kind, !Self.invisibleElements.contains(name),
                  node.attribute(Self.chromeHintMarker) == nil, sizes.chars[index] > 0,
                  !kept.contains(where: { $0.contains(index) }) else { return }
            // Another `<article>` (a teaser card, the next story of an endless page) holds another story.
            if name == "article", !(index..<sizes.end[index]).contains(contentStart) { return }
            let inline = node.children.allSatisfy { $0.name == nil || Self.inlineElements.contains($0.name!) }
            if name == "p" || name == "blockquote" || inline {
                // A teaser: a summary in the same card as another story's headline link. The card is the largest
                // box up to three levels above that is not one of the story's own wrappers.
                let card = ancestors.suffix(Self.teaserCardDepth).first { !wrapsStory($0) } ?? index
                let linksBeside = sizes.linkChars[card] - sizes.linkChars[index]
                let prose = index > headline && linksBeside < Self.teaserLinkChars && isStoryProse(node)
                let text = OutsideText(node: node, chars: sizes.chars[index], prose: prose,
                                       links: sizes.linkChars[index], heading: Self.headingElements.contains(name))
                if index < contentStart { before.append(text) } else { after.append(text) }
                return
            }
            ancestors.append(index)
            defer { ancestors.removeLast() }
            var child = index + 1
            for element in node.children {
                visit(element, at: child)
                child = sizes.end[child]
            }
        }
        visit(region.node, at: region.index)
        return (before, after)
    }

    /// Whether an element outside the content reads as a paragraph of a story: ``leftOutMinimum`` scalars or more,
    /// eight words, a sentence stop, and under a tenth of it link text.
    private func isStoryProse(_ node: HTMLNode) -> Bool {
        let run = Self.prose(node)
        guard run.chars >= Self.leftOutMinimum, run.stops >= 1, run.linkChars * 10 < run.chars else { return false }
        return LineShape(node.text).words >= 8
    }

    /// Story prose the chosen content missed, joined to it where the page's layout says it is the same story, and
    /// the visible scalars of the prose that is left out (each traced, so `--explain` names what the record lacks):
    /// - prose after the headline and right before the content (a lede or standfirst in a box of its own) is joined
    ///   in front, back from the content up to a headline link or a long text (a byline, a date line, a caption or
    ///   a heading between them does not part them);
    /// - prose right after the content (a closing section after an ad slot) is joined behind, up to the first
    ///   heading, link or longer text (``OutsideText/blocks``);
    /// - any other prose after the headline, up to the page's footer marker («التعليقات»), is left out and counted.
    private func storyOutside(_ body: HTMLNode, content: (node: HTMLNode, kept: [Int]), trace: inout ExtractionTrace?)
        -> (node: HTMLNode, leftOut: Int) {
        let outside = textOutside(body, keptRoots: content.kept)
        var front: [HTMLNode] = [], back: [HTMLNode] = []
        var leftOut = 0
        func leaveOut(_ text: OutsideText, _ why: String) {
            leftOut += text.chars
            trace?.add("left out", describe(text.node), score: Self.score(Self.prose(text.node)), why, text: text.node.text)
        }
        // Before the content, from the content back up to the headline: prose joins unless another story stands
        // between (a headline link, a long text). A byline, a date line, a caption or a share heading does not.
        var blocked = false
        for text in outside.before.reversed() {
            if text.prose && !blocked {
                front.insert(text.node, at: 0)
                trace?.add("joined", describe(text.node), score: Self.score(Self.prose(text.node)), "prose between the headline and the content", text: text.node.text)
            } else if text.prose {
                leaveOut(text, "prose between the headline and the content, apart from it")
            } else if text.links >= Self.headlineLinkChars || text.chars >= Self.blockingChars * 3 {
                blocked = true
            }
        }
        blocked = false
        let filter = BoilerplateFilter(tables: tables)
        for text in outside.after {
            // The page's footer («التعليقات», «الأكثر قراءة»): readers' comments are not the story's prose.
            if !text.prose, text.chars < 60, filter.isEndMarker(TextBlock(text: text.node.text, group: 0)) { break }
            if text.prose && !blocked {
                back.append(text.node)
                trace?.add("joined", describe(text.node), score: Self.score(Self.prose(text.node)), "prose right after the content", text: text.node.text)
            } else if text.prose {
                leaveOut(text, "prose outside the content, after other text")
            } else if text.blocks {
                blocked = true
            }
        }
        guard !front.isEmpty || !back.isEmpty else { return (content.node, leftOut) }
        return (HTMLNode(kind: .element(name: "div", attributes: [:]), children: front + [content.node] + back), leftOut)
    }

    /// Text outside the content at least this long (in visible scalars) ends the prose joined to it («التعليقات», a
    /// newsletter line): shorter text is an ad slot's label or a share count.
    static let blockingChars = 40
    static let headingElements: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]

    /// The least visible scalars of a paragraph outside the content that counts as story prose.
    static let leftOutMinimum = 80

    /// An element that says it holds the page's story: `<main>`, `<article>`, `role="main"`,
    /// `itemprop="articleBody"`.
    static func isStoryContainer(_ node: HTMLNode) -> Bool {
        switch node.name {
        case "main"?, "article"?: return true
        case nil: return false
        default: return node.attribute("itemprop") == "articleBody" || node.attribute("role") == "main"
        }
    }

    /// The visible scalars and link scalars of every subtree of a tree, by pre-order index, with the index after
    /// each subtree: measured once, bottom-up, so asking every element of a deep page costs one walk, not one per
    /// level.
    struct SubtreeSizes {
        var chars: [Int] = []
        var linkChars: [Int] = []
        var end: [Int] = []

        init(_ root: HTMLNode) {
            func visit(_ node: HTMLNode, inLink: Bool) {
                let index = chars.count
                chars.append(0)
                linkChars.append(0)
                end.append(0)
                switch node.kind {
                case .text(let text):
                    let n = Extraction.visibleScalars(text)
                    chars[index] = n
                    if inLink { linkChars[index] = n }
                case .element(let name, _):
                    var childIndex = index + 1
                    for child in node.children {
                        visit(child, inLink: inLink || name == "a")
                        chars[index] += chars[childIndex]
                        linkChars[index] += linkChars[childIndex]
                        childIndex = end[childIndex]
                    }
                }
                end[index] = chars.count
            }
            visit(root, inLink: false)
        }
    }

    /// The number of nodes in a subtree (the pre-order indices it spans).
    static func subtreeSize(_ node: HTMLNode) -> Int {
        var count = 0
        node.walk { _ in count += 1; return true }
        return count
    }

    // MARK: Blocks

    /// Turns the container's content into blocks, with the hint its markup gives. Link boxes inside the content
    /// (related stories, tag lists) are dropped and counted.
    private func collectBlocks(_ node: HTMLNode, at index: Int, sizes: SubtreeSizes, into blocks: inout [TextBlock], group: inout Int, removed: inout Int,
                               seenProse: inout Bool, trace: inout ExtractionTrace?) {
        guard case .element(let name, _) = node.kind else {
            if case .text(let text) = node.kind { appendLines(text, hint: nil, into: &blocks, group: group, seenProse: &seenProse) }
            return
        }
        if node.attribute(Self.removedLinksMarker) != nil {
            dropLinkBoxHeading(&blocks, removed: &removed, trace: &trace)
            return
        }
        let words = Self.classTokens(node)
        var hint: TextBlock.Hint?
        switch name {
        case "p", "li", "pre": hint = .paragraph
        case "blockquote": hint = .quote
        case "h1", "h2", "h3", "h4", "h5", "h6": hint = .heading
        case "figcaption", "caption": hint = .caption
        default: hint = nil
        }
        if words.containsAny(Self.captionHints) { hint = .caption }
        else if words.containsAny(Self.leadHints), hint != .heading || !seenProse { hint = .lead }
        // A headline-level sentence above the first paragraph is the lead, not a subheading.
        if hint == .heading, name != "h1", !seenProse {
            let shape = LineShape(node.text)
            if shape.terminated || shape.words >= 12 { hint = .lead }
        }
        // A box of links (related stories, tags, «read more» lists) inside the article.
        if name != "p", name != "a", hint != .paragraph {
            let size = (chars: sizes.chars[index], linkChars: sizes.linkChars[index])
            if size.linkChars > 0, Double(size.linkChars) >= Self.linkBoxDensity * Double(size.chars),
               !node.children.allSatisfy({ $0.name == nil || Self.inlineElements.contains($0.name!) }) || name == "div" || name == "section" {
                removed += 1
                trace?.add("removed", describe(node), "box of links inside the article", text: node.text)
                dropLinkBoxHeading(&blocks, removed: &removed, trace: &trace)
                return
            }
        }
        // A row of a data table (results, figures) is one line, its cells joined: cell by cell, the figures were
        // lines without a letter and left the body, and the row's parts lost each other.
        if name == "tr", let row = Self.dataRow(node) {
            appendLines(row, hint: .paragraph, into: &blocks, group: group, seenProse: &seenProse)
            return
        }
        let hasBlockChild = node.children.contains { $0.name != nil && !Self.inlineElements.contains($0.name!) }
        if let hint, !hasBlockChild {
            // Paragraph-level elements are taken whole, one block per line break inside.
            appendLines(node.rawText, hint: hint, into: &blocks, group: group, seenProse: &seenProse)
            return
        }
        group += 1
        // Inline runs (text beside <br>, <strong>, links) are gathered into lines, not split at each tag.
        var run = ""
        func flushRun() {
            guard !run.isEmpty else { return }
            appendLines(run, hint: hint, into: &blocks, group: group, seenProse: &seenProse)
            run = ""
        }
        var childIndex = index + 1
        for child in node.children {
            if child.name == nil || Self.inlineElements.contains(child.name!) {
                run += child.rawText
            } else {
                flushRun()
                collectBlocks(child, at: childIndex, sizes: sizes, into: &blocks, group: &group, removed: &removed, seenProse: &seenProse, trace: &trace)
            }
            childIndex = sizes.end[childIndex]
        }
        flushRun()
        group += 1
    }

    /// Removes the heading right above a box of links that was removed («اخترنا لك», «اقرأ أيضا»): left alone, it
    /// would read as the page's footer marker and cut the story after it, or take the next subheading for a teaser.
    private func dropLinkBoxHeading(_ blocks: inout [TextBlock], removed: inout Int, trace: inout ExtractionTrace?) {
        guard let last = blocks.last, !last.shape.terminated, last.shape.words <= 5,
              BoilerplateFilter(tables: tables).isLinkBoxHeading(last) else { return }
        blocks.removeLast()
        removed += 1
        trace?.add("removed", "line", "the heading of a box of links", text: last.text)
    }

    /// The blocks of an HTML fragment that is an article's body as a whole (a JSON body written as HTML): every
    /// visible line, with the hint its markup gives. Scripts and styles are left out; boxes of links are dropped and
    /// counted in `removed`.
    package func fragmentBlocks(_ root: HTMLNode, removed: inout Int) -> [TextBlock] {
        func visible(_ node: HTMLNode) -> HTMLNode {
            var copy = node
            copy.children = node.children.compactMap { child in
                child.name.map(Self.invisibleElements.contains) == true ? nil : visible(child)
            }
            return copy
        }
        let fragment = visible(root)
        var blocks: [TextBlock] = []
        var group = 0
        var seenProse = false
        var trace: ExtractionTrace?
        collectBlocks(fragment, at: 0, sizes: SubtreeSizes(fragment), into: &blocks, group: &group, removed: &removed,
                      seenProse: &seenProse, trace: &trace)
        return blocks
    }

    private func appendLines(_ text: String, hint: TextBlock.Hint?, into blocks: inout [TextBlock], group: Int, seenProse: inout Bool) {
        for line in MatchKey.lines(HTMLEntities.decode(text)) where !CleanText.line(line).isEmpty {
            let block = TextBlock(text: String(line), group: group, hint: hint)
            if block.shape.terminated && block.shape.words >= 8 || hint == .paragraph && block.shape.words >= 8 { seenProse = true }
            blocks.append(block)
        }
    }
}
