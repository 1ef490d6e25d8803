import CNERModel

/// The statistical name tagger: hashed features (``TaggerFeatures``) scored by an averaged-perceptron model and
/// decoded with Viterbi into BIO tags over PERS, LOC, ORG and MISC.
///
/// Immutable and `Sendable`, shared by every worker like the gazetteer's matcher.
public struct NameTagger: Sendable {
    public let model: TaggerModel
    /// Word caches (``TaggerWordCache``), one per tagging thread at a time, each of a fixed size.
    package let caches: TaggerCachePool

    public init(model: TaggerModel) {
        self.init(model: model, caches: TaggerCachePool())
    }

    /// A tagger whose word caches come from `caches`, which must have held caches of this same model only.
    package init(model: TaggerModel, caches: TaggerCachePool) {
        self.model = model
        self.caches = caches
    }

    /// The best tag sequence for the input's tokens.
    package func tag(_ input: TaggerInput) -> [NameLabel] { tagged(input).labels }

    /// The tagged names with their confidence: per token of the span, how far its tag's score is above O's, averaged
    /// and in the trained model's units (0 when the tag only won through its neighbours).
    ///
    /// Then, as one article names a person or place many times: a word the tagger named confidently (a one-word
    /// name, or a person's last word) is named again, with that type, wherever else it stands alone and untagged.
    package func spans(_ input: TaggerInput, minimumConfidence: Float) -> [NameSpan] {
        let (labels, margins, offsets) = tagged(input)
        var kept = NameSpan.spans(of: labels).filter { span in
            let sum = (span.first..<span.end).reduce(Float(0)) { $0 + margins[$1] }
            return sum / Float(span.end - span.first) * model.scale >= minimumConfidence
        }
        guard !kept.isEmpty else { return kept }
        let stems = input.tokens.indices.map { input.suffixHashes[$0 * TokenHash.stride + Int(offsets[$0])] }
        // Words the gazetteer matched anywhere stay its own (a known actor's surname links by coreference).
        let known = input.tokens.indices.filter { input.gazetteer[$0] != 0 }.map { stems[$0] }
        var named: [(stem: UInt64, type: NameType)] = []
        for span in kept where span.type != .miscellaneous && (span.end - span.first == 1 || span.type == .person) {
            let t = span.end - 1
            // A person's word with the article is more often a title or a role («المهندس») than a name.
            guard !(span.type == .person && offsets[t] > 0), !known.contains(stems[t]) else { continue }
            if !named.contains(where: { $0.stem == stems[t] }) { named.append((stems[t], span.type)) }
        }
        guard !named.isEmpty else { return kept }
        var added = false
        for t in input.tokens.indices where labels[t] == .outside && input.classes[t] == 0 && input.gazetteer[t] == 0 {
            guard let name = named.first(where: { $0.stem == stems[t] }) else { continue }
            kept.append(NameSpan(first: t, end: t + 1, type: name.type))
            added = true
        }
        if added { kept.sort { $0.first < $1.first } }
        return kept
    }

    /// How many tokens ahead the scoring loops ask for word-cache slots and for context rows of the table.
    static let slotPrefetchDistance = 6
    static let contextPrefetchDistance = 8

    /// The tags, margins and each token's stem offset (as ``TaggerFeatures/stemOffset(_:_:_:)`` gives it), with a
    /// word cache from the pool.
    private func tagged(_ input: TaggerInput) -> (labels: [NameLabel], margins: [Float], offsets: [UInt8]) {
        var offsets = [UInt8](repeating: 0, count: input.tokens.count)
        let (labels, margins) = caches.withCache(model: model) { cache in
            offsets.withUnsafeMutableBufferPointer { tagged(input, cache: cache, offsets: $0.baseAddress) }
        }
        return (labels, margins, offsets)
    }

