/// A word, number or symbol of article text, located by Unicode-scalar offsets.
package struct Token: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case word
        /// Digits in any of the three digit sets, with their value and how many digits were written.
        case number(value: Int, digits: Int)
        /// One punctuation or symbol scalar.
        case symbol(Unicode.Scalar)
    }

    package var kind: Kind
    /// The ``MatchKey`` form of a word; the scalar of a symbol; the ASCII digits of a number.
    package var key: TableKey
    package var start: Int
    package var end: Int
    /// The same span as UTF-8 byte offsets into the text, to cut its words out without walking the scalars.
    package var utf8Start = 0
    package var utf8End = 0
    /// Whether whitespace separates this token from the previous one.
    package var spaced: Bool

    package init(kind: Kind, key: TableKey, start: Int, end: Int, utf8Start: Int = 0, utf8End: Int = 0, spaced: Bool) {
        self.kind = kind
        self.key = key
        self.start = start
        self.end = end
        self.utf8Start = utf8Start
        self.utf8End = utf8End
        self.spaced = spaced
    }

    package var number: Int? { if case .number(let value, _) = kind { value } else { nil } }
    package var digitCount: Int { if case .number(_, let digits) = kind { digits } else { 0 } }
    package var isWord: Bool { kind == .word }
    package func isSymbol(_ scalar: Unicode.Scalar) -> Bool { kind == .symbol(scalar) }
}
