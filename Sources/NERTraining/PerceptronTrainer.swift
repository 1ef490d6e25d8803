import Watcher

/// Trains the tagger's model: an averaged structured perceptron over ``TaggerFeatures``, Viterbi-decoded, with the
/// sentences shuffled by a seeded generator each epoch. Single-threaded and free of hashed collections, so the same
/// corpus, seed and epochs give the same model bytes on every run.
public struct PerceptronTrainer {
    public var bits: Int
    public var epochs: Int
    public var seed: UInt64
    /// Cost-augmented training: while learning, a wrong label on a token scores this much extra (twice that for `O`
    /// on a name's token), so updates push for a margin and against missed names.
    public var cost: Double
    /// Extra (out-of-domain) sentences take part in the first `extraEpochs` epochs only (nil: in all of them).
    public var extraEpochs: Int?
    /// Copies of every feature per domain (Daumé's "frustratingly easy" domain adaptation), for training with
    /// extra sentences of another domain.
    public var extraDomainCopy: DomainCopy

    /// Which domains get a private copy of every feature beside the shared one.
    public enum DomainCopy: String, Sendable, CaseIterable {
        /// None: extra sentences train the shared weights only.
        case none
        /// The extra domain only: what is peculiar to it is learnt in its copy, which is dropped after training.
        case extra
        /// Both: the main domain's copy is added into the shared weights after training (the tagger only ever sees
        /// the main domain), the extra domain's is dropped. Either way the model keeps one table: tagging costs
        /// nothing more.
        case both
    }

    public init(bits: Int = 16, epochs: Int = 8, seed: UInt64 = 0x7a66, cost: Double = 1, extraEpochs: Int? = nil,
                extraDomainCopy: DomainCopy = .none) {
        self.bits = bits
        self.epochs = epochs
        self.seed = seed
        self.cost = cost
        self.extraEpochs = extraEpochs
        self.extraDomainCopy = extraDomainCopy
    }

    /// One training sentence: its feature rows (``TaggerFeatures/count`` per token) and gold tags.
    struct Example {
        var rows: [UInt32]
        var gold: [UInt8]
        var tokens: [ArabicToken]
        /// From the extra (out-of-domain) data.
        var extra = false
    }

    /// The examples of one text: its features are computed over the whole text (so document-level features see
    /// every sentence), then it is cut into its sentences, each one update of the perceptron.
    func examples(_ sentence: TaggedSentence) -> [Example] {
        let n = sentence.input.tokens.count
        let features = TaggerFeatures.count
        let rows = [UInt32](unsafeUninitializedCapacity: n * features) { buffer, count in
            if n > 0 { TaggerFeatures.extract(sentence.input, bits: bits, into: buffer.baseAddress!) }
            count = n * features
        }
        let tokens = sentence.input.tokens
        var result: [Example] = []
        var start = 0
        while start < n {
            var end = start + 1
            while end < n && tokens[end].sentence == tokens[start].sentence { end += 1 }
            result.append(Example(rows: Array(rows[(start * features)..<(end * features)]),
                                  gold: sentence.gold[start..<end].map(\.rawValue), tokens: Array(tokens[start..<end])))
            start = end
        }
        return result
    }

