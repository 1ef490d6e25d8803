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
            let key = Self.trailingPunctuation(block.tableKey) ? TableKey(bytes: Self.withoutTrailingPunctuation(block.tableKey.utf8)) : block.tableKey
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
            if let colon = key.utf8.firstIndex(of: 0x3A),
               tables.readMoreMarkers.contains(TableKey(utf8: Self.withoutTrailingPunctuation(Array(key.utf8[..<colon])))) {
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

    /// Whether the key ends with a mark ``withoutTrailingPunctuation(_:)`` removes (most lines do not).
    static func trailingPunctuation(_ key: TableKey) -> Bool {
        guard !key.isEmpty else { return false }
        let bytes = key.utf8
        return withoutTrailingPunctuation(bytes).count != bytes.count
    }

    /// The key's UTF-8 without trailing colons, dots, ellipses, guillemets and spaces, so «اقرأ أيضاً:» matches
    /// «اقرأ أيضا».
    static func withoutTrailingPunctuation(_ bytes: [UInt8]) -> [UInt8] {
        var end = bytes.count
        while end > 0 {
            let last = bytes[end - 1]
            if last == 0x3A || last == 0x2E || last == 0x20 {
                end -= 1
            } else if end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, last == 0xA6 {
                end -= 3  // …
            } else if end >= 2, bytes[end - 2] == 0xC2, last == 0xAB || last == 0xBB {
                end -= 2  // « »
            } else {
                break
            }
        }
        return end == bytes.count ? bytes : Array(bytes[..<end])
    }
}
