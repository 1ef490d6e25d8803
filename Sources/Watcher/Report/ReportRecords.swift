import Foundation

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
    /// The alert's line, kept instead of `matched` when a decoder was told to skip it (see ``resolved()``).
    var pendingLine: [UInt8]?

    enum CodingKeys: String, CodingKey {
        case id, at, rule, severity, description, article, file, title, source, published, matched, snippet, story
        case repeatOf = "repeat_of"
    }

    /// Set to `true` in a decoder's `userInfo` to leave `matched` undecoded: most alerts of a long report never need
    /// it, and it is the costliest part of an alert to decode.
    static let skipMatched = CodingUserInfoKey(rawValue: "watcherd.report.skip-matched")!

    private struct MatchedOnly: Decodable {
        var matched: Matched
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        at = try c.decode(String.self, forKey: .at)
        rule = try c.decode(String.self, forKey: .rule)
        severity = try c.decode(String.self, forKey: .severity)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        article = try c.decode(String.self, forKey: .article)
        file = try c.decode(String.self, forKey: .file)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        published = try c.decodeIfPresent(String.self, forKey: .published)
        matched = (decoder.userInfo[Self.skipMatched] as? Bool) == true ? Matched() : try c.decode(Matched.self, forKey: .matched)
        snippet = try c.decode(String.self, forKey: .snippet)
        story = try c.decodeIfPresent(String.self, forKey: .story)
        repeatOf = try c.decodeIfPresent(String.self, forKey: .repeatOf)
    }

    /// Decodes an alert line without its `matched` part, which ``resolved()`` reads when it is needed.
    static func decodeDeferringMatched(_ line: ArraySlice<UInt8>, _ decoder: JSONDecoder) -> ReportAlert? {
        guard var alert = try? decoder.decode(ReportAlert.self, from: Data(line)) else { return nil }
        alert.pendingLine = Array(line)
        return alert
    }

    /// The alert with `matched` decoded (the same alert when it already is); an unreadable `matched` stays empty.
    public func resolved() -> ReportAlert {
        guard let line = pendingLine else { return self }
        var copy = self
        copy.pendingLine = nil
        copy.matched = (try? JSONDecoder().decode(MatchedOnly.self, from: Data(line)))?.matched ?? Matched()
        return copy
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
