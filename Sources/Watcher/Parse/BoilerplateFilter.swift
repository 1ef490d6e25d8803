/// Drops site chrome that can be recognised line by line, before any structure is inferred.
package struct BoilerplateFilter: Sendable {
    let tables: ParserTables

    package init(tables: ParserTables) { self.tables = tables }

    /// The blocks that are not chrome, and how many were dropped.
    package func filter(_ blocks: [TextBlock]) -> (kept: [TextBlock], removed: Int) {
        var kept: [TextBlock] = []
        kept.reserveCapacity(blocks.count)
        var removed = 0
        var index = 0
        while index < blocks.count {
            let block = blocks[index]
            let key = Self.withoutTrailingPunctuation(block.key)
            // An end marker («الأكثر شعبية», «تحميل المزيد») opens the page's footer: it and all after it go.
            if !kept.isEmpty, tables.endMarkers.contains(key) {
                removed += blocks.count - index
                break
            }
            // A read-more marker links another story: it goes, with the teaser headline right after it.
            if tables.readMoreMarkers.contains(key) {
                removed += 1
                index += 1
                if index < blocks.count, !blocks[index].shape.terminated, blocks[index].shape.words <= 20,
                   blocks[index].hint != .heading || index + 1 == blocks.count {
                    removed += 1
                    index += 1
                }
                continue
            }
            // «اقرأ أيضا: headline» on one line is a teaser too.
            if let colon = key.firstIndex(of: ":"),
               tables.readMoreMarkers.contains(Self.withoutTrailingPunctuation(String(key[..<colon]))) {
                removed += 1
                index += 1
                continue
            }
            // Share buttons, cookie categories, comment-form prompts; and lines without a letter (counters, «3»).
            if tables.chromeLines.contains(key) || block.shape.letters == 0 {
                removed += 1
                index += 1
                continue
            }
            kept.append(block)
            index += 1
        }
        return (kept, removed)
    }

    /// The key without trailing colons, dots, ellipses and spaces, so «اقرأ أيضاً:» matches «اقرأ أيضا».
    static func withoutTrailingPunctuation(_ key: String) -> String {
        var scalars = Array(key.unicodeScalars)
        while let last = scalars.last, last == ":" || last == "." || last == "…" || last == " " || last == "»" || last == "«" {
            scalars.removeLast()
        }
        return String(String.UnicodeScalarView(scalars))
    }
}
