/// Finds dates in Arabic text by walking its tokens through the tables of `dates` (months in both calendars and
/// their dual forms, ordinals, weekdays, relative words, time zones). One pass, one hash lookup per token.
public struct ArabicDateParser: Sendable {
    let tables: DateTables

    public init(tables: ParserTables = .embedded) {
        self.tables = tables.dates
    }

    /// Every date mention in `text`, in order, with Unicode-scalar offsets into `text`.
    public func mentions(in text: String) -> [DateMention] {
        mentions(in: text, tokens: Tokenizer.tokens(text))
    }

    /// The same, for a caller that already has the text's ``Tokenizer`` tokens.
    package func mentions(in text: String, tokens: [Token]) -> [DateMention] {
        guard !tokens.isEmpty else { return [] }
        let scanner = DateScanner(tables: tables, tokens: tokens, roles: tokens.map(tables.role))
        var result: [DateMention] = []
        var spans: [Range<Int>] = []
        var i = 0
        while i < tokens.count {
            // Every date phrase starts with a number or a word of the tables; most tokens are neither.
            guard scanner.mayStart(at: i), let match = scanner.match(at: i) else {
                i += 1
                continue
            }
            let first = tokens[match.first], last = tokens[match.end - 1]
            result.append(DateMention(text: "", start: first.start, end: last.end, reference: match.reference))
            spans.append(first.utf8Start..<last.utf8End)
            i = match.end
        }
        guard !result.isEmpty else { return [] }
        // The mentions' words, cut out of the text's UTF-8 by the tokens' byte offsets.
        var text = text
        text.withUTF8 { utf8 in
            for index in result.indices { result[index].text = String(decoding: utf8[spans[index]], as: UTF8.self) }
        }
        return result
    }

    /// The first mention in `text` that fixes a date without a publication date (for metadata lines).
    public func firstAbsoluteDate(in text: String) -> CalendarDate? {
        for mention in mentions(in: text) {
            if case .absolute(let date) = mention.reference { return date }
        }
        return nil
    }
}
