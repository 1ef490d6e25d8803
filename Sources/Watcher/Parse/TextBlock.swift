/// One line (plain text, JSON body) or element (HTML) of an article before it is classified.
package struct TextBlock: Sendable {
    /// What the markup already says the block is; plain text has no hint.
    package enum Hint: Sendable, Equatable {
        case paragraph, heading, caption
        /// A standfirst or lead set apart by the markup: prose, kept as a `lead` block.
        case lead
        /// A block quotation: prose, kept as a `quote` block.
        case quote

        /// Whether the markup says the block is running prose.
        package var isProse: Bool { self == .paragraph || self == .lead || self == .quote }
    }

    /// The text, cleaned of invisible characters and extra whitespace.
    package var text: String
    /// Its ``MatchKey``, for table lookups.
    package var key: String { String(decoding: tableKey.utf8, as: UTF8.self) }
    /// The key as a ``TableKey``.
    package var tableKey: TableKey
    /// Blocks with the same group were not separated by a blank line (plain text) or share a parent (HTML).
    package var group: Int
    package var hint: Hint?
    package var shape: LineShape
    /// The scripts of its scalars, for ``LanguageGuess``.
    package var script: ScriptCounts

    /// Cleans `text` and derives its key and shape (this runs for every line of every file).
    package init(text: String, group: Int, hint: Hint? = nil) {
        var text = text
        let scan = text.withUTF8 { LineScanner.scan($0) }
        self.init(scan: scan, line: text[...], group: group, hint: hint)
    }

    /// A block from a scan of `line`. A line that cleaning left as it was (but for trailing whitespace) becomes
    /// the text as a substring copy: a `String` made from bytes has to validate them again, a substring's are known
    /// good.
    private init(scan: LineScanner.Result, line: Substring, group: Int, hint: Hint?) {
        if let changed = scan.changedText {
            text = String(decoding: changed, as: UTF8.self)
        } else {
            text = String(line.utf8.prefix(scan.textLength))!
        }
        tableKey = TableKey(bytes: scan.key)
        shape = scan.shape
        script = scan.script
        self.group = group
        self.hint = hint
    }

    /// Splits plain text into one block per non-empty line; a blank line starts a new group.
    package static func lines(of text: String) -> [TextBlock] {
        var visible = 0
        return lines(of: text, visibleScalars: &visible)
    }

    /// The same, and the text's ``Extraction/visibleScalars(_:)`` into `visibleScalars`, counted by the line scans
    /// (the newlines between lines are whitespace, so the text's count is the sum of its lines', blank ones included).
    package static func lines(of text: String, visibleScalars: inout Int) -> [TextBlock] {
        var text = text
        text.makeContiguousUTF8()
        let view = text.utf8
        let blocks = view.withContiguousStorageIfAvailable { utf8 -> [TextBlock] in
            var blocks: [TextBlock] = []
            var group = 0
            var start = 0
            var visible = 0
            defer { visibleScalars = visible }
            while start <= utf8.count {
                let end = ByteSearch.firstIndex(of: 0x0A, in: utf8, from: start) ?? utf8.count
                let line = UnsafeBufferPointer(rebasing: utf8[start..<end])
                let scan = LineScanner.scan(line)
                visible += scan.visibleScalars
                if scan.isEmpty {
                    group += 1
                } else {
                    let from = view.index(view.startIndex, offsetBy: start)
                    blocks.append(TextBlock(scan: scan, line: text[from..<view.index(from, offsetBy: line.count)], group: group, hint: nil))
                }
                start = end + 1
            }
            return blocks
        }
        return blocks ?? []
    }
}
