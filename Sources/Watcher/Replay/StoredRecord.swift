/// What replay reads back from one line of the article log: the clean text, title and block spans the analysis is
/// rebuilt from, and what an alert names (file, source, published). Error records have no text and are not replayed.
public struct StoredRecord: Sendable {
    public let id: RecordKey
    public let fileName: String
    public let ingestedAt: Timestamp
    /// The record's `text`: the title and paragraphs that every offset refers to.
    public let text: String
    public let title: String?
    /// `article.blocks`: where the lead, captions and other blocks lie in `text`, so that rule scopes hold in replay.
    /// Empty for records written before blocks existed; a span of a kind this version does not know is left out.
    public let blocks: [Article.BlockSpan]
    public let source: String?
    /// `article.published` as written in the record.
    public let published: String?

    public init(id: RecordKey, fileName: String, ingestedAt: Timestamp, text: String, title: String?,
                blocks: [Article.BlockSpan] = [], source: String?, published: String?) {
        self.id = id
        self.fileName = fileName
        self.ingestedAt = ingestedAt
        self.text = text
        self.title = title
        self.blocks = blocks
        self.source = source
        self.published = published
    }

    /// Why a line gave no record to replay.
    public enum Skip: Error, Sendable, Equatable {
        /// Not a JSON object, or a field replay needs has the wrong shape.
        case unreadable
        /// An error record (or an ok record without text): there is nothing to analyse.
        case noText
    }

    /// Parses one line; the time is read first so that lines outside the window cost little.
    public static func parse(_ line: UnsafeBufferPointer<UInt8>) -> Result<StoredRecord, Skip> {
        var scanner = JSONFieldScanner(line)
        var id: String?, name: String?, ingested: String?, status: String?, text: String?
        var title: String?, source: String?, published: String?
        var blocks: [Article.BlockSpan] = []
        do throws(JSONFieldScanner.Malformed) {
            try scanner.object { (s, key) throws(JSONFieldScanner.Malformed) in
                if JSONFieldScanner.matches(key, "id") {
                    id = try s.string()
                } else if JSONFieldScanner.matches(key, "file") {
                    try s.object { (s, key) throws(JSONFieldScanner.Malformed) in
                        if JSONFieldScanner.matches(key, "name") { name = try s.string() } else { try s.skipValue() }
                    }
                } else if JSONFieldScanner.matches(key, "ingested_at") {
                    ingested = try s.string()
                } else if JSONFieldScanner.matches(key, "status") {
                    status = try s.string()
                } else if JSONFieldScanner.matches(key, "text") {
                    text = try s.string()
                } else if JSONFieldScanner.matches(key, "article") {
                    try s.object { (s, key) throws(JSONFieldScanner.Malformed) in
                        if JSONFieldScanner.matches(key, "title") {
                            title = try s.string()
                        } else if JSONFieldScanner.matches(key, "source") {
                            source = try s.string()
                        } else if JSONFieldScanner.matches(key, "published") {
                            published = try s.string()
                        } else if JSONFieldScanner.matches(key, "blocks") {
                            try s.array { (s) throws(JSONFieldScanner.Malformed) in
                                if let span = try Self.blockSpan(&s) { blocks.append(span) }
                            }
                        } else {
                            try s.skipValue()
                        }
                    }
                } else {
                    try s.skipValue()
                }
            }
            // Two records glued on one line (a torn write and the next one) are not one record.
            try scanner.end()
        } catch {
            return .failure(.unreadable)
        }
        guard let id, id.hasPrefix("sha256:"), let key = RecordKey(hex: id.dropFirst(7)),
              let ingested, let at = Timestamp(rfc3339: ingested) else { return .failure(.unreadable) }
        guard status == "ok", let text else { return .failure(.noText) }
        return .success(StoredRecord(id: key, fileName: name ?? "", ingestedAt: at, text: text, title: title, blocks: blocks,
                                     source: source, published: published))
    }

    /// One element of `article.blocks`; nil for a kind this version does not know (a newer writer's), which only
    /// loses that span's scope, never the text.
    private static func blockSpan(_ s: inout JSONFieldScanner) throws(JSONFieldScanner.Malformed) -> Article.BlockSpan? {
        var kind: String?, start: Int?, end: Int?
        try s.object { (s, key) throws(JSONFieldScanner.Malformed) in
            if JSONFieldScanner.matches(key, "kind") {
                kind = try s.string()
            } else if JSONFieldScanner.matches(key, "start") {
                start = try s.integer()
            } else if JSONFieldScanner.matches(key, "end") {
                end = try s.integer()
            } else {
                try s.skipValue()
            }
        }
        guard let start, let end, start <= end else { throw JSONFieldScanner.Malformed() }
        guard let kind, let known = Article.BlockKind(rawValue: kind) else { return nil }
        return Article.BlockSpan(kind: known, start: start, end: end)
    }
}
