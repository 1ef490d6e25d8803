import Foundation

/// All keywords of a rule set compiled once into a table keyed by the first word's stem, so an article is matched
/// in one pass over its tokens with the same folding and clitic readings entity names get: «انسحاب القوات» matches
/// «وانسحاب القوات» and «بانسحاب القوات».
public struct KeywordMatcher: Sendable {
    /// One occurrence: which keyword, which tokens, which scalars of the text.
    public struct Hit: Sendable, Equatable {
        public let keyword: Int
        public let firstToken: Int
        public let endToken: Int
        public let start: Int
        public let end: Int
        /// The folded-unit range of the occurrence, to cut its surface out of the text without scalar arithmetic
        /// (nil for `exact` keywords, which are found in the text itself).
        let units: Range<Int>?
    }

    private struct Compiled: Sendable {
        /// Folded units of every word after the first.
        let rest: [[UInt16]]
        /// The first word had the article: the text's word must have it too («الحشد» does not match «حشد»).
        let needsArticle: Bool
    }

    public let keywords: [Keyword]
    private let compiled: [Compiled?]
    /// Per keyword: whether its first word needs the article (see ``Compiled``), read before `compiled` so that a
    /// candidate that cannot match costs no load of its words.
    private let needsArticle: [Bool]
    /// First-word stem → its group; the keywords starting with group g are `candidates[groupStart[g]..<groupStart[g + 1]]`.
    /// Flat arrays rather than an array per stem: every hit then read a separate array object (a cache miss and a
    /// retain per token whose stem is a keyword's).
    private let table: FoldedWordTable<Int32>
    private let groupStart: [Int32]
    private let candidates: [Int32]
    private let exactIndices: [Int]

    public init(_ keywords: [Keyword]) {
        self.keywords = keywords
        var compiled: [Compiled?] = []
        var byStem: [[UInt16]: [Int]] = [:]
        var order: [[UInt16]] = []
        var exact: [Int] = []
        for (index, keyword) in keywords.enumerated() {
            if keyword.exact {
                exact.append(index)
                compiled.append(nil)
                continue
            }
            let normalized = NormalizedText(keyword.text)
            let tokens = ArabicTokenizer.tokenize(normalized)
            guard !tokens.isEmpty else {
                compiled.append(nil)
                continue
            }
            let words = tokens.map { Array(normalized.units[$0.range]) }
            let (stemStart, article) = words[0].withUnsafeBufferPointer { Proclitics.stripArticle($0, 0, $0.count) }
            let stem = Array(words[0][stemStart...])
            compiled.append(Compiled(rest: Array(words.dropFirst()), needsArticle: article))
            if byStem[stem] == nil { order.append(stem) }
            byStem[stem, default: []].append(index)
        }
        self.compiled = compiled
        self.needsArticle = compiled.map { $0?.needsArticle ?? false }
        var groupStart: [Int32] = [0]
        var candidates: [Int32] = []
        for stem in order {
            candidates += byStem[stem]!.map { Int32($0) }
            groupStart.append(Int32(candidates.count))
        }
        self.table = FoldedWordTable(order.enumerated().map { ($1, Int32($0)) })
        self.groupStart = groupStart
        self.candidates = candidates
        self.exactIndices = exact
    }

    /// Every keyword occurrence in an analysed article, in text order.
    public func hits(in analysis: ArticleAnalysis) -> [Hit] {
        var hits: [Hit] = []
        let normalized = analysis.normalized
        let tokens = analysis.tokens
        if table.count > 0 {
            withUnsafeTemporaryAllocation(of: Proclitics.Reading.self, capacity: Proclitics.maximumReadings) { readings in
            analysis.suffixHashes.withUnsafeBufferPointer { hashes in
            normalized.units.withUnsafeBufferPointer { units in
                for (t, token) in tokens.enumerated() {
                    let start = Int(token.start), end = Int(token.end)
                    // The hash of every stem a proclitic reading can start, computed once for the article.
                    let suffixes = hashes.baseAddress! + t * TokenHash.stride
                    let count = Proclitics.readings(units, start, end, into: readings.baseAddress!)
                    for reading in readings[0..<count] {
                        guard let group = table.value(hash: suffixes[reading.offset], units, start + reading.offset, end) else { continue }
                        for c in Int(groupStart[Int(group)])..<Int(groupStart[Int(group) + 1]) {
                            let k = Int(candidates[c])
                            guard !needsArticle[k] || reading.article, let keyword = compiled[k] else { continue }
                            guard let last = matchRest(keyword.rest, after: t, tokens: tokens, units: units) else { continue }
                            let scalars = normalized.scalarRange(of: start..<Int(tokens[last].end))
                            hits.append(Hit(keyword: k, firstToken: t, endToken: last + 1, start: scalars.lowerBound, end: scalars.upperBound,
                                            units: start..<Int(tokens[last].end)))
                        }
                    }
                }
            }
            }
            }
        }
        for k in exactIndices { hits += exactHits(k, analysis) }
        // One keyword counts once per place, whichever reading found it: two readings of one token give identical
        // hits, which sorting puts side by side.
        hits.sort { ($0.start, $0.keyword) < ($1.start, $1.keyword) }
        var unique: [Hit] = []
        unique.reserveCapacity(hits.count)
        for hit in hits where unique.last.map({ $0.keyword != hit.keyword || $0.start != hit.start }) ?? true { unique.append(hit) }
        return unique
    }

    /// The index of the last token of a phrase whose later words follow token `t` exactly, within one clause.
    private func matchRest(_ rest: [[UInt16]], after t: Int, tokens: [ArabicToken], units: UnsafeBufferPointer<UInt16>) -> Int? {
        var index = t
        for word in rest {
            index += 1
            guard index < tokens.count, tokens[index].gapBefore < .clause, tokens[index].length == word.count else { return nil }
            let start = Int(tokens[index].start)
            for (offset, unit) in word.enumerated() where units[start + offset] != unit { return nil }
        }
        return index
    }

    /// Literal occurrences of an `exact` keyword, whole words only.
    private func exactHits(_ k: Int, _ analysis: ArticleAnalysis) -> [Hit] {
        let needle = keywords[k].text
        guard !needle.isEmpty else { return [] }
        let text = analysis.text
        var hits: [Hit] = []
        var searchStart = text.startIndex
        while let range = text.range(of: needle, options: [.literal], range: searchStart..<text.endIndex) {
            searchStart = range.upperBound
            let before = range.lowerBound > text.startIndex ? text.unicodeScalars[text.unicodeScalars.index(before: range.lowerBound)] : nil
            let after = range.upperBound < text.endIndex ? text.unicodeScalars[range.upperBound] : nil
            if let before, CharacterSet.alphanumerics.contains(before) { continue }
            if let after, CharacterSet.alphanumerics.contains(after) { continue }
            let start = text.unicodeScalars.distance(from: text.startIndex, to: range.lowerBound)
            let end = start + text.unicodeScalars.distance(from: range.lowerBound, to: range.upperBound)
            let first = analysis.firstTokenIndex(ofScalars: start, end)
            hits.append(Hit(keyword: k, firstToken: first, endToken: max(first + 1, analysis.tokenIndex(atScalar: max(start, end - 1)) + 1),
                            start: start, end: end, units: nil))
        }
        return hits
    }
}
