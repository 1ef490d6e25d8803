/// What one header line says about the article: «آخر تحديث 2021-03-24 00:00:00 - المصدر: العربية»,
/// «تم النشر: 2021/03/23 الساعة 22:59 بتوقيت غرينتش», «الأربعاء 2024/07/24», «عربي بوست».
package struct MetadataLine: Sendable, Equatable {
    package var published: CalendarDate?
    package var updated: CalendarDate?
    package var source: String?
    package var author: String?

    /// A line's values given directly (a date line read by ``VisibleDateLine``).
    package init(published: CalendarDate?, updated: CalendarDate?) {
        self.published = published
        self.updated = updated
    }

    /// Reads `text` as a metadata line; nil unless every segment of it (split by « - » or «|») is a labelled
    /// field, a known outlet name or a date standing alone, so a paragraph is never mistaken for one. Segments are
    /// read in order and the first one that is none of these ends the attempt: most lines tried are prose.
    package init?(_ text: String, tables: ParserTables, dates: ArabicDateParser) {
        var found = false
        var segments = Segments(text, timeWords: tables.dates)
        while let segment = segments.next() {
            guard read(segment, tables: tables, dates: dates) else { return nil }
            found = found || !segment.text.isEmpty
        }
        guard found else { return nil }
    }

    /// Takes one cleaned segment into account; false when it is not metadata (an empty segment is skipped).
    private mutating func read(_ piece: Segment, tables: ParserTables, dates: ArabicDateParser) -> Bool {
        let segment = piece.text, tokens = piece.tokens
        if segment.isEmpty { return true }
        // «نشر في: 12 أبريل 2020، آخر تحديث: 14 أبريل 2020»: a comma before another label starts a field of its own,
        // so the update is not swallowed by the publication date's value.
        if let (head, rest) = Self.splitBeforeLabel(piece, labels: tables.metadataLabels) {
            return read(head, tables: tables, dates: dates) && read(rest, tables: tables, dates: dates)
        }
        if let (field, length) = tables.metadataLabels.match(tokens, at: 0) {
            var valueStart = length
            while valueStart < tokens.count, tokens[valueStart].isSymbol(":") { valueStart += 1 }
            guard valueStart < tokens.count else { return false }
            let from = segment.utf8.index(segment.utf8.startIndex, offsetBy: tokens[valueStart].utf8Start)
            let value = CleanText.line(segment[from...])
            switch field {
            case .published, .updated:
                guard let date = dates.firstAbsoluteDate(in: value) else { return false }
                if field == .published { published = date } else { updated = date }
            case .source, .author:
                guard LineShape(value).words <= 6 else { return false }
                if field == .source { source = value } else { author = value }
            }
            return true
        }
        if tables.outlets[piece.key] != nil {
            source = segment
            return true
        }
        if let date = Self.standaloneDate(segment, tokens: tokens, dates: dates) {
            published = published ?? date
            return true
        }
        return false
    }

    /// Splits on « - », « – », « — » and «|» (a dash inside `2021-03-24` has no spaces and is kept). A segment
    /// that is only a clock time («١٠:٣٠ بتوقيت مكة», «الساعة 22:59») stays with the date before it.
    package static func segments(_ text: String, timeWords: DateTables) -> [String] {
        var segments = Segments(text, timeWords: timeWords)
        var result: [String] = []
        while let segment = segments.next() { result.append(segment.text) }
        return result
    }

    /// A cleaned segment of a line, with its tokens and its key.
    struct Segment {
        var text: String
        var tokens: [Token]
        var key: TableKey

        /// Cleans `raw` and tokenises it; the line scan gives the cleaned text and the key in one pass.
        init(_ raw: String) {
            let block = TextBlock(text: raw, group: 0)
            text = block.text
            key = block.tableKey
            tokens = Tokenizer.tokens(text)
        }
    }

    /// The cleaned segments of a line with their tokens, one at a time, so a line is abandoned at its first segment
    /// that is not metadata without the rest being cut and tokenised. Each piece is tokenised once; only a merge
    /// with a following clock time tokenises the merged text again.
    struct Segments {
        private let pieces: [Substring]
        private let timeWords: DateTables
        private var index = 0
        /// The next piece, already cleaned and tokenised while looking for a clock time after the segment before.
        private var lookahead: Segment?

        init(_ text: String, timeWords: DateTables) {
            pieces = MetadataLine.rawSegments(text)
            self.timeWords = timeWords
        }

        mutating func next() -> Segment? {
            guard var segment = lookahead ?? piece() else { return nil }
            lookahead = nil
            while let following = piece() {
                guard MetadataLine.startsWithTime(following.tokens, timeWords: timeWords) else {
                    lookahead = following
                    break
                }
                segment = Segment(segment.text + " - " + following.text)
            }
            return segment
        }

        private mutating func piece() -> Segment? {
            guard index < pieces.count else { return nil }
            index += 1
            return Segment(String(pieces[index - 1]))
        }
    }

    /// Whether a segment opens with a clock time or a time word, so it belongs to the date before it.
    private static func startsWithTime(_ tokens: [Token], timeWords: DateTables) -> Bool {
        tokens.count >= 3 && tokens[0].number != nil && tokens[1].isSymbol(":")
            || tokens.first.map { timeWords.role($0).contains(.timeWord) } == true
    }

    /// The text between separators, cut out of the UTF-8 by byte offsets (every separator is ASCII or a whole dash
    /// scalar, so no cut falls inside a scalar).
    private static func rawSegments(_ text: String) -> [Substring] {
        var text = text
        var cuts: [(end: Int, next: Int)] = []
        text.withUTF8 { utf8 in
            var i = 0
            while i < utf8.count {
                if utf8[i] == UInt8(ascii: "|") {
                    cuts.append((i, i + 1))
                    i += 1
                    continue
                }
                // "-" is one byte; "–" (E2 80 93) and "—" (E2 80 94) are three. A dash separates only with a space
                // on each side; the byte before it is looked at even when a cut just consumed it, as a space.
                let dash = utf8[i] == UInt8(ascii: "-") ? 1
                    : utf8[i] == 0xE2 && i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0x93 || utf8[i + 2] == 0x94) ? 3 : 0
                if dash > 0, i > 0, utf8[i - 1] == 0x20, i + dash < utf8.count, utf8[i + dash] == 0x20 {
                    cuts.append((i - 1, i + dash + 1))
                    i += dash + 1
                    continue
                }
                i += 1
            }
        }
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var parts: [Substring] = []
        var start = 0
        for cut in cuts {
            parts.append(text[index(start)..<index(max(start, cut.end))])  // « - - » leaves an empty segment
            start = cut.next
        }
        parts.append(text[index(start)...])
        return parts
    }

    /// The segment cut at its first comma («،» or «,») that a metadata label follows, into the part before it and
    /// the part after it; nil when it has none.
    private static func splitBeforeLabel(_ piece: Segment, labels: PhraseTable<MetadataField>) -> (Segment, Segment)? {
        let tokens = piece.tokens
        guard tokens.count > 2 else { return nil }
        for k in 1..<(tokens.count - 1) where (tokens[k].isSymbol("،") || tokens[k].isSymbol(",")) && labels.match(tokens, at: k + 1) != nil {
            let utf8 = piece.text.utf8
            let cut = utf8.index(utf8.startIndex, offsetBy: tokens[k].utf8Start)
            let next = utf8.index(utf8.startIndex, offsetBy: tokens[k].utf8End)
            return (Segment(String(piece.text[..<cut])), Segment(String(piece.text[next...])))
        }
        return nil
    }

    /// A date that covers the whole segment, an optional weekday included.
    private static func standaloneDate(_ segment: String, tokens: [Token], dates: ArabicDateParser) -> CalendarDate? {
        guard let first = tokens.first, let last = tokens.last(where: { !$0.isSymbol(".") && !$0.isSymbol("،") }) else { return nil }
        for mention in dates.mentions(in: segment, tokens: tokens) where mention.start <= first.start && mention.end >= last.end {
            if case .absolute(let date) = mention.reference, date.day != nil { return date }
        }
        return nil
    }
}