    /// The tags and margins with the word cache `cache`, or without one (nil: every feature row read, the reference);
    /// each token's stem offset into `offsets` when given.
    package func tagged(_ input: TaggerInput, cache: TaggerWordCache?,
                        offsets: UnsafeMutablePointer<UInt8>? = nil) -> (labels: [NameLabel], margins: [Float]) {
        let n = input.tokens.count
        guard n > 0 else { return ([], []) }
        return withUnsafeTemporaryAllocation(of: SIMD8<Int32>.self, capacity: n) { scores in
            if let cache {
                cachedScores(input, cache: cache, into: scores.baseAddress!, offsets: offsets)
            } else {
                referenceScores(input, into: scores.baseAddress!)
                if let offsets {
                    input.text.units.withUnsafeBufferPointer { u in
                        for (t, token) in input.tokens.enumerated() {
                            offsets[t] = UInt8(TaggerFeatures.stemOffset(u, Int(token.start), Int(token.end)))
                        }
                    }
                }
            }
            let labels = Viterbi.decode(scores: UnsafeBufferPointer(scores), transitions: model.transitionVectors,
                                        sentences: input.tokens)
            let margins = (0..<n).map { labels[$0] == .outside ? 0 : Float(scores[$0][Int(labels[$0].rawValue) - 1]) }
            return (labels, margins)
        }
    }

    /// Per token, the 8 name labels' scores relative to O, through `cache` or (nil) by the reference path.
    package func scores(_ input: TaggerInput, cache: TaggerWordCache?) -> [SIMD8<Int32>] {
        let n = input.tokens.count
        guard n > 0 else { return [] }
        return [SIMD8<Int32>](unsafeUninitializedCapacity: n) { buffer, count in
            buffer.initialize(repeating: SIMD8())
            if let cache { cachedScores(input, cache: cache, into: buffer.baseAddress!) } else { referenceScores(input, into: buffer.baseAddress!) }
            count = n
        }
    }

