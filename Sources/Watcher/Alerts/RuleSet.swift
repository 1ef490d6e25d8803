/// Compiled watch rules: every keyword of every rule in one ``KeywordMatcher``, built once at start and on reload.
public struct RuleSet: Sendable {
    public let rules: [AlertRule]
    public let keywords: KeywordMatcher

    public init(rules: [AlertRule], keywords: [Keyword]) {
        self.rules = rules
        self.keywords = KeywordMatcher(keywords)
    }

    public static let empty = RuleSet(rules: [], keywords: [])

    /// The rules that hold for the article, with what made them hold.
    public func evaluate(_ analysis: ArticleAnalysis) -> [RuleMatch] {
        guard !rules.isEmpty else { return [] }
        let evaluator = RuleEvaluator(analysis: analysis, keywordHits: keywords.hits(in: analysis), keywords: keywords.keywords)
        return rules.compactMap { evaluator.match($0) }
    }
}
