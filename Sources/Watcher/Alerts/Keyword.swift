/// A watched word or phrase as the user wrote it.
public struct Keyword: Sendable, Hashable {
    public let text: String
    /// Match the text literally: no normalisation, no clitics, case-sensitive.
    public let exact: Bool

    public init(_ text: String, exact: Bool = false) {
        self.text = text
        self.exact = exact
    }
}
