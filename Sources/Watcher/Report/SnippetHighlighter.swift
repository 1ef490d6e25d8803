/// A piece of an alert's snippet: plain text, or words that a rule matched.
public struct SnippetSegment: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case plain
        case actor
        case keyword
    }

    public var text: String
    public var kind: Kind

    public init(_ text: String, _ kind: Kind = .plain) {
        self.text = text
        self.kind = kind
    }
}

/// Finds the matched words of an alert in its snippet. The hits' offsets point into the article's text, which the
/// alert does not carry; the snippet is that text's sentences joined by spaces, so the distance between two hits of
/// one sentence is the same in both. The first hit is placed where most of the others then fall on their own
/// words; a hit whose offset does not fit (it is in a later sentence) is searched forward from the last one placed.
public enum SnippetHighlighter {
    public struct Hit: Sendable, Equatable {
        public var text: String
        public var start: Int
        public var end: Int
        public var kind: SnippetSegment.Kind

        public init(text: String, start: Int, end: Int, kind: SnippetSegment.Kind) {
            self.text = text
            self.start = start
            self.end = end
            self.kind = kind
        }
    }

    /// The hits of an alert: its actors' mentions and its keywords.
    public static func hits(of alert: ReportAlert) -> [Hit] {
        var hits: [Hit] = []
        for actor in alert.matched.actors {
            for mention in actor.mentions { hits.append(Hit(text: mention.text, start: mention.start, end: mention.end, kind: .actor)) }
        }
        for keyword in alert.matched.keywords {
            hits.append(Hit(text: keyword.text, start: keyword.start, end: keyword.end, kind: .keyword))
        }
        return hits
    }

    /// `snippet` cut into plain and matched segments; hits not found in it (cut off at its end) are left out.
    public static func segments(_ snippet: String, hits: [Hit]) -> [SnippetSegment] {
        let text = Array(snippet.unicodeScalars)
        let ordered = hits.filter { !$0.text.isEmpty }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var kinds = [SnippetSegment.Kind](repeating: .plain, count: text.count)
        if let first = ordered.first {
            let needles = ordered.map { Array($0.text.unicodeScalars) }
            // Anchor: the occurrence of the first hit that lets the most other hits land on their words by offset.
            var anchor: Int?
            var best = -1
            for candidate in occurrences(needles[0], in: text) {
                var score = 0
                for (j, hit) in ordered.enumerated() where matches(needles[j], in: text, at: candidate + hit.start - first.start) {
                    score += 1
                }
                if score > best { best = score; anchor = candidate }
            }
            if var base = anchor {
                var baseStart = first.start
                var lastPlaced = base
                for (j, hit) in ordered.enumerated() {
                    var position = base + hit.start - baseStart
                    if !matches(needles[j], in: text, at: position) {
                        guard let found = firstOccurrence(needles[j], in: text, from: lastPlaced + 1) else { continue }
                        position = found
                        base = found
                        baseStart = hit.start
                    }
                    lastPlaced = position
                    for i in position..<(position + needles[j].count) where kinds[i] != .keyword {
                        kinds[i] = hit.kind
                    }
                }
            }
        }
        var segments: [SnippetSegment] = []
        var current = String.UnicodeScalarView()
        var currentKind = SnippetSegment.Kind.plain
        for (i, scalar) in text.enumerated() {
            if kinds[i] != currentKind, !current.isEmpty {
                segments.append(SnippetSegment(String(current), currentKind))
                current = String.UnicodeScalarView()
            }
            currentKind = kinds[i]
            current.append(scalar)
        }
        if !current.isEmpty { segments.append(SnippetSegment(String(current), currentKind)) }
        return segments
    }

    static func matches(_ needle: [Unicode.Scalar], in text: [Unicode.Scalar], at position: Int) -> Bool {
        guard position >= 0, position + needle.count <= text.count, !needle.isEmpty else { return false }
        for k in 0..<needle.count where text[position + k] != needle[k] { return false }
        return true
    }

    static func occurrences(_ needle: [Unicode.Scalar], in text: [Unicode.Scalar]) -> [Int] {
        guard !needle.isEmpty, needle.count <= text.count else { return [] }
        return (0...(text.count - needle.count)).filter { matches(needle, in: text, at: $0) }
    }

    static func firstOccurrence(_ needle: [Unicode.Scalar], in text: [Unicode.Scalar], from: Int) -> Int? {
        guard !needle.isEmpty, needle.count <= text.count, from <= text.count - needle.count else { return nil }
        return (max(0, from)...(text.count - needle.count)).first { matches(needle, in: text, at: $0) }
    }
}
