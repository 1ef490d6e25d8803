import Watcher

/// Trains the tagger's model: an averaged structured perceptron over ``TaggerFeatures``, Viterbi-decoded, with the
/// sentences shuffled by a seeded generator each epoch. Single-threaded and free of hashed collections, so the same
/// corpus, seed and epochs give the same model bytes on every run.
public struct PerceptronTrainer {
    public var bits: Int
    public var epochs: Int
    public var seed: UInt64
    /// Cost-augmented training: while learning, a wrong label on a token scores this much extra (``missCost`` times
    /// that for `O` on a name's token), so updates push for a margin and against missed names.
    public var cost: Double
    /// The cost of `O` on a name's token, in units of ``cost`` (2 by default: a missed name costs twice a wrong
    /// label elsewhere; more is recall-oriented training).
    public var missCost: Double
    /// Extra (out-of-domain) sentences take part in the first `extraEpochs` epochs only (nil: in all of them).
    public var extraEpochs: Int?
    /// Copies of every feature per domain (Daumé's "frustratingly easy" domain adaptation), for training with
    /// extra sentences of another domain.
    public var extraDomainCopy: DomainCopy
    /// How far one mistake moves the weights: the perceptron's fixed step, or a passive-aggressive step.
    public var update: Update
    /// Whether the bias template (feature 0, the same row for every token) is learnt (the default). Without it the
    /// transitions alone give every tag its prior: cross-validated F1 the same at confidence 0, +0.004 at 28, but
    /// the news gold set loses a name below 20 (docs/ner.md, «No bias row»).
    public var learnsBias: Bool
    /// Independent training runs, each shuffling with its own seed (``seed`` for the first), whose averaged
    /// weights are averaged again into one model: the same size and tagging cost as one run's, trained `runs` times.
    /// Eight by default: cross-validated F1 +0.0056 over one run, every seed better (docs/ner.md, «Averaged runs»).
    public var runs: Int

    /// The size of an update.
    public enum Update: Equatable, Sendable {
        /// The plain perceptron: every feature of a wrong token moves by 1.
        case perceptron
        /// Passive-aggressive (1-best MIRA, Crammer et al. 2006, PA-I): the smallest step that makes the gold tags
        /// outscore the prediction by its cost (``cost`` per wrong token), capped at `aggressiveness`.
        case passiveAggressive(aggressiveness: Double)
    }

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

