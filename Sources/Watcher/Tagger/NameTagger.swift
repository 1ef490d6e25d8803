import CNERModel

/// The statistical name tagger: hashed features (``TaggerFeatures``) scored by an averaged-perceptron model and
/// decoded with Viterbi into BIO tags over PERS, LOC, ORG and MISC.
///
/// Immutable and `Sendable`, shared by every worker like the gazetteer's matcher.
public struct NameTagger: Sendable {
    public let model: TaggerModel

    public init(model: TaggerModel) { self.model = model }

    /// The best tag sequence for the input's tokens.
    package func tag(_ input: TaggerInput) -> [NameLabel] { tagged(input).labels }

    /// The tagged names with their confidence: per token of the span, how far its tag's score is above O's, averaged
    /// and in the trained model's units (0 when the tag only won through its neighbours).
    ///
    /// Then, as one article names a person or place many times: a word the tagger named confidently (a one-word
    /// name, or a person's last word) is named again, with that type, wherever else it stands alone and untagged.
    package func spans(_ input: TaggerInput, minimumConfidence: Float) -> [NameSpan] {
        let (labels, margins) = tagged(input)
        var kept = NameSpan.spans(of: labels).filter { span in
            let sum = (span.first..<span.end).reduce(Float(0)) { $0 + margins[$1] }
            return sum / Float(span.end - span.first) * model.scale >= minimumConfidence
        }
        guard !kept.isEmpty else { return kept }
        let offsets = input.text.units.withUnsafeBufferPointer { u in
            input.tokens.map { TaggerFeatures.stemOffset(u, Int($0.start), Int($0.end)) }
        }
        let stems = input.tokens.indices.map { input.suffixHashes[$0 * TokenHash.stride + offsets[$0]] }
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

    /// How many tokens ahead the scoring loop asks for table rows.
    static let prefetchDistance = 4

    private func tagged(_ input: TaggerInput) -> (labels: [NameLabel], margins: [Float]) {
        let n = input.tokens.count
        guard n > 0 else { return ([], []) }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n * TaggerFeatures.count) { buffer in
            let rows = buffer.baseAddress!
            TaggerFeatures.extract(input, bits: model.bits, into: rows)
            return withUnsafeTemporaryAllocation(of: SIMD8<Int32>.self, capacity: n) { scores in
                model.rows.withUnsafeBufferPointer { w in
                    // A row is the 8 name labels' weights relative to O (16 bytes); O's score stays 0.
                    let table = UnsafeRawPointer(w.baseAddress!)
                    let stride = TaggerModel.rowStride * 2
                    for t in 0..<n {
                        if t + Self.prefetchDistance < n {
                            let ahead = rows + (t + Self.prefetchDistance) * TaggerFeatures.count
                            for f in 0..<TaggerFeatures.count { watcherd_prefetch(table + Int(ahead[f]) &* stride) }
                        }
                        var sum = SIMD8<Int32>()
                        let features = rows + t * TaggerFeatures.count
                        for f in 0..<TaggerFeatures.count {
                            let row = table.loadUnaligned(fromByteOffset: Int(features[f]) &* stride, as: SIMD8<Int16>.self)
                            sum &+= SIMD8<Int32>(truncatingIfNeeded: row)
                        }
                        scores[t] = sum
                    }
                }
                let labels = Viterbi.decode(scores: UnsafeBufferPointer(scores), transitions: model.transitionVectors,
                                            sentences: input.tokens)
                let margins = (0..<n).map { labels[$0] == .outside ? 0 : Float(scores[$0][Int(labels[$0].rawValue) - 1]) }
                return (labels, margins)
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
    /// token; the transitions with the BIO constraint folded in (``TaggerModel/transitionVectors``). Every name
    /// label's best predecessor is taken at once; after each token all scores are moved so that `O`'s is 0, which
    /// changes no decision and keeps the sums of long sentences far from overflow. Ties go to the first predecessor,
    /// as in training's decode.
    package static func decode(scores: UnsafeBufferPointer<SIMD8<Int32>>, transitions: TaggerModel.TransitionVectors,
                               sentences tokens: [ArabicToken]) -> [NameLabel] {
        let n = tokens.count
        var result = [NameLabel](repeating: .outside, count: n)
        transitions.toOutside.withUnsafeBufferPointer { toO in
        transitions.toNames.withUnsafeBufferPointer { toN in
        withUnsafeTemporaryAllocation(of: SIMD8<UInt8>.self, capacity: n) { backNames in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { backOutside in
            var start = 0
            while start < n {
                let sentence = tokens[start].sentence
                var end = start + 1
                while end < n && tokens[end].sentence == sentence { end += 1 }
                // best: the name labels' best path scores, relative to O's.
                var best = toN[0] &+ scores[start] &- SIMD8(repeating: toO[0])
                var t = start + 1
                while t < end {
                    // From O (whose best is 0), then from each name label in turn.
                    var top = toN[1]
                    var arg = SIMD8<Int32>()
                    var topO = toO[1]
                    var argO: UInt8 = 0
                    for p in 1...8 {
                        let b = best[p - 1]
                        let candidate = SIMD8<Int32>(repeating: b) &+ toN[1 + p]
                        let better = candidate .> top
                        top.replace(with: candidate, where: better)
                        arg.replace(with: Int32(p), where: better)
                        let c = b &+ toO[1 + p]
                        if c > topO { topO = c; argO = UInt8(p) }
                    }
                    best = top &+ scores[t] &- SIMD8(repeating: topO)
                    backNames[t] = SIMD8<UInt8>(truncatingIfNeeded: arg)
                    backOutside[t] = argO
                    t += 1
                }
                var label = 0
                var top: Int32 = 0
                for l in 1...8 where best[l - 1] > top { label = l; top = best[l - 1] }
                var k = end - 1
                while true {
                    result[k] = NameLabel(rawValue: UInt8(label))
                    if k == start { break }
                    label = label == 0 ? Int(backOutside[k]) : Int(backNames[k][label - 1])
                    k -= 1
                }
                start = end
            }
        }
        }
        }
        }
        return result
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
