/// Finds dates in Arabic text by walking its tokens through the tables of `dates` (months in both calendars and
/// their dual forms, ordinals, weekdays, relative words, time zones). One pass, one hash lookup per token.
public struct ArabicDateParser: Sendable {
    let tables: DateTables

    public init(tables: ParserTables = .embedded) {
        self.tables = tables.dates
    }

    /// Every date mention in `text`, in order, with Unicode-scalar offsets into `text`.
    public func mentions(in text: String) -> [DateMention] {
        let tokens = Tokenizer.tokens(text)
        guard !tokens.isEmpty else { return [] }
        let scanner = DateScanner(tables: tables, tokens: tokens, roles: tokens.map(tables.role))
        var result: [DateMention] = []
        var i = 0
        while i < tokens.count {
            guard let match = scanner.match(at: i) else {
                i += 1
                continue
            }
            let start = tokens[match.first].start, end = tokens[match.end - 1].end
            result.append(DateMention(text: "", start: start, end: end, reference: match.reference))
            i = match.end
        }
        guard !result.isEmpty else { return [] }
        // The mentions' words, cut out in one walk over the text.
        var index = 0, offset = 0
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            if offset >= result[index].start {
                UTF8.encode(scalar) { bytes.append($0) }
            }
            offset += 1
            if offset == result[index].end {
                result[index].text = String(decoding: bytes, as: UTF8.self)
                bytes.removeAll(keepingCapacity: true)
                index += 1
                if index == result.count { break }
            }
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
