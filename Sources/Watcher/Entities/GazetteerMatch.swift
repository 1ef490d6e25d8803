/// One span of an article recognised by the compiled matcher as an actor of the gazetteer.
package struct GazetteerMatch: Sendable, Equatable {
    /// Token range `[firstToken, endToken)`.
    package var firstToken: Int
    package var endToken: Int
    /// Folded-unit range of the mention: the words without their conjunction/preposition clitics.
    package var unitStart: Int
    package var unitEnd: Int
    /// Index into ``Gazetteer/actors``.
    package var actor: Int
    package var kind: MentionKind
}
