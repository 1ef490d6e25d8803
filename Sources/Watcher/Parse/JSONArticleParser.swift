import Foundation

/// Reads one article object as scrapers write it. Known keys fill the article; every other key is kept, as
/// JSON, under `extra`, and so is a date value that cannot be read, so nothing in the file is lost.
package struct JSONArticleParser: Sendable {
    let tables: ParserTables

    package init(tables: ParserTables) { self.tables = tables }

    static let titleKeys = ["title", "headline"]
    static let subtitleKeys = ["subtitle", "alternativeHeadline"]
    /// Standfirst keys: news-please and NewsAPI `description`, WordPress `excerpt`, trafilatura `excerpt`.
    static let leadKeys = ["lead", "standfirst", "summary", "description", "excerpt", "abstract", "teaser"]
    /// Body keys, the first present one read first: news-please writes `maintext`, WordPress `content`.
    /// Arc XP writes `content_elements`, a JSON Feed item `content_html` / `content_text`.
    static let bodyKeys = ["text", "body", "content", "articleBody", "maintext", "article_text", "full_text", "fulltext",
                           "content_elements", "content_html", "content_text", "body_html", "paragraphs"]
    /// Inside a body given as an object or a list of objects: the keys that hold its text (Drupal `{"value": …}`,
    /// WordPress `rendered`, Arc XP's `{"type": "text", "content": …}`, a block's `text`, a list block's `items`).
    static let nestedTextKeys = ["rendered", "value", "html", "content", "text", "body", "items", "children", "caption"]
    /// Inline nodes of rich-text trees (Contentful's `nodeType`, ProseMirror's `type`, Portable Text's `_type`): their
    /// texts run together into one paragraph, spaces included, rather than one paragraph each.
    static let inlineNodeTypes: Set<String> = ["text", "hyperlink", "link", "entry-hyperlink", "asset-hyperlink", "span"]
    /// Keys under which a feed or an API response lists several articles.
    static let feedKeys = ["items", "articles", "entries", "results"]
    static let publishedKeys = ["date", "published", "published_at", "datePublished", "pubDate", "date_publish", "publishedAt",
                                "publish_date", "published_date", "date_published", "publication_date", "pub_date"]
    static let updatedKeys = ["updated", "modified", "updated_at", "dateModified", "date_modify", "date_modified", "modified_at",
                              "updatedAt", "modifiedAt", "last_modified"]
    static let sourceKeys = ["source", "site", "site_name", "publisher", "sitename", "source_domain", "source-hostname", "hostname"]
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
        // A feed (JSON Feed's `items`, NewsAPI's `articles`) holds several articles: its name and description are
        // not one article's title and lead, and its stories would be lost under `extra`.
        if !Self.bodyKeys.contains(where: { object[$0] != nil }),
           let (key, count) = Self.feedKeys.lazy.compactMap({ key in Self.articleList(object[key]).map { (key, $0) } }).first {
            throw IngestError(code: .malformed, message: "The JSON file is a feed of \(count) articles (under \"\(key)\"), not one article. Write one article per file, for example with jq -c '.\(key)[]'.")
        }
        // WordPress's REST API wraps its texts: {"title": {"rendered": "…"}, "content": {"rendered": "<p>…"}}.
        for (key, raw) in object {
            if let wrapped = raw as? [String: Any], let rendered = wrapped["rendered"] as? String { object[key] = rendered }
        }
        var article = Article()
        article.title = take(Self.titleKeys, from: &object) { LinkedData.string($0) }
        article.subtitle = take(Self.subtitleKeys, from: &object) { LinkedData.string($0) }
        // trafilatura writes the page's address under `source` and the site's name under `source-hostname`: a
        // `source` that is a page's address (a path or a query after the host) is the url. Any other value names
        // the outlet, a site's address included, as it did.
        let sourcePage = object["source"].flatMap(Self.pageAddress)
        if sourcePage != nil { object["source"] = nil }
        article.source = take(Self.sourceKeys, from: &object) { LinkedData.names($0) }
        article.url = take(Self.urlKeys, from: &object) { LinkedData.string($0) } ?? sourcePage
        // Beside another url it stays under `extra`, as written.
        if let sourcePage, article.url != sourcePage { object["source"] = sourcePage }
        // WordPress gives the author as a user number: that is no name.
        article.author = take(Self.authorKeys, from: &object) { $0 is NSNumber ? nil : LinkedData.names($0) }
        article.language = take(Self.languageKeys, from: &object) { LinkedData.string($0).map(HTMLArticleParser.primaryLanguage) }
        article.published = take(Self.publishedKeys, from: &object) { date($0) }
        article.updated = take(Self.updatedKeys, from: &object) { date($0) }
        // WordPress gives `date` as the site's clock shows it, without an offset, and `date_gmt` in UTC: the two
        // together give the offset, and the UTC time alone is better than no time.
        for (key, utcKey) in [(\Article.published, "date_gmt"), (\Article.updated, "modified_gmt")] {
            let local = article[keyPath: key]
            article[keyPath: key] = take([utcKey], from: &object) { raw in Self.utc(raw).flatMap { Self.local(local, at: $0) } } ?? local
        }
        var charsIn = Extraction.visibleScalars(article.title ?? "") + Extraction.visibleScalars(article.subtitle ?? "")
        var removed = 0
        let titleKey = article.title.map { TableKey($0) }
        var body = take(Self.bodyKeys, from: &object) { bodyBlocks($0, titleKey: titleKey, removed: &removed) } ?? BodyText()
        // Every other body key is read too: a second text the first lacks reaches the rules, not only `extra`.
        // Paragraphs the body already holds (the same story as text and as HTML) are not repeated.
        for key in Self.bodyKeys {
            guard let raw = object[key], let more = bodyBlocks(raw, titleKey: titleKey, removed: &removed) else { continue }
            object[key] = nil
            body.append(more)
        }
        // A standfirst the body does not already hold is the article's lead.
        if let lead = take(Self.leadKeys, from: &object, { bodyBlocks($0, titleKey: titleKey, removed: &removed) }) { body.insertLead(lead) }
        charsIn += body.charsIn
        // A body key in a shape not understood stays under `extra`, which the rules do not read: its prose counts as
        // input, so the record warns that the body is a small share of what the file held.
        for key in Self.bodyKeys { if let raw = object[key] { charsIn += Self.proseScalars(raw) } }
        if !object.isEmpty,
           let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
            article.extraJSON = String(decoding: data, as: UTF8.self)
        }
        article.boilerplateRemoved += removed
        article.extraction = Extraction(method: .json, charsIn: charsIn, charsKept: 0)
        article.extraction?.joinedLines = body.joinedLines
        ArticleAssembler(tables: tables).complete(&article, body: body.blocks)
        return article
    }

    /// The blocks read from one or more body keys, with the visible scalars their values held.
    struct BodyText {
        var blocks: [TextBlock] = []
        var charsIn = 0
        var joinedLines = 0

        /// The body's blocks' keys joined by spaces: a text that holds a paragraph however the paragraphs were split.
        var joinedKey: String { blocks.map { String(decoding: $0.tableKey.utf8, as: UTF8.self) }.joined(separator: " ") }

        /// Whether the body already holds `block`'s text (an empty block counts as held).
        static func holds(_ joinedKey: String, _ block: TextBlock) -> Bool {
            HTMLArticleParser.contains(joinedKey, String(decoding: block.tableKey.utf8, as: UTF8.self).utf8)
        }

        /// Adds the blocks of another body key that this body does not hold yet, however each copy split its
        /// paragraphs (the same story as one line and as `<p>`s is not repeated); only their scalars count as input.
        /// A line of under three words (a subheading, a name) counts as held only as a line of its own. Long
        /// bodies are compared line by line (one scan of the body per block would be quadratic).
        mutating func append(_ other: BodyText) {
            let own = Set(blocks.map(\.tableKey))
            let held = blocks.count * other.blocks.count <= Self.comparedPairs ? joinedKey : nil
            let group = (blocks.map(\.group).max() ?? 0) + 1
            for var block in other.blocks where !own.contains(block.tableKey) {
                if block.tableKey.count == 0 { continue }
                if let held, block.shape.words >= 3, Self.holds(held, block) { continue }
                block.group += group
                blocks.append(block)
                charsIn += Extraction.visibleScalars(block.text)
            }
            joinedLines += other.joinedLines
        }

        /// Puts a standfirst in front as lead blocks, unless the body already holds its text. A standfirst cut short
        /// with an ellipsis («… الحادث...») is held when the body holds it up to its last whole word.
        mutating func insertLead(_ lead: BodyText) {
            let held = joinedKey
            // One scan of the body per lead block: a standfirst is a few paragraphs; a file that gives thousands is
            // taken whole rather than compared line by line.
            let compared = lead.blocks.count <= Self.comparedLeadBlocks
            let new = lead.blocks.filter { block in
                guard compared else { return true }
                return !Self.holds(held, block) && !Self.holds(held, Self.withoutEllipsis(block))
            }
            guard !new.isEmpty else { return }
            charsIn += Extraction.visibleScalars(of: new)
            let leadGroup = (blocks.map(\.group).min() ?? 0) - 1
            blocks.insert(contentsOf: new.map { block in
                var block = block
                block.group = leadGroup
                block.hint = .lead
                return block
            }, at: 0)
        }

        static let comparedLeadBlocks = 20
        static let comparedPairs = 40_000

        /// A line cut short with «...» or «…»: without the ellipsis and the word it may have cut.
        static func withoutEllipsis(_ block: TextBlock) -> TextBlock {
            var text = Substring(block.text)
            var cut = false
            var dots = 0
            while let last = text.unicodeScalars.last, last == "." || last == "\u{2026}" || last == " " {
                if last == "\u{2026}" { cut = true }
                if last == "." { dots += 1 }
                text = Substring(text.unicodeScalars.dropLast())
            }
            // One full stop ends a sentence; two or more dots, or «…», cut it.
            cut = cut || dots >= 2
            guard cut, let space = text.lastIndex(of: " ") else { return block }
            return TextBlock(text: String(text[..<space]), group: block.group)
        }
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

    /// A JSON value that is the address of a page (`https://host/path…`), not of a whole site; nil for anything else.
    static func pageAddress(_ value: Any) -> String? {
        guard let text = (value as? String)?.trimmingSpaces else { return nil }
        let lower = text.lowercased()
        guard let scheme = ["https://", "http://"].first(where: lower.hasPrefix) else { return nil }
        // What follows the host: a path or a query names a page; nothing, «/» or a fragment alone names the site.
        let rest = lower.dropFirst(scheme.count)
        guard let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) else { return nil }
        let page = rest[end...].drop { $0 == "/" }
        return page.isEmpty || page.first == "#" ? nil : text
    }

    /// A UTC time as WordPress writes `date_gmt` (ISO 8601 with a clock time, no offset or a zero one).
    static func utc(_ value: Any) -> CalendarDate? {
        guard let text = value as? String, var date = CalendarDate(iso: text), date.day != nil, date.time != nil,
              date.offsetMinutes ?? 0 == 0 else { return nil }
        date.offsetMinutes = 0
        return date
    }

    /// `local` (the site's clock, no offset) with the offset that `utc` implies; `utc` itself when there is no local
    /// time to set; nil (the UTC key stays under `extra`) when `local` has an offset already or the two disagree by
    /// more than a time zone can (14 hours, or not a whole quarter hour).
    static func local(_ local: CalendarDate?, at utc: CalendarDate) -> CalendarDate? {
        guard var local else { return utc }
        guard local.offsetMinutes == nil, let time = local.time, let day = local.dayNumber,
              let utcTime = utc.time, let utcDay = utc.dayNumber else { return nil }
        let seconds = (day - utcDay) * 86_400 + (time.hour - utcTime.hour) * 3_600 + (time.minute - utcTime.minute) * 60
            + (time.second - utcTime.second)
        guard abs(seconds) <= 14 * 3_600, seconds % 900 == 0 else { return nil }
        local.offsetMinutes = seconds / 60
        return local
    }

    /// A date as ISO 8601, RFC 822 (RSS), a Unix time in seconds or milliseconds, or Arabic text.
    private func date(_ value: Any) -> CalendarDate? {
        if value is Bool { return nil }
        if let number = value as? NSNumber { return CalendarDate(unixTime: number.int64Value) }
        guard let text = LinkedData.string(value) else { return nil }
        if text.utf8.count == 10 || text.utf8.count == 13, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int64(text) {
            return CalendarDate(unixTime: number)
        }
        return CalendarDate(iso: text) ?? CalendarDate(internet: text) ?? ArabicDateParser(tables: tables).firstAbsoluteDate(in: text)
    }

    /// `text` without its tags (`<` then a letter, `/` or `!`, up to the next `>` on the same line); everything else,
    /// line breaks included, as it was. A `<` that opens no tag («3 < 5») stays.
    static func withoutInlineTags(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(0x3C) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x3C, i + 1 < bytes.count, Self.opensTag(bytes[i + 1]),
               let close = bytes[(i + 1)...].firstIndex(where: { $0 == 0x3E || $0 == 0x0A }), bytes[close] == 0x3E {
                i = close + 1
                continue
            }
            out.append(byte)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func opensTag(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2F || byte == 0x21
    }

    /// Tags that make a text body HTML (compared in lowercase): paragraph-level markup. A link or a bold word inside plain text does not.
    static let htmlMarks = ["<p>", "<p ", "</p>", "<br", "</div>", "</h1>", "</h2>", "</h3>", "</h4>", "</li>", "</td>",
                            "</blockquote>", "</section>", "</article>"]

    /// How many article objects `value` lists (each with a body key: a list of headlines is not a feed), or nil when
    /// it is not such a list.
    static func articleList(_ value: Any?) -> Int? {
        guard let list = value as? [Any], !list.isEmpty else { return nil }
        let articles = list.filter { item in
            guard let object = item as? [String: Any] else { return false }
            return bodyKeys.contains { object[$0] != nil }
        }
        return articles.count == list.count ? list.count : nil
    }

    /// The text of an inline rich-text node (its own `value` or `text`, or its inline children's run together), or
    /// nil when `value` is not one.
    static func inlineText(_ value: Any) -> String? {
        guard let object = value as? [String: Any],
              let type = (object["nodeType"] ?? object["type"] ?? object["_type"]) as? String, inlineNodeTypes.contains(type) else { return nil }
        if let text = (object["value"] ?? object["text"]) as? String { return text }
        guard let children = (object["content"] ?? object["children"]) as? [Any] else { return nil }
        var run = ""
        for child in children {
            guard let text = inlineText(child) else { return nil }
            run += text
        }
        return run
    }

    /// Visible scalars of the prose strings inside `value` (strings with a space: not ids, types or addresses).
    static func proseScalars(_ value: Any) -> Int {
        switch value {
        case let text as String: return text.utf8.contains(0x20) ? Extraction.visibleScalars(text) : 0
        case let list as [Any]: return list.reduce(0) { $0 + proseScalars($1) }
        case let object as [String: Any]: return object.values.reduce(0) { $0 + proseScalars($1) }
        default: return 0
        }
    }

    /// Escaped paragraph markup («&lt;p&gt;»): HTML written into a text field once more escaped.
    static let escapedHTMLMarks = ["&lt;p&gt;", "&lt;/p&gt;", "&lt;br", "&lt;/div&gt;", "&lt;/h2&gt;"]

    /// A body given as text (paragraphs on their own lines, perhaps hard-wrapped), as HTML (escaped once more too),
    /// as an object holding either (``nestedTextKeys``), or as a list of any of these (paragraphs, HTML fragments,
    /// Arc XP's content elements); with the visible scalars it held and how many wrapped line breaks were joined.
    /// Parts of a list that hold no text it can read count as input only. A web page's JSON-LD `articleBody` is read
    /// here too.
    func bodyBlocks(_ value: Any, titleKey: TableKey?, removed: inout Int, depth: Int = 0) -> BodyText? {
        guard depth < 8 else { return nil }
        if let object = value as? [String: Any] {
            // A rich-text paragraph: its inline nodes are one line.
            for key in ["content", "children"] {
                guard let children = object[key] as? [Any], !children.isEmpty else { continue }
                let texts = children.map(Self.inlineText)
                guard texts.allSatisfy({ $0 != nil }) else { continue }
                let line = texts.map { $0! }.joined()
                let clean = CleanText.line(line)
                return clean.isEmpty ? nil : BodyText(blocks: [TextBlock(text: clean, group: 0)], charsIn: Extraction.visibleScalars(line))
            }
            for key in Self.nestedTextKeys {
                if let raw = object[key], let body = bodyBlocks(raw, titleKey: titleKey, removed: &removed, depth: depth + 1) { return body }
            }
            return nil
        }
        if let list = value as? [Any] {
            var body = BodyText()
            var read = 0
            for (index, item) in list.enumerated() {
                guard let part = bodyBlocks(item, titleKey: titleKey, removed: &removed, depth: depth + 1) else {
                    body.charsIn += Self.proseScalars(item)
                    continue
                }
                read += 1
                body.blocks += part.blocks.map { block in
                    var block = block
                    block.group = index
                    return block
                }
                body.charsIn += part.charsIn
                body.joinedLines += part.joinedLines
            }
            return read > 0 ? body : nil
        }
        if var text = value as? String {
            var lowered = text.lowercased()
            if !Self.htmlMarks.contains(where: lowered.contains), Self.escapedHTMLMarks.contains(where: lowered.contains) {
                text = HTMLEntities.decode(text)
                lowered = text.lowercased()
            }
            if Self.htmlMarks.contains(where: lowered.contains) {
                guard let root = HTMLDocument.parse(text) else { return nil }
                let blocks = HTMLArticleParser(tables: tables).fragmentBlocks(root, removed: &removed)
                return BodyText(blocks: blocks, charsIn: HTMLArticleParser.visibleScalars(root))
            }
            // Scrapers often keep the page's character references («&quot;») in a text body.
            let dates = ArabicDateParser(tables: tables)
            // Inline tags in a text body («<a href=…>», «<strong>») are not text: they go, the lines stay.
            let decoded = LineEndings.unicodeBreaks(HTMLEntities.decode(Self.withoutInlineTags(text)))
            // The title is a key of its own: the text's first line is the body's, and joins the next like any other,
            // unless it repeats the title or is a date or metadata line; those are read as a plain text's first line.
            let lines = TextBlock.lines(of: decoded)
            let isHeaderLine = { (block: TextBlock) in MetadataLine.isHeaderLine(block, tables: tables, dates: dates) }
            let firstStands = lines.first.map { $0.tableKey == titleKey || isHeaderLine($0) } ?? false
            let (blocks, joined) = WrappedLines.join(lines, firstIsTitle: firstStands, isHeaderLine: isHeaderLine)
            return BodyText(blocks: blocks, charsIn: Extraction.visibleScalars(decoded), joinedLines: joined)
        }
        // A number in a list of paragraphs is one (a figure on its own line), as it always was.
        if depth > 0, let number = value as? NSNumber {
            let text = number.stringValue
            return BodyText(blocks: [TextBlock(text: text, group: 0)], charsIn: Extraction.visibleScalars(text))
        }
        return nil
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
    }
}
