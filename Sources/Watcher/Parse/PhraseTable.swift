/// Multi-word phrases (month names, ordinals, credits) looked up by token keys: a hash on the first token, then the
/// few phrases starting with it compared longest first. No regular expressions, no scanning of the whole table.
package struct PhraseTable<Value: Sendable>: Sendable {
    private var byFirst: [TableKey: [(rest: [TableKey], value: Value)]] = [:]

    package init() {}

    package var isEmpty: Bool { byFirst.isEmpty }

    /// Adds `phrase`; a phrase added again replaces the earlier value.
    package mutating func add(_ phrase: String, _ value: Value) {
        let keys = Tokenizer.keys(phrase)
        guard let first = keys.first else { return }
        var list = byFirst[first, default: []]
        let rest = Array(keys.dropFirst())
        list.removeAll { $0.rest == rest }
        list.append((rest, value))
        list.sort { $0.rest.count > $1.rest.count }
        byFirst[first] = list
    }

    /// The longest phrase starting at `tokens[index]`, with the number of tokens it spans.
    package func match(_ tokens: [Token], at index: Int) -> (value: Value, length: Int)? {
        guard index < tokens.count, let candidates = byFirst[tokens[index].key] else { return nil }
        for candidate in candidates where index + candidate.rest.count < tokens.count {
            var matches = true
            for (k, key) in candidate.rest.enumerated() where tokens[index + 1 + k].key != key {
                matches = false
                break
            }
            if matches { return (candidate.value, candidate.rest.count + 1) }
        }
        return nil
    }

    /// Whether some phrase starts with the word whose key is `first`.
    package func hasPhrase(startingWith first: TableKey) -> Bool { byFirst[first] != nil }

    /// Whether any phrase occurs anywhere in `tokens`.
    package func occurs(in tokens: [Token]) -> Bool {
        for index in tokens.indices where match(tokens, at: index) != nil { return true }
        return false
    }
}
