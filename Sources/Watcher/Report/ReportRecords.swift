/// What the report reads of one line of `alerts.jsonl` (see `schemas/alert.schema.json`).
public struct ReportAlert: Sendable, Decodable, Equatable {
    public struct Mention: Sendable, Decodable, Equatable {
        public var text: String
        public var start: Int
        public var end: Int

        public init(text: String, start: Int, end: Int) {
            self.text = text
            self.start = start
            self.end = end
        }
    }

    public struct MatchedActor: Sendable, Decodable, Equatable {
        public var id: String
        public var name: String
        public var mentions: [Mention]

        public init(id: String, name: String, mentions: [Mention]) {
            self.id = id
            self.name = name
            self.mentions = mentions
        }
    }

    public struct MatchedKeyword: Sendable, Decodable, Equatable {
        public var keyword: String
        public var text: String
        public var start: Int
        public var end: Int

        public init(keyword: String, text: String, start: Int, end: Int) {
            self.keyword = keyword
            self.text = text
            self.start = start
            self.end = end
        }
    }

    public struct Matched: Sendable, Decodable, Equatable {
        public var actors: [MatchedActor]
        public var keywords: [MatchedKeyword]

        public init(actors: [MatchedActor] = [], keywords: [MatchedKeyword] = []) {
            self.actors = actors
            self.keywords = keywords
        }
    }

    public var id: String
    public var at: String
    public var rule: String
    public var severity: String
    public var description: String?
    public var article: String
    public var file: String
    public var title: String?
    public var source: String?
    public var published: String?
    public var matched: Matched
    public var snippet: String
    public var story: String?
    public var repeatOf: String?

    enum CodingKeys: String, CodingKey {
        case id, at, rule, severity, description, article, file, title, source, published, matched, snippet, story
        case repeatOf = "repeat_of"
    }

    public init(id: String, at: String, rule: String, severity: String, description: String? = nil, article: String,
                file: String, title: String? = nil, source: String? = nil, published: String? = nil,
                matched: Matched = Matched(), snippet: String, story: String? = nil, repeatOf: String? = nil) {
        self.id = id
        self.at = at
        self.rule = rule
        self.severity = severity
        self.description = description
        self.article = article
        self.file = file
        self.title = title
        self.source = source
        self.published = published
        self.matched = matched
        self.snippet = snippet
        self.story = story
        self.repeatOf = repeatOf
    }
}

/// What the report reads of one line of `articles.jsonl` (see `schemas/article.schema.json`); the text and the
/// mentions' offsets are not needed and not kept.
public struct ReportArticle: Sendable, Decodable, Equatable {
    public struct FileInfo: Sendable, Decodable, Equatable {
        public var name: String

        public init(name: String) { self.name = name }
    }

    public struct Metadata: Sendable, Decodable, Equatable {
        public var title: String?
        public var source: String?

        public init(title: String? = nil, source: String? = nil) {
            self.title = title
            self.source = source
        }
    }

    public struct EntityInfo: Sendable, Decodable, Equatable {
        public var id: String
        public var type: String?
        public var name: String
        public var known: Bool
        public var count: Int

        public init(id: String, type: String? = nil, name: String, known: Bool, count: Int) {
            self.id = id
            self.type = type
            self.name = name
            self.known = known
            self.count = count
        }
    }

    public var id: String
    public var file: FileInfo
    public var ingestedAt: String
    public var status: String
    public var article: Metadata?
    public var entities: [EntityInfo]?
    public var alerts: [String]?
    public var story: String?

    enum CodingKeys: String, CodingKey {
        case id, file, status, article, entities, alerts, story
        case ingestedAt = "ingested_at"
    }

    public init(id: String, file: FileInfo, ingestedAt: String, status: String, article: Metadata? = nil,
                entities: [EntityInfo]? = nil, alerts: [String]? = nil, story: String? = nil) {
        self.id = id
        self.file = file
        self.ingestedAt = ingestedAt
        self.status = status
        self.article = article
        self.entities = entities
        self.alerts = alerts
        self.story = story
    }
}
