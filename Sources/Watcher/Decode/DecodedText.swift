/// A file's bytes turned into text, with the name of the encoding they were read in.
public struct DecodedText: Sendable, Equatable {
    /// The text with line endings normalised to `\n`.
    public let text: String
    /// The encoding used, as recorded: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `windows-1256`, `iso-8859-6`.
    public let encoding: String

    public init(text: String, encoding: String) {
        self.text = text
        self.encoding = encoding
    }
}
