import SystemPackage

/// One line of `articles.jsonl`: what was dropped, when, and what became of it. See `schemas/article.schema.json`.
public struct ArticleRecord: Sendable {
    /// The file as found in the drop folder.
    public struct FileInfo: Sendable {
        /// The file's name; undecodable bytes spelled `\xNN`.
        public var name: String
        /// The raw name in base64, only when it is not valid UTF-8 (so the exact bytes are never lost).
        public var nameBase64: String?
        /// The absolute path it was read from.
        public var path: String
        /// Its size in bytes, when known.
        public var bytes: Int?
        /// SHA-256 of its content, when it was read.
        public var sha256: RecordKey?
        /// Which drop of the file this is, when it was read from the drop folder: a second sighting of the same drop
        /// (after a crash, a failed move, or under `disposition: keep`) is never recorded again.
        public var drop: DropID?
    }

    public enum Status: String, Sendable {
        case ok
        case error
    }

    /// The idempotency key (`sha256:…`).
    public var id: RecordKey
    public var file: FileInfo
    public var ingestedAt: Timestamp
    public var status: Status
    public var encoding: String?
    /// The clean article text (title and paragraphs) that `dates` and later stages' offsets refer to.
    public var text: String?
    /// What the parser recognised; nil in error records.
    public var article: Article? { didSet { articleSpans = nil } }
    /// `article`'s block spans as the parser laid the text out (``Article/blockSpans``, the same spans), so that
    /// writing the record need not count every block's scalars again; forgotten whenever `article` changes.
    package var articleSpans: [Article.BlockSpan]?
    /// The dates of `text`.
    public var dates: [DateEntry]?
    /// The actors found in `text`, sorted by first mention (nil when no recogniser ran).
    public var entities: [Entity]?
    /// The ids of the rules that raised an alert (or a repeat) for this article.
    public var alerts: [String]?
    /// The story the article belongs to (shared by near-duplicates from other outlets).
    public var story: String?
    public var error: IngestError?

    public init(id: RecordKey, file: FileInfo, ingestedAt: Timestamp, status: Status, encoding: String? = nil,
                text: String? = nil, error: IngestError? = nil) {
        self.id = id
        self.file = file
        self.ingestedAt = ingestedAt
        self.status = status
        self.encoding = encoding
        self.text = text
        self.error = error
    }

    /// The record as one JSON line (without the newline), `id` first.
    public func jsonLine() -> [UInt8] {
        jsonLine(head: jsonHead())
    }

    /// The line up to the fields that story grouping decides (`alerts`, `story`) and `error`, without the closing
    /// brace: a worker writes it in parallel, and ``jsonLine(head:)`` completes it once the story is known.
    public func jsonHead() -> [UInt8] {
        // A record runs to about four times its text (article fields, then entity mentions with their surfaces).
        var w = JSONWriter(capacity: 1024 + (text?.utf8.count ?? 0) * 4)
        w.object { w in
            w.field("id", id.description)
            w.field("file", object: { w in file.write(into: &w) })
            w.field("ingested_at", ingestedAt.description)
            w.field("status", status.rawValue)
            w.field("encoding", encoding)
            w.field("text", text)
            if let article { w.field("article", object: { w in article.write(into: &w, spans: articleSpans) }) }
            if let dates { w.field("dates", array: { w in for date in dates { date.write(into: &w) } }) }
            if let entities {
                // By index: `for entity in entities` copied each entity out, retaining its strings and arrays.
                w.field("entities", array: { w in for index in entities.indices { w.object { w in entities[index].write(into: &w) } } })
            }
        }
        var head = w.bytes
        head.removeLast()  // the closing brace: the tail's fields follow
        return head
    }

    /// A ``jsonHead()`` of this record completed with its `alerts`, `story` and `error`: the same bytes as
    /// ``jsonLine()``.
    public func jsonLine(head: [UInt8]) -> [UInt8] {
        let tail = jsonTail()
        var line: [UInt8] = []
        line.reserveCapacity(head.count + tail.count)
        line += head
        line += tail
        return line
    }

    /// What follows a ``jsonHead()`` to make ``jsonLine()``: `,"alerts":…}` or `}`. A writer that copies lines into
    /// a buffer anyway appends head and tail there, instead of joining them in an array of their own first.
    public func jsonTail() -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.object { w in
            if let alerts { w.field("alerts", strings: alerts) }
            if let story { w.field("story", story) }
            if let error {
                w.field("error", object: { w in
                    w.field("code", error.code.rawValue)
                    w.field("message", error.message)
                })
            }
        }
        var tail = w.bytes  // `{}` or `{"alerts":…}`; the head always has `id`, so a comma joins them
        if tail.count > 2 {
            tail[0] = UInt8(ascii: ",")
        } else {
            tail = [UInt8(ascii: "}")]
        }
        return tail
    }
}

extension ArticleRecord.FileInfo {
    /// Describes a dropped file from its path; the name's bytes are kept faithfully.
    public init(path: FilePath, relativePath: FilePath, bytes: Int?, sha256: RecordKey?, drop: DropID? = nil) {
        let nameBytes = relativePath.lastComponent.map { PathText.bytes(of: $0) } ?? []
        self.name = PathText.display(bytes: nameBytes)
        self.nameBase64 = PathText.isValidUTF8(nameBytes) ? nil : Base64.encode(nameBytes)
        self.path = PathText.display(path)
        self.bytes = bytes
        self.sha256 = sha256
        self.drop = drop
    }

    func write(into w: inout JSONWriter) {
        w.field("name", name)
        if let nameBase64 { w.field("name_base64", nameBase64) }
        w.field("path", path)
        w.field("bytes", bytes)
        w.field("sha256", sha256.map { $0.hex })
        if let drop { w.field("drop_id", drop.hex) }
    }
}
