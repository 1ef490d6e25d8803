/// What the parser decided about each block of a file and why, for `watcherd process --explain`.
public struct ExtractionTrace: Sendable {
    /// One decision.
    public struct Entry: Sendable, Equatable {
        /// `removed`, `candidate`, `kept`, `joined` or `left out`.
        public var verdict: String
        /// The element (`div.entry-content`) or `line` for plain text.
        public var element: String
        /// The prose score, where the decision was made by score.
        public var score: Double?
        /// Why, in words.
        public var reason: String
        /// The start of the block's text.
        public var text: String
    }

    public var entries: [Entry] = []

    public init() {}

    /// How much of a block's text an entry shows.
    static let previewScalars = 70

    mutating func add(_ verdict: String, _ element: String, score: Double? = nil, _ reason: String, text: String) {
        let clean = CleanText.line(text)
        let preview = clean.unicodeScalars.count > Self.previewScalars
            ? String(String.UnicodeScalarView(clean.unicodeScalars.prefix(Self.previewScalars))) + "…" : clean
        entries.append(Entry(verdict: verdict, element: element, score: score, reason: reason, text: preview))
    }

    /// The entries as a table a person reads, one line each.
    public var rendered: String {
        var out = ""
        for entry in entries {
            let score = entry.score.map { String(Int(($0 * 10).rounded()) / 10) + "." + String(Int(($0 * 10).rounded()) % 10) } ?? "-"
            out += "\(entry.verdict.padding(toLength: 9, withPad: " ", startingAt: 0)) \(score.padding(toLength: 7, withPad: " ", startingAt: 0)) "
                + "\(entry.element.padding(toLength: 28, withPad: " ", startingAt: 0)) \(entry.reason): \(entry.text)\n"
        }
        return out
    }
}

/// A node's tag with its class and id, as `div#main.entry-content`, for traces.
func describe(_ node: HTMLNode) -> String {
    var text = node.name ?? "text"
    if let id = node.attribute("id"), !id.isEmpty { text += "#" + id }
    if let classes = node.attribute("class"), !classes.isEmpty {
        text += "." + classes.split(separator: " ").joined(separator: ".")
    }
    return text.unicodeScalars.count > 28 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(27))) + "…" : text
}
