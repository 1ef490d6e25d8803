/// One place an actor is mentioned: the surface as written (without و ف ب ك ل clitics) and its Unicode-scalar
/// offsets `[start, end)` into the record's `text`.
public struct EntityMention: Sendable, Equatable {
    public var text: String
    public var start: Int
    public var end: Int
    /// 0-based sentence index (see ``SentenceSplitter``).
    public var sentence: Int
    public var kind: MentionKind

    public init(text: String, start: Int, end: Int, sentence: Int, kind: MentionKind) {
        self.text = text
        self.start = start
        self.end = end
        self.sentence = sentence
        self.kind = kind
    }
}
