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

    /// Cleans `text` and derives its key in one pass over its scalars (this runs for every line of every file).
    package init(text: some StringProtocol, group: Int, hint: Hint? = nil) {
        var clean: [UInt8] = [], key: [UInt8] = []
        clean.reserveCapacity(text.utf8.count)
        key.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        var shape = LineShape()
        for scalar in text.unicodeScalars {
            shape.add(scalar)
            if MatchKey.isInvisible(scalar) { continue }
            if MatchKey.isSpace(scalar) {
                pendingSpace = !clean.isEmpty
                continue
            }
            if pendingSpace {
                clean.append(0x20)
                if !key.isEmpty { key.append(0x20) }
                pendingSpace = false
            }
            UTF8.encode(scalar) { clean.append($0) }
            if let folded = MatchKey.fold(scalar) { UTF8.encode(folded) { key.append($0) } }
        }
        if key.last == 0x20 { key.removeLast() }
        self.text = String(decoding: clean, as: UTF8.self)
        self.key = String(decoding: key, as: UTF8.self)
        self.tableKey = TableKey(bytes: key)
        self.group = group
        self.hint = hint
        self.shape = shape
    }

    /// Splits plain text into one block per non-empty line; a blank line starts a new group.
    package static func lines(of text: String) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var group = 0
        for line in MatchKey.lines(text) {
            let block = TextBlock(text: line, group: group)
            if block.text.isEmpty {
                group += 1
            } else {
                blocks.append(block)
            }
        }
        return blocks
    }
}