    /// The reference: every token's ``TaggerFeatures/count`` rows (``TaggerFeatures/extract(_:bits:into:)``, as
    /// training sees them) summed from the table.
    private func referenceScores(_ input: TaggerInput, into scores: UnsafeMutablePointer<SIMD8<Int32>>) {
        let n = input.tokens.count
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n * TaggerFeatures.count) { buffer in
            let rows = buffer.baseAddress!
            TaggerFeatures.extract(input, bits: model.bits, into: rows)
            model.rows.withUnsafeBufferPointer { w in
                let table = UnsafeRawPointer(w.baseAddress!)
                for t in 0..<n { scores[t] = TaggerWordCache.sum(table, rows + t * TaggerFeatures.count, TaggerFeatures.count) }
            }
        }
    }

    /// The same scores through the word cache: each token adds its word's own vector and its neighbours' vectors
    /// for their positions (``TaggerWordCache``), then its ``TaggerFeatures/contextCount`` context rows, read with
    /// a prefetch a few tokens ahead (the table rows are the cache misses).
    private func cachedScores(_ input: TaggerInput, cache: TaggerWordCache, into scores: UnsafeMutablePointer<SIMD8<Int32>>,
                              offsets: UnsafeMutablePointer<UInt8>? = nil) {
        let n = input.tokens.count
        let bits = model.bits
        let shift = UInt64(64 - bits)
        let contextCount = TaggerFeatures.contextCount
        input.text.units.withUnsafeBufferPointer { u in
        input.tokens.withUnsafeBufferPointer { tokens in
        input.suffixHashes.withUnsafeBufferPointer { hashes in
        input.classes.withUnsafeBufferPointer { classes in
        input.gazetteer.withUnsafeBufferPointer { gazetteer in
        model.rows.withUnsafeBufferPointer { w in
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 4 * n) { near in
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n * contextCount) { contextBuffer in
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: n) { plainBuffer in
            let table = UnsafeRawPointer(w.baseAddress!)
            let p1s = near.baseAddress!, n1s = p1s + n, p2s = n1s + n, n2s = p2s + n
            for t in 0..<n {
                let (p1, n1, p2, n2) = TaggerFeatures.neighbours(t, tokens)
                p1s[t] = Int32(p1); n1s[t] = Int32(n1); p2s[t] = Int32(p2); n2s[t] = Int32(n2)
            }
            TaggerFeatures.withArticle(input, tokens: tokens) { article in
                // Words: each token's own vector, its vectors added to the neighbours it is -1/+1/-2/+2 of, and
                // the boundary's where a token has no such neighbour.
                let boundary = cache.boundary
                for t in 0..<n { scores[t] = SIMD8() }
                for t in 0..<min(n, Self.slotPrefetchDistance) { cache.prefetch(form: hashes[t * TokenHash.stride]) }
                for t in 0..<n {
                    if t + Self.slotPrefetchDistance < n { cache.prefetch(form: hashes[(t + Self.slotPrefetchDistance) * TokenHash.stride]) }
                    let start = Int(tokens[t].start), end = Int(tokens[t].end)
                    let (v, offset) = cache.vectors(u, start, end, form: hashes[t * TokenHash.stride], classes: classes[t],
                                                    hashes: hashes.baseAddress! + t * TokenHash.stride, table: table)
                    article.offset[t] = UInt32(offset)
                    offsets?[t] = UInt8(truncatingIfNeeded: offset)
                    article.stemHash[t] = hashes[t * TokenHash.stride + offset]
                    scores[t] &+= v[0]
                    if t + 1 < n && p1s[t + 1] == t { scores[t + 1] &+= v[1] }
                    if t >= 1 && n1s[t - 1] == t { scores[t - 1] &+= v[2] }
                    if t + 2 < n && p2s[t + 2] == t { scores[t + 2] &+= v[3] }
                    if t >= 2 && n2s[t - 2] == t { scores[t - 2] &+= v[4] }
                    if p1s[t] == n { scores[t] &+= boundary[0] }
                    if n1s[t] == n { scores[t] &+= boundary[1] }
                    if p2s[t] == n { scores[t] &+= boundary[2] }
                    if n2s[t] == n { scores[t] &+= boundary[3] }
                }
                article.fillDocument(classes: classes, gazetteer: gazetteer)
                // Most tokens have the plain context (no gazetteer code around, spaces between): their first four
                // rows are always the same four, summed once here, and only rows 4–8 are computed and read.
                let context = contextBuffer.baseAddress!
                let plain = plainBuffer.baseAddress!
                let plainSum = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 4) { rows in
                    TaggerFeatures.plainContextRows(shift: shift, into: rows.baseAddress!)
                    return TaggerWordCache.sum(table, rows.baseAddress!, 4)
                }
                for t in 0..<n {
                    let p1 = Int(p1s[t]), n1 = Int(n1s[t])
                    if TaggerFeatures.hasPlainContext(t, article, p1: p1, n1: n1) {
                        plain[t] = true
                        TaggerFeatures.spreadContextRows(t, article, p1: p1, n1: n1, shift: shift, into: context + t * contextCount)
                    } else {
                        plain[t] = false
                        TaggerFeatures.contextRows(t, article, p1: p1, n1: n1, shift: shift, into: context + t * contextCount)
                    }
                }
                // Only the rows of the stem bigrams (and of the word before's classes with the stem) are asked for:
                // the others take a few values (gazetteer codes, punctuation, document flags) whose rows stay in
                // cache, and a prefetch of a line already there still costs an instruction and a load slot.
                let stride = TaggerModel.rowStride * 2
                let spread = TaggerFeatures.contextSpread
                for t in 0..<min(n, Self.contextPrefetchDistance) {
                    for f in spread { watcherd_prefetch(table + Int(context[t * contextCount + f]) &* stride) }
                }
                for t in 0..<n {
                    if t + Self.contextPrefetchDistance < n {
                        let ahead = context + (t + Self.contextPrefetchDistance) * contextCount
                        for f in spread { watcherd_prefetch(table + Int(ahead[f]) &* stride) }
                    }
                    if plain[t] {
                        scores[t] &+= plainSum &+ TaggerWordCache.sum(table, context + t * contextCount + 4, contextCount - 4)
                    } else {
                        scores[t] &+= TaggerWordCache.sum(table, context + t * contextCount, contextCount)
                    }
                }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
    }

    /// The tagged names of the input, as token spans.
    package func spans(_ input: TaggerInput) -> [NameSpan] { NameSpan.spans(of: tag(input)) }

}

/// Viterbi decoding over ``NameLabel``s with the BIO constraint; each sentence of the tokens is decoded on its own.
package enum Viterbi {
    /// Training's floating-point decode (specialised here, where the generic body is visible).
    package static func decode(emissions: UnsafeBufferPointer<Double>, transitions: [Double],
                               sentences tokens: [ArabicToken]) -> [NameLabel] {
        decode(emissions: emissions, transitions: transitions, sentences: tokens, generic: ())
    }

    /// The run-time decode over integer scores of the 8 name labels relative to `O` (whose score is 0), one vector per
    /// token; the transitions with the BIO constraint folded in (``TaggerModel/transitionVectors``). Only allowed
    /// predecessors are tried: the four B- labels take theirs (O and all eight) as one 4-lane vector, and each I-X
    /// only B-X and I-X. After each token all scores are moved so that `O`'s is 0, which changes no decision and keeps
    /// the sums of long sentences far from overflow. Ties go to the first predecessor, as in training's decode (a
    /// forbidden move scores far below any allowed one, so leaving them out changes nothing).
    package static func decode(scores: UnsafeBufferPointer<SIMD8<Int32>>, transitions: TaggerModel.TransitionVectors,
                               sentences tokens: [ArabicToken]) -> [NameLabel] {
        let n = tokens.count
        var result = [NameLabel](repeating: .outside, count: n)
        let bToI = transitions.beginToInside, iToI = transitions.insideToInside
        // The scores into O from B-PERS … B-MISC and from I-PERS … I-MISC.
        let toOB = SIMD4<Int32>((0..<4).map { transitions.toOutside[2 + 2 * $0] })
        let toOI = SIMD4<Int32>((0..<4).map { transitions.toOutside[3 + 2 * $0] })
        transitions.toOutside.withUnsafeBufferPointer { toO in
        transitions.toNames.withUnsafeBufferPointer { toN in
        transitions.toBegin.withUnsafeBufferPointer { toB in
        // Per token, the best predecessor of each B- label (a label, 0 for O) and of each I- label, and of O.
        withUnsafeTemporaryAllocation(of: SIMD4<UInt8>.self, capacity: 2 * n) { back in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { backOutside in
            let backBegin = back.baseAddress!, backInside = backBegin + n
            var start = 0
            while start < n {
                let sentence = tokens[start].sentence
                var end = start + 1
                while end < n && tokens[end].sentence == sentence { end += 1 }
                // The name labels' best path scores relative to O's, B- labels and I- labels apart.
                let first = toN[0] &+ scores[start] &- SIMD8(repeating: toO[0])
                var bestB = first.evenHalf, bestI = first.oddHalf
                var t = start + 1
                while t < end {
                    // Into B- labels: from O (whose best is 0) or from any name label. The nine candidates are
                    // reduced as a tree, the later one winning only when strictly better, which gives the first best
                    // as a scan would; a tree's chain of dependent steps is four long instead of nine.
                    @inline(__always) func candidate(_ p: Int, _ best: Int32) -> Pick<SIMD4<Int32>> {
                        (SIMD4<Int32>(repeating: best) &+ toB[1 + p], SIMD4<Int32>(repeating: Int32(p)))
                    }
                    let b1 = Self.pick(candidate(1, bestB[0]), candidate(2, bestI[0]))
                    let b2 = Self.pick(candidate(3, bestB[1]), candidate(4, bestI[1]))
                    let b3 = Self.pick(candidate(5, bestB[2]), candidate(6, bestI[2]))
                    let b4 = Self.pick(candidate(7, bestB[3]), candidate(8, bestI[3]))
                    let (topB, argB) = Self.pick((toB[1], SIMD4<Int32>()), Self.pick(Self.pick(b1, b2), Self.pick(b3, b4)))
                    // Into O the same way, lanes being predecessors: B-X against I-X per type, then PERS against LOC and ORG
                    // against MISC, then the two pairs.
                    let o1 = Self.pick((bestB &+ toOB, SIMD4<Int32>(1, 3, 5, 7)), (bestI &+ toOI, SIMD4<Int32>(2, 4, 6, 8)))
                    let o2 = Self.pick((o1.value.evenHalf, o1.label.evenHalf), (o1.value.oddHalf, o1.label.oddHalf))
                    var topO = toO[1]
                    var argO: UInt8 = 0
                    let firstO = o2.value[1] > o2.value[0] ? 1 : 0
                    if o2.value[firstO] > topO { topO = o2.value[firstO]; argO = UInt8(truncatingIfNeeded: o2.label[firstO]) }
                    // Into I-X: from B-X, or from I-X when strictly better.
                    let fromBegin = bestB &+ bToI, fromInside = bestI &+ iToI
                    let inside = fromInside .> fromBegin
                    var topI = fromBegin
                    topI.replace(with: fromInside, where: inside)
                    var argI = SIMD4<Int32>(1, 3, 5, 7)
                    argI.replace(with: SIMD4(2, 4, 6, 8), where: inside)
                    let score = scores[t] &- SIMD8(repeating: topO)
                    bestB = topB &+ score.evenHalf
                    bestI = topI &+ score.oddHalf
                    backBegin[t] = SIMD4<UInt8>(truncatingIfNeeded: argB)
                    backInside[t] = SIMD4<UInt8>(truncatingIfNeeded: argI)
                    backOutside[t] = argO
                    t += 1
                }
                var label = 0
                var top: Int32 = 0
                for x in 0..<4 {
                    if bestB[x] > top { label = 2 * x + 1; top = bestB[x] }
                    if bestI[x] > top { label = 2 * x + 2; top = bestI[x] }
                }
                var k = end - 1
                while true {
                    result[k] = NameLabel(rawValue: UInt8(label))
                    if k == start { break }
                    label = label == 0 ? Int(backOutside[k])
                        : label & 1 == 1 ? Int(backBegin[k][label >> 1]) : Int(backInside[k][(label - 1) >> 1])
                    k -= 1
                }
                start = end
            }
        }
        }
        }
        }
        }
        return result
    }

    /// Best scores and the labels they come from, per lane.
    typealias Pick<Lanes: SIMD> = (value: Lanes, label: Lanes) where Lanes.Scalar == Int32

    /// Lane by lane, `later` where it is strictly better than `earlier` (a tie keeps the earlier predecessor).
    @inline(__always)
    static func pick<Lanes: SIMD>(_ earlier: Pick<Lanes>, _ later: Pick<Lanes>) -> Pick<Lanes> where Lanes.Scalar == Int32 {
        let better = later.value .> earlier.value
        var value = earlier.value, label = earlier.label
        value.replace(with: later.value, where: better)
        label.replace(with: later.label, where: better)
        return (value, label)
    }

    static func decode<Score: Numeric & Comparable>(emissions: UnsafeBufferPointer<Score>, transitions: [Score],
                                                    sentences tokens: [ArabicToken], generic: Void) -> [NameLabel] {
        let labels = NameLabel.count
        let n = tokens.count
        var result = [NameLabel](repeating: .outside, count: n)
        withUnsafeTemporaryAllocation(of: Score.self, capacity: n * labels) { best in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n * labels) { back in
                var start = 0
                while start < n {
                    var end = start + 1
                    while end < n && tokens[end].sentence == tokens[start].sentence { end += 1 }
                    for l in 0..<labels {
                        best[start * labels + l] = transitions[l] + emissions[start * labels + l]
                        back[start * labels + l] = 0
                    }
                    if start + 1 < end {
                        for t in (start + 1)..<end {
                            for l in 0..<labels {
                                var top: Score? = nil
                                var arg = 0
                                // An I- tag cannot open a sentence, so none is a predecessor of the second token.
                                for p in 0..<labels where NameLabel.allowed(p, l) && (t > start + 1 || !NameLabel.isInsideRaw(p)) {
                                    let s = best[(t - 1) * labels + p] + transitions[(1 + p) * labels + l]
                                    if top == nil || s > top! { top = s; arg = p }
                                }
                                best[t * labels + l] = top! + emissions[t * labels + l]
                                back[t * labels + l] = UInt8(arg)
                            }
                        }
                    }
                    var label = 0
                    for l in 1..<labels where (end - 1 > start || !NameLabel.isInsideRaw(l))
                        && best[(end - 1) * labels + l] > best[(end - 1) * labels + label] {
                        label = l
                    }
                    var t = end - 1
                    while true {
                        result[t] = NameLabel(rawValue: UInt8(label))
                        if t == start { break }
                        label = Int(back[t * labels + label])
                        t -= 1
                    }
                    start = end
                }
            }
        }
        return result
    }
}
