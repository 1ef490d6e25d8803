/// An article's text addressed by Unicode-scalar offsets (what records report), through its ``NormalizedText``:
/// pieces are cut out as substrings by byte offsets found from the folded units, without a table of every
/// scalar's position (building one for each article that raised an alert cost more than the rules themselves).
struct ArticleScalars {
    let text: NormalizedText

    init(_ text: NormalizedText) {
        self.text = text
    }

    /// The number of scalars.
    var count: Int { text.scalarCount }

    /// The text of scalars `range` (clamped to the text), as a substring of the original.
    func substring(_ range: Range<Int>) -> Substring {
        text.original(scalars: range.clamped(to: 0..<count))
    }

    /// The text of scalars `range` (clamped to the text).
    func string(_ range: Range<Int>) -> String {
        String(substring(range))
    }

    /// Whether scalar `index` is whitespace (the White_Space property, by value).
    func isSpace(_ index: Int) -> Bool {
        MatchKey.isSpace(text.originalScalar(at: index))
    }
}
