/// Joins the lines of hard-wrapped text (wire copy folded at a fixed width, e-mail bodies) back into the
/// paragraphs they were cut from. Left as lines, each would be a paragraph and a sentence of its own, and a
/// `near: sentence` rule would miss a phrase that the fold broke in two.
///
/// A file is taken as wrapped when most of its lines that run on into another line of the same block were cut the
/// way a greedy wrapper cuts: the line fits a width W and the next line's first word would not have. W is found
/// from the lines themselves, counted in scalars (`fmt`, editors, Python's `textwrap`) or in UTF-8 bytes (`fold`),
/// whichever explains more of the breaks.
package enum WrappedLines {
    /// Fewer wrapped breaks than this are not evidence of a fold.
    static let minimumBreaks = 2
    /// The share of the runs-on that the width must explain.
    static let minimumShare = 0.5
    /// Widths taken for a fold, in scalars; narrower lines are lists, verse or tables, wider ones are not wrapped.
    static let scalarWidths = 45...160
    /// The same in UTF-8 bytes (Arabic letters take two).
    static let byteWidths = 60...320
    /// Cleaning collapses runs of spaces and drops invisible scalars, so a cleaned line may be this much shorter.
    static let slack = 2
    /// A title broken by the fold spans at most this many lines.
    static let titleLines = 3
    /// A wrapped line holds at least this many words.
    static let minimumWords = 4

    /// The blocks with each wrapped line joined to the next, and how many line breaks were joined. A line for
    /// which `isHeaderLine` holds (a date or metadata line) is never joined to the line above it. `firstIsTitle`: the
    /// first line is the file's title (plain text), not the first line of a body (a JSON article's text).
    package static func join(_ blocks: [TextBlock], firstIsTitle: Bool = true,
                             isHeaderLine: (TextBlock) -> Bool = { _ in false }) -> (blocks: [TextBlock], joined: Int) {
        var runsOn: [Int] = []
        for i in blocks.indices.dropLast() where blocks[i + 1].group == blocks[i].group { runsOn.append(i) }
        guard runsOn.count >= minimumBreaks else { return (blocks, 0) }

        guard let fold = [Unit.scalars, .bytes].compactMap({ Fold.best(blocks, runsOn: runsOn, unit: $0) }).max(by: { $0.rank < $1.rank }),
              fold.breaks >= minimumBreaks, Double(fold.breaks) >= minimumShare * Double(runsOn.count) else {
            return (blocks, 0)
        }
        // wraps[i]: line i was cut at the fold and runs on into line i + 1 of its block.
        var wraps = [Bool](repeating: false, count: blocks.count)
        for i in runsOn where fold.wraps(blocks, at: i) && !startsItem(blocks[i + 1]) && !isHeaderLine(blocks[i + 1]) {
            wraps[i] = true
        }
        // The first line is the title. It runs on inside a block of its own (a blank line under it) of at most
        // `titleLines` lines, a title that the fold broke; without a blank line under it, only into a last line that
        // ends the title with a stop («… العراقية.. ما السبب؟»). Lines of one length under it with no blank line between
        // (a short post, verse) would otherwise all become the title, and the body would be empty.
        if firstIsTitle, let end = blocks.indices.first(where: { $0 + 1 == blocks.count || blocks[$0 + 1].group != blocks[0].group }),
           end + 1 == blocks.count || end >= titleLines, wraps[0], wraps[1] || !blocks[1].shape.terminated {
            wraps[0] = false
        }
        // A block whose every line but the last was cut at the fold is one paragraph: its lines are joined even
        // where a sentence ended at the fold.
        var paragraph = [Bool](repeating: false, count: blocks.count)
        var first = 0
        for i in blocks.indices where i + 1 == blocks.count || blocks[i + 1].group != blocks[i].group {
            let whole = i > first && (first..<i).allSatisfy { wraps[$0] }
            for j in first...i { paragraph[j] = whole }
            first = i + 1
        }

        var joined: [TextBlock] = []
        joined.reserveCapacity(blocks.count)
        // The lines of the paragraph being joined, put together once it ends (appending to one string line by line
        // copied it at every line: quadratic on a long folded block).
        var pending: [String] = []
        var count = 0
        for i in blocks.indices {
            // Elsewhere (paragraphs with no blank line between them, a header) a line runs on only in mid-sentence,
            // into a line that runs on or ends a sentence itself: a paragraph whose last line happens to fill the
            // width stays apart from the next one.
            let runs = wraps[i] && (paragraph[i] ||
                (!blocks[i].shape.terminated && (wraps[i + 1] || blocks[i + 1].shape.terminated)))
            if runs {
                pending.append(blocks[i].text)
                count += 1
            } else if pending.isEmpty {
                joined.append(blocks[i])
            } else {
                // A space between the lines, also after a hyphen: «بغداد- فرانس برس» broken after «بغداد-» is far
                // more common in Arabic copy than a compound broken at its hyphen.
                pending.append(blocks[i].text)
                joined.append(TextBlock(text: pending.joined(separator: " "), group: blocks[i].group, hint: blocks[i].hint))
                pending.removeAll(keepingCapacity: true)
            }
        }
        return (joined, count)
    }

    /// How a line's length is counted.
    enum Unit { case scalars, bytes }

    /// A width and the wrapped breaks it explains.
    struct Fold {
        let unit: Unit
        let width: Int
        let breaks: Int
        /// The breaks it explains without the slack. Folds in scalars and in bytes often explain as many breaks
        /// with it (Arabic letters take two bytes, so the two counts move together); the fold that was used
        /// explains them exactly.
        let exact: Int

        /// Breaks first, then exact ones.
        var rank: (Int, Int) { (breaks, exact) }

        /// Whether line `i` was cut at this width: it fits, and the next line's first word would not have.
        func wraps(_ blocks: [TextBlock], at i: Int) -> Bool {
            guard blocks[i].shape.words >= WrappedLines.minimumWords else { return false }
            let length = Fold.length(blocks[i].text, unit)
            return length <= width && length + 1 + Fold.firstWord(blocks[i + 1].text, unit) + WrappedLines.slack > width
        }

        /// The width that explains most breaks among `runsOn`, counted in `unit`.
        static func best(_ blocks: [TextBlock], runsOn: [Int], unit: Unit) -> Fold? {
            let range = unit == .scalars ? WrappedLines.scalarWidths : WrappedLines.byteWidths
            // Each break that could be a fold: its length, and the widest width at which the next line's first
            // word would not have fitted on it. A width explains the breaks it lies between.
            var spans: [(low: Int, high: Int)] = []
            spans.reserveCapacity(runsOn.count)
            for i in runsOn where blocks[i].shape.words >= WrappedLines.minimumWords {
                let length = length(blocks[i].text, unit)
                guard length <= range.upperBound else { continue }
                spans.append((length, length + firstWord(blocks[i + 1].text, unit)))
            }
            // Candidate widths are the lines' own lengths: a greedy fold leaves some line at its full width. Ties go
            // to the narrower width.
            var best: Fold?
            for width in Set(spans.map(\.low)).sorted() where range.contains(width) {
                let breaks = spans.count { $0.low <= width && $0.high + WrappedLines.slack >= width }
                let exact = spans.count { $0.low <= width && $0.high >= width }
                let fold = Fold(unit: unit, width: width, breaks: breaks, exact: exact)
                if breaks > 0, best.map({ fold.rank > $0.rank }) ?? true { best = fold }
            }
            return best
        }

        static func length(_ text: String, _ unit: Unit) -> Int {
            unit == .bytes ? text.utf8.count : Extraction.counts(text).scalars
        }

        static func firstWord(_ text: String, _ unit: Unit) -> Int {
            let word = text.utf8.prefix { $0 != 0x20 }
            return unit == .bytes ? word.count : word.count { $0 & 0xC0 != 0x80 }
        }
    }

    /// Whether a line opens a list item («- », «• », «1. », «2) »), which starts a line of its own.
    static func startsItem(_ block: TextBlock) -> Bool {
        let bytes = Array(block.text.utf8.prefix(4))
        guard let first = bytes.first else { return false }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") { return bytes.count > 1 && bytes[1] == 0x20 }
        if block.text.unicodeScalars.first.map({ "•–—·▪●".unicodeScalars.contains($0) }) == true { return true }
        // A number and «.» or «)» (ASCII or Arabic-Indic digits).
        var digits = 0
        for scalar in block.text.unicodeScalars.prefix(4) {
            if MatchKey.digitValue(scalar) != nil { digits += 1; continue }
            return digits > 0 && (scalar == "." || scalar == ")")
        }
        return false
    }
}