    /// Trains on `sentences`, and on `extra` sentences of another domain as ``extraEpochs`` and ``extraDomainCopy``
    /// say; `progress` hears after each epoch.
    public func train(_ sentences: [TaggedSentence], extra: [TaggedSentence] = [],
                      progress: (Int) -> Void = { _ in }) -> TaggerModel {
        let examples = sentences.flatMap(examples) + extra.flatMap(examples).map { example in
            var example = example
            example.extra = true
            return example
        }
        let labels = NameLabel.count
        let features = TaggerFeatures.count
        var weights = [Double](repeating: 0, count: TaggerFeatures.bucketCount(bits: bits) * labels)
        var transitions = [Double](repeating: 0, count: (1 + labels) * labels)
        // Averaging by the usual trick: `sums` holds each update times the step it happened at, and the average is
        // weights − sums / steps.
        var weightSums = weights
        // The extra domain's private copy of the feature weights (not averaged: it is never kept), and the main
        // domain's (averaged, added to the shared weights at the end).
        var domainWeights = extraDomainCopy != .none && !extra.isEmpty ? weights : []
        var mainWeights = extraDomainCopy == .both && !extra.isEmpty ? weights : []
        var mainSums = mainWeights
        var transitionSums = transitions
        var step = 1.0
        var random = SplitMix64(seed: seed)
        var order = Array(examples.indices)
        var emissions: [Double] = []
        for epoch in 0..<epochs {
            // Fisher–Yates with the seeded generator.
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(random.next() % UInt64(i + 1)))
            }
            for index in order {
                let example = examples[index]
                if example.extra, let extraEpochs, epoch >= extraEpochs { continue }
                let ownCopy = example.extra && !domainWeights.isEmpty
                let mainCopy = !example.extra && !mainWeights.isEmpty
                let n = example.gold.count
                emissions = [Double](repeating: 0, count: n * labels)
                for t in 0..<n {
                    for f in 0..<features {
                        let base = Int(example.rows[t * features + f]) * labels
                        for l in 0..<labels { emissions[t * labels + l] += weights[base + l] }
                        if ownCopy { for l in 0..<labels { emissions[t * labels + l] += domainWeights[base + l] } }
                        if mainCopy { for l in 0..<labels { emissions[t * labels + l] += mainWeights[base + l] } }
                    }
                }
                if cost > 0 {
                    for t in 0..<n {
                        let g = Int(example.gold[t])
                        for l in 0..<labels where l != g { emissions[t * labels + l] += g != 0 && l == 0 ? 2 * cost : cost }
                    }
                }
                let predicted = emissions.withUnsafeBufferPointer {
                    Viterbi.decode(emissions: $0, transitions: transitions, sentences: example.tokens)
                }.map(\.rawValue)
                if predicted != example.gold {
                    for t in 0..<n {
                        let g = Int(example.gold[t]), p = Int(predicted[t])
                        let gp = t == 0 || example.tokens[t].sentence != example.tokens[t - 1].sentence ? 0 : 1 + Int(example.gold[t - 1])
                        let pp = t == 0 || example.tokens[t].sentence != example.tokens[t - 1].sentence ? 0 : 1 + Int(predicted[t - 1])
                        if gp != pp || g != p {
                            transitions[gp * labels + g] += 1
                            transitionSums[gp * labels + g] += step
                            transitions[pp * labels + p] -= 1
                            transitionSums[pp * labels + p] -= step
                        }
                        guard g != p else { continue }
                        for f in 0..<features {
                            let base = Int(example.rows[t * features + f]) * labels
                            weights[base + g] += 1
                            weightSums[base + g] += step
                            weights[base + p] -= 1
                            weightSums[base + p] -= step
                            if ownCopy {
                                domainWeights[base + g] += 1
                                domainWeights[base + p] -= 1
                            }
                            if mainCopy {
                                mainWeights[base + g] += 1
                                mainSums[base + g] += step
                                mainWeights[base + p] -= 1
                                mainSums[base + p] -= step
                            }
                        }
                    }
                }
                step += 1
            }
            progress(epoch + 1)
        }
        var averaged = zip(weights, weightSums).map { $0 - $1 / step }
        if !mainWeights.isEmpty {
            for i in averaged.indices { averaged[i] += mainWeights[i] - mainSums[i] / step }
        }
        let averagedTransitions = zip(transitions, transitionSums).map { $0 - $1 / step }
        return TaggerModel(bits: bits, transitions: averagedTransitions, weights: averaged)
    }
}

/// A small seeded generator (SplitMix64), the same sequence on every platform and run.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
