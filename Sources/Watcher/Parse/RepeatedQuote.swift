/// Finds pull quotes: display lines that repeat (often slightly reworded) a paragraph of the same article.
/// They are measured by word overlap, not exact equality, because editors trim and reorder the quoted words.
package enum RepeatedQuote {
    /// The share of a candidate's distinct words that must occur in one paragraph for it to count as a repeat.
    static let overlap = 0.75
    /// How many blocks before and after a candidate are searched for the paragraph it repeats.
    static let window = 6

    /// The distinct words of `text`, with the conjunction و stripped from longer words («وتتمركز» = «تتمركز»), as
    /// sorted key fingerprints: overlap is then one merge of two integer arrays, with no hashing into a set.
    static func words(_ text: String) -> [UInt64] {
        var result: [UInt64] = []
        for token in Tokenizer.tokens(text) where token.isWord { result.append(token.key.withoutConjunction.fingerprint) }
        result.sort()
        var unique = 0
        for value in result where unique == 0 || result[unique - 1] != value {
            result[unique] = value
            unique += 1
        }
        result.removeLast(result.count - unique)
        return result
    }

    /// Whether `candidate` repeats one of `paragraphs` (each given by ``words(_:)``).
    static func repeats(_ candidate: [UInt64], in paragraphs: [[UInt64]]) -> Bool {
        guard !candidate.isEmpty else { return false }
        let needed = Int((Double(candidate.count) * overlap).rounded(.up))
        for paragraph in paragraphs where paragraph.count >= needed {
            var shared = 0, i = 0, j = 0
            while i < candidate.count && j < paragraph.count {
                if candidate[i] == paragraph[j] {
                    shared += 1; i += 1; j += 1
                } else if candidate[i] < paragraph[j] {
                    i += 1
                } else {
                    j += 1
                }
            }
            if shared >= needed { return true }
        }
        return false
    }
}
