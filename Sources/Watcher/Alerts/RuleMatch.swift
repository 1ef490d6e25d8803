/// What made a rule hold for an article: the actor mentions and keyword occurrences, and the sentences they lie in.
public struct RuleMatch: Sendable {
    /// An actor mention that counted.
    public struct ActorHit: Sendable, Equatable {
        public let id: String
        public let name: String
        public let text: String
        public let start: Int
        public let end: Int
    }

    /// A keyword occurrence that counted.
    public struct KeywordHit: Sendable, Equatable {
        public let keyword: String
        public let text: String
        public let start: Int
        public let end: Int
    }

    public let rule: AlertRule
    public let actors: [ActorHit]
    public let keywords: [KeywordHit]
    /// The sentence(s) that satisfied the rule, at most 300 characters.
    public let snippet: String
}
