/// The words of an element's `class` and `id`: split on spaces, `-`, `_` and camelCase, lowercased, so
/// `entry-content no-share` is [entry, content, no, share] and `selectionShareable` is [selection, shareable].
/// Names are compared as whole words, never as substrings.
package struct ClassTokens: Sendable {
    package private(set) var words: [String] = []

    package init(_ names: String...) {
        for name in names { split(name) }
    }

    private mutating func split(_ name: String) {
        var word = [UInt8]()
        func flush() {
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
        }
        var previousLower = false
        for byte in name.utf8 {
            switch byte {
            case 0x41...0x5A:  // A–Z: a camelCase boundary after a lowercase letter or digit
                if previousLower { flush() }
                word.append(byte + 0x20)
                previousLower = false
            case 0x61...0x7A, 0x30...0x39:
                word.append(byte)
                previousLower = true
            case 0x20, 0x09, 0x0A, 0x0D, 0x2D, 0x5F, 0x2E, 0x3A, 0x2F:
                flush()
                previousLower = false
            default:
                word.append(byte)
                previousLower = false
            }
        }
        flush()
    }

    /// Words that negate the word after them (`no-share`, `without-sidebar`).
    static let negations: Set<String> = ["no", "not", "without", "hide", "disable", "disabled"]

    /// Whether the consecutive words of `phrase` occur, and their first word is not negated.
    package func contains(_ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, words.count >= phrase.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if start > 0 && Self.negations.contains(words[start - 1]) { continue }
            if phrase.count == 1 || Array(words[start..<(start + phrase.count)]) == phrase { return true }
        }
        return false
    }

    /// Whether any of `phrases` occurs.
    package func containsAny(_ phrases: [[String]]) -> Bool {
        phrases.contains { contains($0) }
    }
}
