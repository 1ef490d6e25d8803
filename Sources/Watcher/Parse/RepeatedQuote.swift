/// Finds pull quotes: display lines that repeat (often slightly reworded) a paragraph of the same article.
/// They are measured by word overlap, not exact equality, because editors trim and reorder the quoted words.
package enum RepeatedQuote {
    /// The share of a candidate's distinct words that must occur in one paragraph for it to count as a repeat.
    static let overlap = 0.75
    /// How many blocks before and after a candidate are searched for the paragraph it repeats.
    static let window = 6

    /// The distinct words of `text`, with the conjunction و stripped from longer words («وتتمركز» = «تتمركز»).
    static func words(_ text: String) -> Set<TableKey> {
        var result: Set<TableKey> = []
        for token in Tokenizer.tokens(text) where token.isWord { result.insert(token.key.withoutConjunction) }
        return result
    }

    /// Whether `candidate` repeats one of `paragraphs` (given as word sets).
    static func repeats(_ candidate: Set<TableKey>, in paragraphs: [Set<TableKey>]) -> Bool {
        guard !candidate.isEmpty else { return false }
        let needed = Int((Double(candidate.count) * overlap).rounded(.up))
        for paragraph in paragraphs where paragraph.count >= needed {
            var shared = 0
            for word in candidate where paragraph.contains(word) { shared += 1 }
            if shared >= needed { return true }
        }
        return false
    }
}