extension MetadataLine {
    /// Whether nothing the line says contradicts the record: its dates within a day of the record's, its names the
    /// record's own, or fields the record does not have yet.
    func agrees(with article: Article) -> Bool {
        HTMLArticleParser.agrees(published, article.published) && HTMLArticleParser.agrees(updated, article.updated)
            && HTMLArticleParser.agrees(author, article.author) && HTMLArticleParser.agrees(source, article.source)
    }

    /// Fills the record's empty fields with what the line says.
    func fill(_ article: inout Article) {
        article.published = article.published ?? published
        article.updated = article.updated ?? updated
        article.author = article.author ?? author
        article.source = article.source ?? source
    }
}

extension MetadataLine {
    /// Whether `line` is a date line or a metadata line with a date, a byline or a label, which a wrapped line above
    /// it never runs on into. An outlet's name alone is not one here: it ends a wrapped caption or dateline as
    /// often («… في بغداد- فرانس برس»).
    package static func isHeaderLine(_ line: TextBlock, tables: ParserTables, dates: ArabicDateParser) -> Bool {
        guard line.shape.words <= PlainTextArticleParser.metadataMaxWords else { return false }
        if let metadata = MetadataLine(line.text, tables: tables, dates: dates) {
            return metadata.published != nil || metadata.updated != nil || metadata.author != nil
                || tables.metadataLabels.match(Tokenizer.tokens(line.text), at: 0) != nil
        }
        return line.shape.words <= VisibleDateLine.maxWords && VisibleDateLine(line.text, tables: tables, dates: dates) != nil
    }
}
