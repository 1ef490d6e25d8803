/// Finds pull quotes: display lines that repeat (often slightly reworded) a paragraph of the same article.
/// They are measured by word overlap, not exact equality, because editors trim and reorder the quoted words.
package enum RepeatedQuote {
    /// The share of a candidate's distinct words that must occur in one paragraph for it to count as a repeat.
    static let overlap = 0.75
    /// How many blocks before and after a candidate are searched for the paragraph it repeats.
    static let window = 6

    /// The distinct words of a block, with the conjunction و stripped from longer words («وتتمركز» = «تتمركز»), as
    /// sorted key fingerprints: overlap is then one merge of two integer arrays, with no hashing into a set. The
    /// words are read off the block's key, which is already folded and spaced: runs of letters, cut at spaces,
    /// digits and symbols, as the ``Tokenizer`` cuts them (only an invisible scalar inside a word, which the key
    /// drops, joins its two halves here).
    package static func words(_ block: TextBlock) -> [UInt64] {
        // Everything the loop writes is declared inside the closure: a captured outside variable would be checked
        // for exclusive access at run time on every write.
        var result = block.tableKey.withUTF8 { key in ScalarKind.table.withUnsafeBufferPointer { kinds -> [UInt64] in
            var result: [UInt64] = []
            result.reserveCapacity(key.count / 6)
            var i = 0, wordStart = -1
            let n = key.count
            @inline(__always) func endWord(at end: Int) {
                guard wordStart >= 0 else { return }
                let word = TableKey(copying: UnsafeBufferPointer(rebasing: key[wordStart..<end]))
                result.append(word.withoutConjunction.fingerprint)
                wordStart = -1
            }
            while i < n {
                let (_, length, kind) = ScalarKind.next(in: key, at: i, kinds: kinds)
                if kind.isLetter || kind == .mark {
                    if wordStart < 0 { wordStart = i }
                } else {
                    endWord(at: i)
                }
                i += length
            }
            endWord(at: n)
            return result
        } }
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
    package static func repeats(_ candidate: [UInt64], in paragraphs: [[UInt64]]) -> Bool {
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
