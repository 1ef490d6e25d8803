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
    package func spans(_ input: TaggerInput, minimumConfidence: Float) -> [NameSpan] {
        let (labels, margins) = tagged(input)
        return NameSpan.spans(of: labels).filter { span in
            let sum = (span.first..<span.end).reduce(Float(0)) { $0 + margins[$1] }
            return sum / Float(span.end - span.first) * model.scale >= minimumConfidence
        }
    }

    private func tagged(_ input: TaggerInput) -> (labels: [NameLabel], margins: [Float]) {
        let n = input.tokens.count
        guard n > 0 else { return ([], []) }
        let labels = NameLabel.count
        let features = TaggerFeatures.count
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n * features) { rows in
            TaggerFeatures.extract(input, bits: model.bits, into: rows.baseAddress!)
            return withUnsafeTemporaryAllocation(of: Int32.self, capacity: n * labels) { scores in
                model.rows.withUnsafeBufferPointer { w in
                    let table = UnsafeRawPointer(w.baseAddress!)
                    for t in 0..<n {
                        var sum = SIMD16<Int32>()
                        for f in 0..<features {
                            let row = table.loadUnaligned(fromByteOffset: Int(rows[t * features + f]) * TaggerModel.rowStride * 2,
                                                          as: SIMD16<Int16>.self)
                            sum &+= SIMD16<Int32>(truncatingIfNeeded: row)
                        }
                        for l in 0..<labels { scores[t * labels + l] = sum[l] }
                    }
                }
                let labels = Viterbi.decode(emissions: UnsafeBufferPointer(scores), transitions: model.transitions,
                                            sentences: input.tokens)
                let margins = (0..<n).map { Float(scores[$0 * NameLabel.count + Int(labels[$0].rawValue)] - scores[$0 * NameLabel.count]) }
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

    /// The run-time decode: integer scores, the BIO constraint folded into the loops.
    static func decode(emissions: UnsafeBufferPointer<Int32>, transitions: [Int32], sentences tokens: [ArabicToken]) -> [NameLabel] {
        let labels = NameLabel.count
        let n = tokens.count
        var result = [NameLabel](repeating: .outside, count: n)
        let forbidden = Int32.min / 4
        transitions.withUnsafeBufferPointer { trans in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: n * labels) { best in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n * labels) { back in
                    var start = 0
                    while start < n {
                        let sentence = tokens[start].sentence
                        var end = start + 1
                        while end < n && tokens[end].sentence == sentence { end += 1 }
                        for l in 0..<labels {
                            best[start * labels + l] = NameLabel.isInsideRaw(l) ? forbidden : trans[l] &+ emissions[start * labels + l]
                            back[start * labels + l] = 0
                        }
                        var t = start + 1
                        while t < end {
                            let previous = (t - 1) * labels
                            for l in 0..<labels {
                                var top = Int32.min
                                var arg = 0
                                if NameLabel.isInsideRaw(l) {
                                    // Only B- or I- of the same type continue into I-.
                                    for p in (l - 1)...l {
                                        let s = best[previous + p] &+ trans[(1 + p) * labels + l]
                                        if s > top { top = s; arg = p }
                                    }
                                } else {
                                    for p in 0..<labels {
                                        let s = best[previous + p] &+ trans[(1 + p) * labels + l]
                                        if s > top { top = s; arg = p }
                                    }
                                }
                                best[t * labels + l] = top &+ emissions[t * labels + l]
                                back[t * labels + l] = UInt8(arg)
                            }
                            t += 1
                        }
                        var label = 0
                        for l in 1..<labels where best[(end - 1) * labels + l] > best[(end - 1) * labels + label] { label = l }
                        var k = end - 1
                        while true {
                            result[k] = NameLabel(rawValue: UInt8(label))
                            if k == start { break }
                            label = Int(back[k * labels + label])
                            k -= 1
                        }
                        start = end
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
