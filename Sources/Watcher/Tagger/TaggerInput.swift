/// What the tagger reads about each token, all of it computed by the entity layer anyway: the folded text, the tokens
/// and their suffix hashes, the discovery lexicon's word classes, and where the gazetteer matched.
package struct TaggerInput {
    package let text: NormalizedText
    package let tokens: [ArabicToken]
    /// ``TokenHash/stride`` hashes per token (``TokenHash/suffixHashes(of:in:)``).
    package let suffixHashes: [UInt64]
    /// Per token, the raw ``DiscoveryLexicon/WordClass`` bits.
    package let classes: [UInt16]
    /// Per token, where a gazetteer match covers it (see ``gazetteerCode(type:kind:inside:)``); 0 when none does.
    package let gazetteer: [UInt8]

    package init(text: NormalizedText, tokens: [ArabicToken], suffixHashes: [UInt64], classes: [UInt16], gazetteer: [UInt8]) {
        self.text = text
        self.tokens = tokens
        self.suffixHashes = suffixHashes
        self.classes = classes
        self.gazetteer = gazetteer
    }

    /// The code of a token covered by a gazetteer match: its type, and whether it opens the match or continues it;
    /// nationality adjectives get a code of their own.
    @inline(__always)
    package static func gazetteerCode(type: EntityType, kind: MentionKind, inside: Bool) -> UInt8 {
        if kind == .nationality { return 9 }
        let index: UInt8 = switch type {
        case .person: 0
        case .location: 1
        case .organization: 2
        case .media: 3
        }
        return 1 + index * 2 + (inside ? 1 : 0)
    }
}
