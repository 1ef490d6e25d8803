/// What one header line says about the article: «آخر تحديث 2021-03-24 00:00:00 - المصدر: العربية»,
/// «تم النشر: 2021/03/23 الساعة 22:59 بتوقيت غرينتش», «الأربعاء 2024/07/24», «عربي بوست».
package struct MetadataLine: Sendable, Equatable {
    package var published: CalendarDate?
    package var updated: CalendarDate?
    package var source: String?
    package var author: String?

    /// Reads `text` as a metadata line; nil unless every segment of it (split by « - » or «|») is a labelled
    /// field, a known outlet name or a date standing alone, so a paragraph is never mistaken for one.
    package init?(_ text: String, tables: ParserTables, dates: ArabicDateParser) {
        var found = false
        for rawSegment in Self.segments(text, timeWords: tables.dates) {
            let segment = CleanText.line(rawSegment)
            if segment.isEmpty { continue }
            let tokens = Tokenizer.tokens(segment)
            if let (field, length) = tables.metadataLabels.match(tokens, at: 0) {
                var valueStart = length
                while valueStart < tokens.count, tokens[valueStart].isSymbol(":") { valueStart += 1 }
                guard valueStart < tokens.count else { return nil }
                let scalars = Array(segment.unicodeScalars)
                let value = CleanText.line(String(String.UnicodeScalarView(scalars[tokens[valueStart].start...])))
                switch field {
                case .published, .updated:
                    guard let date = dates.firstAbsoluteDate(in: value) else { return nil }
                    if field == .published { published = date } else { updated = date }
                case .source, .author:
                    guard LineShape(value).words <= 6 else { return nil }
                    if field == .source { source = value } else { author = value }
                }
                found = true
            } else if tables.outlets[TableKey(segment)] != nil {
                source = segment
                found = true
            } else if let date = Self.standaloneDate(segment, tokens: tokens, dates: dates) {
                published = published ?? date
                found = true
            } else {
                return nil
            }
        }
        guard found else { return nil }
    }

    /// Splits on « - », « – », « — » and «|» (a dash inside `2021-03-24` has no spaces and is kept). A segment
    /// that is only a clock time («١٠:٣٠ بتوقيت مكة», «الساعة 22:59») stays with the date before it.
    static func segments(_ text: String, timeWords: DateTables) -> [String] {
        var merged: [String] = []
        for segment in rawSegments(text) {
            let tokens = Tokenizer.tokens(segment)
            let startsWithTime = tokens.count >= 3 && tokens[0].number != nil && tokens[1].isSymbol(":")
                || tokens.first.map { timeWords.role($0).contains(.timeWord) } == true
            if startsWithTime, let previous = merged.popLast() {
                merged.append(previous + " - " + segment)
            } else {
                merged.append(segment)
            }
        }
        return merged
    }

    private static func rawSegments(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var parts: [String] = []
        var start = 0
        var i = 0
        func cut(_ end: Int, next: Int) {
            parts.append(String(String.UnicodeScalarView(scalars[start..<end])))
            start = next
            i = next
        }
        while i < scalars.count {
            let s = scalars[i]
            if s == "|" {
                cut(i, next: i + 1)
            } else if (s == "-" || s == "–" || s == "—"), i > 0, i + 1 < scalars.count, scalars[i - 1] == " ", scalars[i + 1] == " " {
                cut(i - 1, next: i + 2)
            } else {
                i += 1
            }
        }
        parts.append(String(String.UnicodeScalarView(scalars[start...])))
        return parts
    }

    /// A date that covers the whole segment, an optional weekday included.
    private static func standaloneDate(_ segment: String, tokens: [Token], dates: ArabicDateParser) -> CalendarDate? {
        guard let first = tokens.first, let last = tokens.last(where: { !$0.isSymbol(".") && !$0.isSymbol("،") }) else { return nil }
        for mention in dates.mentions(in: segment) where mention.start <= first.start && mention.end >= last.end {
            if case .absolute(let date) = mention.reference, date.day != nil { return date }
        }
        return nil
    }
}
