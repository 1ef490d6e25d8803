/// One line of `alerts.jsonl`. See `schemas/alert.schema.json`.
public struct AlertRecord: Sendable {
    public let id: String
    public let at: Timestamp
    public let match: RuleMatch
    /// The article record's id.
    public let article: RecordKey
    public let file: String
    public let title: String?
    public let source: String?
    public let published: String?
    public let story: String
    public let repeatOf: String?

    public init(id: String, at: Timestamp, match: RuleMatch, article: RecordKey, file: String, title: String?, source: String?,
                published: String?, story: String, repeatOf: String?) {
        self.id = id
        self.at = at
        self.match = match
        self.article = article
        self.file = file
        self.title = title
        self.source = source
        self.published = published
        self.story = story
        self.repeatOf = repeatOf
    }

    public func jsonLine() -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.object { w in
            w.field("id", id)
            w.field("at", at.description)
            w.field("rule", match.rule.id)
            w.field("severity", match.rule.severity.rawValue)
            w.field("description", match.rule.description)
            w.field("article", article.description)
            w.field("file", file)
            w.field("title", title)
            w.field("source", source)
            w.field("published", published)
            w.field("matched", object: { w in
                w.field("actors", array: { w in
                    var order: [String] = []
                    var byID: [String: [RuleMatch.ActorHit]] = [:]
                    for hit in match.actors {
                        if byID[hit.id] == nil { order.append(hit.id) }
                        byID[hit.id, default: []].append(hit)
                    }
                    for id in order {
                        let hits = byID[id]!
                        w.object { w in
                            w.field("id", id)
                            w.field("name", hits[0].name)
                            w.field("mentions", array: { w in
                                for hit in hits {
                                    w.object { w in
                                        w.field("text", hit.text)
                                        w.field("start", hit.start)
                                        w.field("end", hit.end)
                                    }
                                }
                            })
                        }
                    }
                })
                w.field("keywords", array: { w in
                    for hit in match.keywords {
                        w.object { w in
                            w.field("keyword", hit.keyword)
                            w.field("text", hit.text)
                            w.field("start", hit.start)
                            w.field("end", hit.end)
                        }
                    }
                })
            })
            w.field("snippet", match.snippet)
            w.field("story", story)
            w.field("repeat_of", repeatOf)
        }
        return w.bytes
    }
}
