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
        let held = rules.compactMap { rule in evaluator.hits(for: rule).map { (rule, $0) } }
        guard !held.isEmpty else { return [] }
        // Surfaces and snippets need the text's scalars and sentences: computed once per article, not per rule.
        let context = RuleEvaluator.SnippetContext(scalars: ArticleScalars(analysis.normalized), sentences: analysis.sentenceRanges)
        return held.map { evaluator.explain($0.0, $0.1, context) }
    }
}