    public init(bits: Int = 16, epochs: Int = 8, seed: UInt64 = 0x7a66, cost: Double = 1, missCost: Double = 2, extraEpochs: Int? = nil,
                extraDomainCopy: DomainCopy = .none, update: Update = .perceptron, learnsBias: Bool = true, runs: Int = 8) {
        self.bits = bits
        self.epochs = epochs
        self.seed = seed
        self.cost = cost
        self.missCost = missCost
        self.extraEpochs = extraEpochs
        self.extraDomainCopy = extraDomainCopy
        self.update = update
        self.learnsBias = learnsBias
        precondition(runs >= 1, "training needs at least one run")
        self.runs = runs
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
    /// say; `progress` hears after each epoch, counted over all ``runs`` (`runs × epochs` in all).
    public func train(_ sentences: [TaggedSentence], extra: [TaggedSentence] = [],
                      progress: (Int) -> Void = { _ in }) -> TaggerModel {
        let examples = sentences.flatMap(examples) + extra.flatMap(examples).map { example in
            var example = example
            example.extra = true
            return example
        }
        // Run 0 shuffles with `seed` itself, so one run trains the same bytes as before runs existed.
        var (weights, transitions) = averagedRun(examples, hasExtra: !extra.isEmpty, seed: seed, progress: progress)
        for run in 1..<runs {
            let (more, moreTransitions) = averagedRun(examples, hasExtra: !extra.isEmpty, seed: Self.runSeed(seed, run)) { epoch in
                progress(run * epochs + epoch)
            }
            for i in weights.indices { weights[i] += more[i] }
            for i in transitions.indices { transitions[i] += moreTransitions[i] }
        }
        if runs > 1 {
            let share = 1 / Double(runs)
            for i in weights.indices { weights[i] *= share }
            for i in transitions.indices { transitions[i] *= share }
        }
        return TaggerModel(bits: bits, transitions: transitions, weights: weights)
    }

    /// The shuffle seed of run `run`: `seed` itself for run 0, then a SplitMix64 draw from the seed mixed with the run's
    /// number. (Not `seed` plus a multiple of SplitMix64's own increment: that would give run r the first run's
    /// stream r draws on.)
    package static func runSeed(_ seed: UInt64, _ run: Int) -> UInt64 {
        guard run > 0 else { return seed }
        var mixer = SplitMix64(seed: seed ^ (UInt64(run) &* 0xD1B5_4A32_D192_ED03))
        return mixer.next()
    }

    /// One run of training over `examples`, shuffled by `seed`: its averaged feature weights and transitions.
    private func averagedRun(_ examples: [Example], hasExtra: Bool, seed: UInt64,
                             progress: (Int) -> Void) -> (weights: [Double], transitions: [Double]) {
        let labels = NameLabel.count
        let features = TaggerFeatures.count
        var weights = [Double](repeating: 0, count: TaggerFeatures.bucketCount(bits: bits) * labels)
        var transitions = [Double](repeating: 0, count: (1 + labels) * labels)
        // Averaging by the usual trick: `sums` holds each update times the step it happened at, and the average is
        // weights − sums / steps.
        var weightSums = weights
        // The extra domain's private copy of the feature weights (not averaged: it is never kept), and the main
        // domain's (averaged, added to the shared weights at the end).
        var domainWeights = extraDomainCopy != .none && hasExtra ? weights : []
        var mainWeights = extraDomainCopy == .both && hasExtra ? weights : []
        var mainSums = mainWeights
        var transitionSums = transitions
        var step = 1.0
        var random = SplitMix64(seed: seed)
        var order = Array(examples.indices)
        var emissions: [Double] = []
        var changes: [(index: Int, delta: Double)] = []
        let firstLearnt = learnsBias ? 0 : 1
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
                        for l in 0..<labels where l != g { emissions[t * labels + l] += g != 0 && l == 0 ? missCost * cost : cost }
                    }
                }
                let predicted = emissions.withUnsafeBufferPointer {
                    Viterbi.decode(emissions: $0, transitions: transitions, sentences: example.tokens)
                }.map(\.rawValue)
                if predicted != example.gold {
                    var tau = 1.0
                    if case .passiveAggressive(let aggressiveness) = update {
                        tau = min(aggressiveness, stepSize(example, predicted: predicted, emissions: emissions,
                                                           transitions: transitions, copies: ownCopy || mainCopy ? 2 : 1,
                                                           changes: &changes))
                    }
                    if tau > 0 {
                        let tauStep = tau * step
                        for t in 0..<n {
                            let g = Int(example.gold[t]), p = Int(predicted[t])
                            let gp = t == 0 || example.tokens[t].sentence != example.tokens[t - 1].sentence ? 0 : 1 + Int(example.gold[t - 1])
                            let pp = t == 0 || example.tokens[t].sentence != example.tokens[t - 1].sentence ? 0 : 1 + Int(predicted[t - 1])
                            if gp != pp || g != p {
                                transitions[gp * labels + g] += tau
                                transitionSums[gp * labels + g] += tauStep
                                transitions[pp * labels + p] -= tau
                                transitionSums[pp * labels + p] -= tauStep
                            }
                            guard g != p else { continue }
                            for f in firstLearnt..<features {
                                let base = Int(example.rows[t * features + f]) * labels
                                weights[base + g] += tau
                                weightSums[base + g] += tauStep
                                weights[base + p] -= tau
                                weightSums[base + p] -= tauStep
                                if ownCopy {
                                    domainWeights[base + g] += tau
                                    domainWeights[base + p] -= tau
                                }
                                if mainCopy {
                                    mainWeights[base + g] += tau
                                    mainSums[base + g] += tauStep
                                    mainWeights[base + p] -= tau
                                    mainSums[base + p] -= tauStep
                                }
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
        return (averaged, zip(transitions, transitionSums).map { $0 - $1 / step })
    }

    /// The passive-aggressive step for one mistake: how far the cost-augmented prediction outscores the gold tags
    /// (`emissions` hold the cost-augmented scores), over the squared length of the update (the feature rows the
    /// gold and predicted tags differ on, counted exactly, times `copies` for a domain copy, and the transitions).
    func stepSize(_ example: Example, predicted: [UInt8], emissions: [Double], transitions: [Double], copies: Double,
                  changes: inout [(index: Int, delta: Double)]) -> Double {
        let labels = NameLabel.count
        let features = TaggerFeatures.count
        let n = example.gold.count
        var violation = 0.0
        changes.removeAll(keepingCapacity: true)
        var transitionChanges: [(index: Int, delta: Double)] = []
        for t in 0..<n {
            let g = Int(example.gold[t]), p = Int(predicted[t])
            let start = t == 0 || example.tokens[t].sentence != example.tokens[t - 1].sentence
            let gp = start ? 0 : 1 + Int(example.gold[t - 1])
            let pp = start ? 0 : 1 + Int(predicted[t - 1])
            violation += emissions[t * labels + p] - emissions[t * labels + g]
            violation += transitions[pp * labels + p] - transitions[gp * labels + g]
            if gp != pp || g != p {
                transitionChanges.append((gp * labels + g, 1))
                transitionChanges.append((pp * labels + p, -1))
            }
            guard g != p else { continue }
            for f in (learnsBias ? 0 : 1)..<features {
                let base = Int(example.rows[t * features + f]) * labels
                changes.append((base + g, 1))
                changes.append((base + p, -1))
            }
        }
        let norm = copies * Self.squaredLength(&changes) + Self.squaredLength(&transitionChanges)
        return norm > 0 ? max(0, violation) / norm : 0
    }

    /// The squared length of the sum of `changes` (entries at the same index add up first); sorts `changes`.
    package static func squaredLength(_ changes: inout [(index: Int, delta: Double)]) -> Double {
        changes.sort { $0.index < $1.index }
        var total = 0.0, i = 0
        while i < changes.count {
            var sum = 0.0
            let index = changes[i].index
            while i < changes.count && changes[i].index == index { sum += changes[i].delta; i += 1 }
            total += sum * sum
        }
        return total
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
