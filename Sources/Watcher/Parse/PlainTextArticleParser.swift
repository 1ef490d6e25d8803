/// Reads articles saved as plain text: optional masthead and breadcrumb, the title, a header of metadata lines
/// (with the standfirst before them and the lead photo's caption after), then the body.
package struct PlainTextArticleParser: Sendable {
    let tables: ParserTables
    let dates: ArabicDateParser
    /// How far below the title metadata lines are looked for.
    static let headerWindow = 6
    /// How far down a breadcrumb trail is looked for.
    static let breadcrumbWindow = 8
    /// A metadata line is a few labelled fields; a longer line is prose and is not read as one.
    static let metadataMaxWords = 40
    /// A title that ends with a full stop has at most this many words, any title at most `titleMaxWords`; a longer
    /// line is a paragraph.
    static let stoppedTitleMaxWords = 12
    static let titleMaxWords = 40
    /// A crumb of a trail written one a line has at most this many words.
    static let crumbWords = 3

    package init(tables: ParserTables) {
        self.tables = tables
        self.dates = ArabicDateParser(tables: tables)
    }

    package func parse(_ text: String) -> Article {
        var article = Article()
        // The line scans count the text's visible scalars on the way (another pass over it cost 0.7% of `process`).
        var charsIn = 0
        let unwrapped = WrappedLines.join(TextBlock.lines(of: LineEndings.unicodeBreaks(text), visibleScalars: &charsIn), isHeaderLine: { MetadataLine.isHeaderLine($0, tables: tables, dates: dates) })
        let filtered = BoilerplateFilter(tables: tables).filterCountingCut(unwrapped.blocks)
        var lines = filtered.kept
        article.boilerplateRemoved = filtered.removed
        article.extraction = Extraction(method: .lines, charsIn: charsIn, charsKept: 0)
        article.extraction?.joinedLines = unwrapped.joined
        article.extraction?.cutProse = filtered.cutProse
        guard !lines.isEmpty else { return article }

        var titleIndex = self.titleIndex(lines)
        article.boilerplateRemoved += titleIndex
        var above = Article()
        let labels = readAboveTitle(lines, titleIndex: &titleIndex, into: &above)
        article.boilerplateRemoved += above.boilerplateRemoved
        article.title = lines[titleIndex].text
        lines.removeFirst(titleIndex + 1)

        let headerLength = readHeader(lines, into: &article)
        // The header under the title says it with a label («نشر في: …», «المصدر: …»); a line above the title (the
        // site's date bar, its masthead) only fills what the header left empty.
        article.published = article.published ?? above.published
        article.updated = article.updated ?? above.updated
        article.source = article.source ?? above.source
        ArticleAssembler(tables: tables).complete(&article, body: labels + lines.dropFirst(headerLength), chromeRemoved: true)
        return article
    }

    /// Lines above the title that are not the title: a date line («الثلاثاء 12 مارس 2024»), which fills the dates and
    /// leaves (counted); the outlet's name alone (a masthead, «اليوم السابع»), which fills `source` and leaves
    /// (counted); a label («عاجل», ``ParserTables/titleLabels``) or a Hijri date line («الثلاثاء 12 رمضان 1445 هـ»),
    /// which stays, as the body's first line. Moves
    /// `titleIndex` past them, never past the last line, and never onto a line of prose (a file with no headline
    /// keeps its first line as the title, as before); returns the labels.
    private func readAboveTitle(_ lines: [TextBlock], titleIndex: inout Int, into article: inout Article) -> [TextBlock] {
        var labels: [TextBlock] = []
        while titleIndex + 1 < lines.count {
            let line = lines[titleIndex]
            // What follows must be a headline or another line above it: not prose (a long line ending with a full
            // stop; a headline may end with «؟» or «!»), and not a labelled metadata line («نشر في: …»), which stands
            // under a title.
            let next = lines[titleIndex + 1]
            let fullStop = next.text.unicodeScalars.last == "."
            guard !(fullStop && next.shape.words > Self.stoppedTitleMaxWords), next.shape.words <= Self.titleMaxWords else { break }
            // A labelled line shows its label's colon; a bare date line («الخميس، 4 يناير 2024») may stand above.
            if next.shape.words <= Self.metadataMaxWords, next.text.utf8.contains(0x3A),
               MetadataLine(next.text, tables: tables, dates: dates) != nil {
                break
            }
            guard !line.shape.terminated || line.shape.words <= 2 else { break }
            if line.shape.words <= VisibleDateLine.maxWords, let visible = VisibleDateLine(line.text, tables: tables, dates: dates),
               visible.isPureDateLine, HTMLArticleParser.agrees(visible.published, article.published),
               HTMLArticleParser.agrees(visible.updated, article.updated) {
                article.published = article.published ?? visible.published
                article.updated = article.updated ?? visible.updated
                article.boilerplateRemoved += 1
            } else if line.shape.words <= 4, tables.englishName(ofOutlet: line.text) != nil, HTMLArticleParser.agrees(line.text, article.source) {
                article.source = article.source ?? line.text
                article.boilerplateRemoved += 1
            } else if line.shape.words <= VisibleDateLine.maxWords, let dated = DateOnlyLine(line.text, tables: tables, dates: dates) {
                if dated.published != nil || dated.updated != nil {
                    // Dates in both calendars, or with an era or clock word («2024 م»): the Gregorian ones are read.
                    guard HTMLArticleParser.agrees(dated.published, article.published),
                          HTMLArticleParser.agrees(dated.updated, article.updated) else { break }
                    article.published = article.published ?? dated.published
                    article.updated = article.updated ?? dated.updated
                    article.boilerplateRemoved += 1
                } else {
                    // A Hijri date alone is not converted, so its line stays in the body rather than leave unread.
                    labels.append(line)
                }
            } else if BoilerplateFilter(tables: tables).isTitleLabel(line) {
                labels.append(line)
            } else {
                break
            }
            titleIndex += 1
        }
        return labels
    }

    /// The title is the first line, unless a breadcrumb trail («الرئيسية سياسة <title>») comes first: then the
    /// title is the line the trail ends with, and everything above it (masthead, slogan, trail) is chrome.
    private func titleIndex(_ lines: [TextBlock]) -> Int {
        for b in lines.indices.prefix(Self.breadcrumbWindow) {
            // The keys are read in place: these are whole lines, often paragraphs, and most fail at the first word.
            let firstWord = lines[b].tableKey.withUTF8 { key in
                TableKey(copying: UnsafeBufferPointer(rebasing: key[..<(key.firstIndex(of: 0x20) ?? key.count)]))
            }
            guard !firstWord.isEmpty, tables.breadcrumbRoots.hasPhrase(startingWith: firstWord),
                  let root = tables.breadcrumbRoots.match(Tokenizer.tokens(lines[b].text), at: 0) else { continue }
            for t in lines.indices.dropFirst(b + 1).prefix(Self.breadcrumbWindow)
            where lines[t].shape.words >= 2 && lines[b].tableKey.hasSuffix(lines[t].tableKey) {
                return t
            }
            // A trail written one crumb a line («الرئيسية», «أخبار», «سياسة»): the crumbs are short unpunctuated
            // lines, and the title is the first longer line after them.
            if root.length == Tokenizer.tokens(lines[b].text).filter(\.isWord).count {
                var t = b + 1
                while t < lines.count - 1, t - b <= Self.breadcrumbWindow, lines[t].shape.words <= Self.crumbWords,
                      !lines[t].shape.terminated {
                    t += 1
                }
                return min(t, lines.count - 1)
            }
            return min(b + 1, lines.count - 1)
        }
        return 0
    }

    /// Reads the metadata lines right under the title; returns how many lines the header spans. Without a
    /// metadata line there is no header (a sentence under the title is then the lead, not a standfirst).
    private func readHeader(_ lines: [TextBlock], into article: inout Article) -> Int {
        var subtitle: String?
        var lastMetadata: Int?
        for i in lines.indices.prefix(Self.headerWindow) {
            if lines[i].shape.words <= Self.metadataMaxWords, let metadata = MetadataLine(lines[i].text, tables: tables, dates: dates) {
                // A second line that says otherwise than the first (another source, another day) would be lost
                // with the header: the header ends above it and it stays in the body.
                guard metadata.agrees(with: article) else { break }
                lastMetadata = i
                metadata.fill(&article)
            } else if lines[i].shape.words <= VisibleDateLine.maxWords,
                      let visible = VisibleDateLine(lines[i].text, tables: tables, dates: dates) {
                // A date line as a page shows it («الجمعة 8 فيفري 2019، آخر تحديث 10:30»).
                guard HTMLArticleParser.agrees(visible.published, article.published), HTMLArticleParser.agrees(visible.updated, article.updated) else { break }
                article.published = article.published ?? visible.published
                article.updated = article.updated ?? visible.updated
                // Words beside the date that are not labels («انفجار يهز بيروت 4 أغسطس 2020», «الرياض - …») say
                // more than the date: the line stays in the body, and the header ends above it.
                guard visible.isPureDateLine else { break }
                lastMetadata = i
            } else if lastMetadata == nil && subtitle == nil && lines[i].shape.words <= 40 {
                // A standfirst: one sentence between the title and the metadata.
                subtitle = lines[i].text
            } else {
                break
            }
        }
        guard let lastMetadata else { return 0 }
        article.subtitle = subtitle
        // Unpunctuated lines in the same block as the metadata are the lead photo's caption.
        var end = lastMetadata + 1
        while end < lines.count, lines[end].group == lines[lastMetadata].group, !lines[end].shape.terminated {
            article.body.append(Article.Block(.caption, lines[end].text))
            end += 1
        }
        return end
    }
}
