/// A rule's condition: leaves that find mentions (actors, keywords, entity types) composed with all/any/none.
public indirect enum RuleCondition: Sendable {
    /// Mentions of any of these actors (ids already expanded with children when asked).
    case actors(Set<String>, Leaf)
    /// Occurrences of any of these keywords (indices into the rule set's compiled keywords).
    case keywords([Int], Leaf)
    /// Entities of any of these types or subtypes; `known` limits to gazetteer (true) or discovered (false) ones.
    case types(Set<String>, known: Bool?, Leaf)
    /// Every child holds; with `near`, they hold together in one sentence or within N tokens.
    case all([RuleCondition], near: Proximity?)
    case any([RuleCondition])
    /// No child holds.
    case none([RuleCondition])

    /// What a leaf counts and where.
    public struct Leaf: Sendable {
        public var minMentions: Int
        public var scope: Scope

        public init(minMentions: Int = 1, scope: Scope = .any) {
            self.minMentions = minMentions
            self.scope = scope
        }
    }

    /// Where mentions count: the title, the lead (standfirst, lead blocks and the opening paragraph), the body
    /// (everything after the title), the photo captions, or anywhere.
    public enum Scope: String, Sendable, CaseIterable {
        case title, lead, body, caption, any
    }

    public enum Proximity: Sendable, Equatable {
        case sentence
        case tokens(Int)
    }
}
