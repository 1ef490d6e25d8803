/// Drops site chrome that can be recognised line by line, before any structure is inferred.
package struct BoilerplateFilter: Sendable {
    let tables: ParserTables

    package init(tables: ParserTables) { self.tables = tables }

    /// A kept line this long (in words) and ending a sentence is body prose: only after one does an end marker
    /// open the footer. Before it, the marker is a menu item among others and goes alone.
    static let proseWords = 8

    /// The blocks that are not chrome, and how many were dropped.
    package func filter(_ blocks: [TextBlock]) -> (kept: [TextBlock], removed: Int) {
        let result = filterCountingCut(blocks)
        return (result.kept, result.removed)
    }

    /// A line's key in the line tables, without trailing punctuation («اقرأ أيضاً:» is «اقرأ أيضا»), with that
    /// length; the key is nil for a line longer than every table line, which is looked up in none and not copied to be.
    private func lineKey(_ block: TextBlock) -> (key: TableKey?, length: Int) {
        let length = Self.lengthWithoutTrailingPunctuation(block.tableKey)
        return (length <= tables.lineKeyLimit ? block.tableKey.prefix(length) : nil, length)
    }

    /// Whether a line is an end marker that opens a page's footer («التعليقات», «الأكثر قراءة»).
    package func isEndMarker(_ block: TextBlock) -> Bool {
        lineKey(block).key.map(tables.endMarkers.contains) ?? false
    }

    /// Whether a line is the heading of a box of links to other stories that can stand inside a story («اخترنا لك»,
    /// «اقرأ أيضا»: ``ParserTables/linkBoxHeadings`` and the read-more markers). A footer's opening («الأكثر قراءة»,
    /// «التعليقات») is not: it still ends the story where it stands.
    package func isLinkBoxHeading(_ block: TextBlock) -> Bool {
        guard let key = lineKey(block).key else { return false }
        return tables.linkBoxHeadings.contains(key) || tables.readMoreMarkers.contains(key)
    }

    /// Whether a line labels a story above its title in a text file («عاجل»; ``ParserTables/titleLabels``).
    package func isTitleLabel(_ block: TextBlock) -> Bool {
        lineKey(block).key.map(tables.titleLabels.contains) ?? false
    }

    /// As ``filter(_:)``, also giving the visible scalars of prose (sentences of ``proseWords`` or more ending with a
    /// full stop, not repeating a kept line) cut with the footer after an end marker, so a cut that took body text
    /// can be reported.
    /// `onRemove`, when given, hears each dropped block with the reason (for `--explain`).
    package func filterCountingCut(_ blocks: [TextBlock], onRemove: ((TextBlock, String) -> Void)? = nil)
        -> (kept: [TextBlock], removed: Int, cutProse: Int) {
        var kept: [TextBlock] = []
        kept.reserveCapacity(blocks.count)
        var removed = 0
        var cutProse = 0
        var proseKept = false
        var index = 0
        while index < blocks.count {
            let block = blocks[index]
            let (key, length) = lineKey(block)
            // An end marker («الأكثر شعبية», «تحميل المزيد») opens the page's footer: it and all after it go.
            if let key, tables.endMarkers.contains(key) {
                if proseKept {
                    removed += blocks.count - index
                    if let onRemove { for cut in blocks[index...] { onRemove(cut, "after the footer marker «\(block.text)»") } }
                    // Sentences that end with a full stop: a most-read list's headlines end with «؟» or «!» or none,
                    // and a teaser repeating the story's own lead is not lost.
                    var keptKeys: Set<TableKey>? = nil
                    for cut in blocks[index...] where Self.isProse(cut) && cut.text.utf8.last == UInt8(ascii: ".") {
                        if keptKeys == nil { keptKeys = Set(kept.map(\.tableKey)) }
                        if keptKeys?.contains(cut.tableKey) == false { cutProse += Extraction.visibleScalars(cut.text) }
                    }
                    break
                }
                onRemove?(block, "footer marker above the body: a menu item")
                removed += 1
                index += 1
                continue
            }
            // A read-more marker links another story: it goes, with the teaser headline right after it.
            if let key, tables.readMoreMarkers.contains(key) {
                onRemove?(block, "read-more marker")
                removed += 1
                index += 1
                if index < blocks.count, !blocks[index].shape.terminated, blocks[index].shape.words <= 20,
                   blocks[index].hint != .heading || index + 1 == blocks.count {
                    onRemove?(blocks[index], "teaser headline after a read-more marker")
                    removed += 1
                    index += 1
                }
                continue
            }
            // «اقرأ أيضا: headline» on one line is a teaser too.
            if let colon = block.tableKey.withUTF8({ $0.prefix(length).firstIndex(of: 0x3A) }) {
                let marker = block.tableKey.prefix(colon)
                let markerLength = Self.lengthWithoutTrailingPunctuation(marker)
                if markerLength <= tables.lineKeyLimit, tables.readMoreMarkers.contains(marker.prefix(markerLength)) {
                    onRemove?(block, "read-more teaser")
                    removed += 1
                    index += 1
                    continue
                }
            }
            // Share buttons, cookie categories, comment-form prompts; and lines without a letter (counters, «3»);
            // and an outlet's follow-us or subscribe line.
            if block.shape.letters == 0 || key.map(tables.chromeLines.contains) == true || isFollowLine(block) {
                if let onRemove {
                    onRemove(block, block.shape.letters == 0 ? "no letters" : isFollowLine(block) ? "follow-us line" : "chrome line")
                }
                removed += 1
                index += 1
                continue
            }
            kept.append(block)
            if Self.isProse(block) { proseKept = true }
            index += 1
        }
        return (kept, removed, cutProse)
    }

    /// A follow-us line is short and opens with one of the table's phrases.
    static let followLineWords = 25

    private func isFollowLine(_ block: TextBlock) -> Bool {
        guard block.shape.words <= Self.followLineWords, !tables.followPrefixes.isEmpty else { return false }
        // The first word is read off the key in place: most lines fail there, without being tokenised.
        let firstWord = block.tableKey.withUTF8 { key in
            TableKey(copying: UnsafeBufferPointer(rebasing: key[..<(key.firstIndex(of: 0x20) ?? key.count)]))
        }
        guard tables.followPrefixes.hasPhrase(startingWith: firstWord) else { return false }
        return tables.followPrefixes.match(Tokenizer.tokens(block.text, limit: 6), at: 0) != nil
    }

    static func isProse(_ block: TextBlock) -> Bool {
        block.shape.terminated && block.shape.words >= proseWords
    }

    /// The length of the key without trailing colons, dots, ellipses, guillemets and spaces, so «اقرأ أيضاً:»
    /// matches «اقرأ أيضا».
    static func lengthWithoutTrailingPunctuation(_ key: TableKey) -> Int {
        key.withUTF8 { lengthWithoutTrailingPunctuation($0) }
    }

    /// The key's UTF-8 without trailing punctuation (as above), for building the tables.
    static func withoutTrailingPunctuation(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes.prefix(bytes.withUnsafeBufferPointer { lengthWithoutTrailingPunctuation($0) }))
    }

    private static func lengthWithoutTrailingPunctuation(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
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
        return end
    }
}
