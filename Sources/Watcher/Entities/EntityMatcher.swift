/// The gazetteer compiled into a token trie over folded words, built once at start and on reload.
///
/// A word is looked up under each of its proclitic readings (see ``Proclitics``); the first word of every name is
/// stored without its article, later words as written. At each position the longest name wins («كتائب حزب الله»
/// over «حزب الله»), then the reading that stripped fewest clitics, then name over short form over nationality.
public struct EntityMatcher: Sendable {
    /// What a trie node accepts.
    struct Payload: Sendable {
        var actor: Int32
        var kind: MentionKind
        /// Whether the name's first word carried the article.
        var article: Bool
        /// Whether the name may also be written without its article (organisations and countries: «بنتاغون»).
        var articleOptional: Bool
    }

    /// Folded words of every name → word id.
    private let vocabulary: FoldedWordTable<Int32>
    /// Per word id: the trie node a name starting with that word leads to, or -1.
    private let rootChild: [Int32]
    /// Per node: children as (word id, node) in `childWords`/`childNodes[childStart[n]..<childStart[n+1]]`.
    private let childStart: [Int32]
    private let childWords: [Int32]
    private let childNodes: [Int32]
    /// Per node: accepted names in `payloads[payloadStart[n]..<payloadStart[n+1]]`.
    private let payloadStart: [Int32]
    private let payloads: [Payload]

    /// The number of distinct folded words and of trie nodes, for diagnostics.
    public var wordCount: Int { vocabulary.count }
    public var nodeCount: Int { childStart.count - 1 }

    public init(gazetteer: Gazetteer) {
        var builder = Builder()
        for (index, actor) in gazetteer.actors.enumerated() {
            let optional = actor.type == .organization || actor.subtype == "country"
            for name in [actor.name] + actor.variants {
                builder.insert(name, Payload(actor: Int32(index), kind: .name, article: false, articleOptional: optional))
            }
            for name in actor.short {
                builder.insert(name, Payload(actor: Int32(index), kind: .short, article: false, articleOptional: false))
            }
            for nisba in actor.nationality {
                for form in Actor.nationalityForms(of: nisba) {
                    let payload = Payload(actor: Int32(index), kind: .nationality, article: false, articleOptional: false)
                    builder.insert(form, payload)
                }
            }
        }
        vocabulary = FoldedWordTable(builder.words.enumerated().map { ($1, Int32($0)) })
        var roots = [Int32](repeating: -1, count: builder.words.count)
        for (word, node) in builder.roots { roots[Int(word)] = node }
        rootChild = roots
        var childStart: [Int32] = [0]
        var childWords: [Int32] = []
        var childNodes: [Int32] = []
        var payloadStart: [Int32] = [0]
        var payloads: [Payload] = []
        for node in 0..<builder.children.count {
            for (word, child) in builder.children[node].sorted(by: { $0.key < $1.key }) {
                childWords.append(word)
                childNodes.append(child)
            }
            childStart.append(Int32(childWords.count))
            payloads.append(contentsOf: builder.payloads[node])
            payloadStart.append(Int32(payloads.count))
        }
        self.childStart = childStart
        self.childWords = childWords
        self.childNodes = childNodes
        self.payloadStart = payloadStart
        self.payloads = payloads
    }

    /// Accumulates the trie while names are inserted.
    private struct Builder {
        var wordIDs: [[UInt16]: Int32] = [:]
        var words: [[UInt16]] = []
        var roots: [Int32: Int32] = [:]
        var children: [[Int32: Int32]] = []
        var payloads: [[Payload]] = []

        mutating func id(_ word: [UInt16]) -> Int32 {
            if let id = wordIDs[word] { return id }
            words.append(word)
            wordIDs[word] = Int32(words.count - 1)
            return Int32(words.count - 1)
        }

        mutating func newNode() -> Int32 {
            children.append([:])
            payloads.append([])
            return Int32(children.count - 1)
        }

        mutating func insert(_ name: String, _ payload: Payload) {
            let text = NormalizedText(name)
            let tokens = ArabicTokenizer.tokenize(text)
            guard let first = tokens.first else { return }
            var payload = payload
            var node: Int32 = -1
            text.units.withUnsafeBufferPointer { units in
                let (stem, article) = Proclitics.stripArticle(units, first.range.lowerBound, first.range.upperBound)
                payload.article = article
                let firstWord = id(Array(units[stem..<first.range.upperBound]))
                if let existing = roots[firstWord] { node = existing } else {
                    node = newNode()
                    roots[firstWord] = node
                }
                for token in tokens.dropFirst() {
                    let word = id(Array(units[token.range]))
                    if let next = children[Int(node)][word] { node = next } else {
                        let next = newNode()
                        children[Int(node)][word] = next
                        node = next
                    }
                }
            }
            let duplicate = payloads[Int(node)].contains {
                $0.actor == payload.actor && $0.kind == payload.kind && $0.article == payload.article
            }
            if !duplicate { payloads[Int(node)].append(payload) }
        }
    }

