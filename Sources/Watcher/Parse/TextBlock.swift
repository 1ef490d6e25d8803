/// One line (plain text, JSON body) or element (HTML) of an article before it is classified.
package struct TextBlock: Sendable {
    /// What the markup already says the block is; plain text has no hint.
    package enum Hint: Sendable, Equatable {
        case paragraph, heading, caption
    }

    /// The text, cleaned of invisible characters and extra whitespace.
    package var text: String
    /// Its ``MatchKey``, for table lookups.
    package var key: String
    /// The key as a ``TableKey``.
    package var tableKey: TableKey
    /// Blocks with the same group were not separated by a blank line (plain text) or share a parent (HTML).
    package var group: Int
    package var hint: Hint?
    package var shape: LineShape

    /// Cleans `text` and derives its key and shape (this runs for every line of every file).
    package init(text: String, group: Int, hint: Hint? = nil) {
        self.text = CleanText.line(text)
        self.key = MatchKey.of(self.text)
        self.tableKey = TableKey(bytes: Array(self.key.utf8))
        self.shape = LineShape(self.text)
        self.group = group
        self.hint = hint
    }

    /// Splits plain text into one block per non-empty line; a blank line starts a new group.
    package static func lines(of text: String) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var group = 0
        for line in MatchKey.lines(text) {
            let block = TextBlock(text: String(line), group: group)
            if block.text.isEmpty {
                group += 1
            } else {
                blocks.append(block)
            }
        }
        return blocks
    }
}
