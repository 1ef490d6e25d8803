/// Sorts the body's blocks into paragraphs, subheadings and captions, and drops repeated pull quotes.
package struct BodyClassifier: Sendable {
    let tables: ParserTables

    package init(tables: ParserTables) { self.tables = tables }

    package enum Kind: Sendable, Equatable {
        case paragraph, subheading, caption, repeated
    }

    /// One kind per block, in order.
    package func classify(_ blocks: [TextBlock]) -> [Kind] {
        let credit = CaptionCredit(tables: tables)
        let maxWords = tables.subheadingMaxWords
        var kinds = [Kind?](repeating: nil, count: blocks.count)

        // Markup and credits first: a credited line is a caption wherever it stands.
        for (i, block) in blocks.enumerated() {
            switch block.hint {
            case .heading?: kinds[i] = .subheading
            case .caption?: kinds[i] = .caption
            default: if credit.isCaption(block) || Self.isCopyrightCredit(block) || isCreditLine(block) { kinds[i] = .caption }
            }
        }
        // A short unpunctuated line right above a credited caption, without a blank line between, is the
        // photo's alt text or title: part of the same figure.
        for i in blocks.indices.dropLast() where kinds[i] == nil && kinds[i + 1] == .caption && blocks[i].hint == nil
            && blocks[i + 1].group == blocks[i].group && !blocks[i].shape.terminated && blocks[i].shape.words <= maxWords {
            kinds[i] = .caption
        }
        // A display line longer than a heading that repeats a nearby paragraph is a pull quote; the paragraph
        // keeps the words. (Short headings often echo the body and are kept.) Only paragraphs within
        // `RepeatedQuote.window` blocks are compared, which keeps this linear: pull quotes sit next to their source.
        var proseWords: [Int: [UInt64]] = [:]  // filled on demand: most articles have no candidate at all
        func words(of index: Int) -> [UInt64]? {
            guard kinds[index] == nil, blocks[index].shape.terminated || blocks[index].hint?.isProse == true else { return nil }
            if let cached = proseWords[index] { return cached }
            let words = RepeatedQuote.words(blocks[index])
            proseWords[index] = words
            return words
        }
        for i in blocks.indices where kinds[i] == nil && !blocks[i].shape.terminated && blocks[i].shape.words > maxWords {
            let near = max(0, i - RepeatedQuote.window)...min(blocks.count - 1, i + RepeatedQuote.window)
            let others = near.compactMap { $0 == i ? nil : words(of: $0) }
            if RepeatedQuote.repeats(RepeatedQuote.words(blocks[i]), in: others) { kinds[i] = .repeated }
        }
        // Plain text only: when most prose lines end with punctuation, an unpunctuated line is display text.
        let longLines = blocks.indices.filter { kinds[$0] == nil && blocks[$0].shape.words > maxWords }
        let punctuatedShare = longLines.isEmpty ? 0 : Double(longLines.filter { blocks[$0].shape.terminated }.count) / Double(longLines.count)
        // The index of the next block that is not a caption or pull quote, for every block (one backward pass).
        var nextText = [Int?](repeating: nil, count: blocks.count)
        var following: Int?
        for i in blocks.indices.reversed() {
            nextText[i] = following
            if kinds[i] != .caption && kinds[i] != .repeated { following = i }
        }
        for i in blocks.indices where kinds[i] == nil {
            let block = blocks[i]
            if block.hint != nil || block.shape.terminated {
                kinds[i] = .paragraph
                continue
            }
            if block.shape.words <= maxWords {
                // A short unpunctuated line followed by prose is a subheading.
                let followedByProse = nextText[i].map { blocks[$0].shape.terminated || blocks[$0].shape.words > maxWords } ?? false
                kinds[i] = followedByProse ? .subheading : .paragraph
            } else {
                // A long unpunctuated line among punctuated paragraphs, right next to a credited caption, belongs
                // to that figure; elsewhere it is a statement written without a final stop.
                let besideCaption = (i > 0 && kinds[i - 1] == .caption && blocks[i - 1].group == block.group)
                    || (i + 1 < blocks.count && kinds[i + 1] == .caption && blocks[i + 1].group == block.group)
                kinds[i] = punctuatedShare >= 0.6 && besideCaption ? .caption : .paragraph
            }
        }
        return kinds.map { $0 ?? .paragraph }
    }

    /// A photo credit written with ©, «© REUTERS / Mohammed Salem»: short, and the © near its start.
    static func isCopyrightCredit(_ block: TextBlock) -> Bool {
        guard block.shape.words <= 12 else { return false }
        // © is C2 A9 in UTF-8; it must come within the first 40 bytes or so of the line.
        var previous: UInt8 = 0
        for (offset, byte) in block.text.utf8.prefix(80).enumerated() {
            if previous == 0xC2 && byte == 0xA9 { return offset <= 80 }
            previous = byte
        }
        return false
    }

    /// A credit line opened by a label and a colon, «تصوير: أحمد سعد», «الصورة: أرشيف»: short, and the label is
    /// looked up only when the line has a colon.
    func isCreditLine(_ block: TextBlock) -> Bool {
        guard block.shape.words <= 12, !tables.creditLabels.isEmpty, block.text.utf8.contains(0x3A) else { return false }
        let tokens = Tokenizer.tokens(block.text, limit: 5)
        guard let (_, length) = tables.creditLabels.match(tokens, at: 0), length < tokens.count else { return false }
        return tokens[length].isSymbol(":")
    }

    /// The place a story was filed from, when the first paragraph opens with one («واشنطن - انطلقت…»,
    /// «بغداد (رويترز) - …»): up to three words before a spaced dash, without digits.
    package func dateline(of paragraph: String) -> String? {
        let tokens = Tokenizer.tokens(paragraph, limit: 8)
        var words = 0
        for (i, token) in tokens.prefix(8).enumerated() {
            if token.isWord {
                words += 1
                if words > 3 { return nil }
                continue
            }
            if case .symbol(let s) = token.kind {
                if s == "(" || s == ")" { continue }
                guard s == "-" || s == "–" || s == "—", token.spaced || i > 0 && tokens[i - 1].isSymbol(")"),
                      words > 0 else { return nil }
                var end = i
                if let open = tokens[..<i].firstIndex(where: { $0.isSymbol("(") }) { end = open }
                guard end > 0 else { return nil }
                let scalars = Array(paragraph.unicodeScalars)
                return CleanText.line(String(String.UnicodeScalarView(scalars[tokens[0].start..<tokens[end - 1].end])))
            }
            return nil
        }
        return nil
    }
}