    /// Finds every gazetteer name in `text`, leftmost-longest, without overlaps. `hashes` are the tokens' suffix
    /// hashes (``TokenHash/suffixHashes(of:in:)``).
    package func match(_ text: NormalizedText, _ tokens: [ArabicToken], suffixHashes hashes: [UInt64]) -> [GazetteerMatch] {
        var matches: [GazetteerMatch] = []
        guard !tokens.isEmpty else { return matches }
        let readings = UnsafeMutablePointer<Proclitics.Reading>.allocate(capacity: Proclitics.maximumReadings)
        defer { readings.deallocate() }
        // Whole-word ids, computed once per token and reused when a name continues onto it.
        var wholeWord = [Int32](repeating: -2, count: tokens.count)
        text.units.withUnsafeBufferPointer { units in
            hashes.withUnsafeBufferPointer { allHashes in
                var i = 0
                while i < tokens.count {
                    let token = tokens[i]
                    let start = Int(token.start)
                    let end = Int(token.end)
                    guard end - start >= Proclitics.minimumStem else { i += 1; continue }
                    let suffixes = allHashes.baseAddress! + i * TokenHash.stride
                    let readingCount = Proclitics.readings(units, start, end, into: readings)
                    var best: Candidate? = nil
                    for r in 0..<readingCount {
                        let reading = readings[r]
                        guard let word = vocabulary.index(hash: suffixes[reading.offset], units, start + reading.offset, end)
                        else { continue }
                        var node = rootChild[word]
                        var depth = 1
                        var j = i + 1
                        while node >= 0 {
                            for p in Int(payloadStart[Int(node)])..<Int(payloadStart[Int(node) + 1]) {
                                let payload = payloads[p]
                                var penalty = reading.cost
                                if payload.article != reading.article {
                                    if reading.article && payload.kind == .nationality {
                                        // الأميركي: the article on an adjective is a proclitic.
                                    } else if payload.article && payload.articleOptional {
                                        penalty += 2
                                    } else {
                                        continue
                                    }
                                }
                                let candidate = Candidate(depth: depth, penalty: penalty, actor: payload.actor,
                                                          kind: payload.kind, cost: reading.cost)
                                if best.map({ candidate.isBetter(than: $0) }) ?? true { best = candidate }
                            }
                            guard j < tokens.count, tokens[j].gapBefore <= .quote else { break }
                            if wholeWord[j] == -2 {
                                let next = tokens[j]
                                wholeWord[j] = vocabulary.index(
                                    hash: allHashes[j * TokenHash.stride], units,
                                    Int(next.start), Int(next.end)).map(Int32.init) ?? -1
                            }
                            let word = wholeWord[j]
                            guard word >= 0 else { break }
                            node = child(of: node, word: word)
                            depth += 1
                            j += 1
                        }
                    }
                    if let best {
                        let last = tokens[i + best.depth - 1]
                        var unitEnd = Int(last.end)
                        // A name quoted inside («قناة “الحرة”») keeps its closing quote so the surface stays balanced.
                        if unitEnd < units.count, units[unitEnd] == 0x22,
                           tokens[(i + 1)..<(i + best.depth)].contains(where: { $0.gapBefore == .quote }) {
                            unitEnd += 1
                        }
                        matches.append(GazetteerMatch(
                            firstToken: i, endToken: i + best.depth, unitStart: start + best.cost,
                            unitEnd: unitEnd, actor: Int(best.actor), kind: best.kind))
                        i += best.depth
                    } else {
                        i += 1
                    }
                }
            }
        }
        return matches
    }

    /// One way a name could be read at a position.
    private struct Candidate {
        /// Words covered.
        var depth: Int
        /// Clitic letters stripped, plus 2 for a missing article.
        var penalty: Int
        var actor: Int32
        var kind: MentionKind
        /// Clitic letters before the mention's surface.
        var cost: Int

        /// Longer first, then fewer clitics, then name over short form over nationality, then gazetteer order.
        func isBetter(than other: Candidate) -> Bool {
            if depth != other.depth { return depth > other.depth }
            if penalty != other.penalty { return penalty < other.penalty }
            if kind.rank != other.kind.rank { return kind.rank < other.kind.rank }
            return actor < other.actor
        }
    }

    @inline(__always)
    private func child(of node: Int32, word: Int32) -> Int32 {
        var low = Int(childStart[Int(node)])
        var high = Int(childStart[Int(node) + 1])
        while low < high {
            let mid = (low + high) >> 1
            let w = childWords[mid]
            if w == word { return childNodes[mid] }
            if w < word { low = mid + 1 } else { high = mid }
        }
        return -1
    }
}
