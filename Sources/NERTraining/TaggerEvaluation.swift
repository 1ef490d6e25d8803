import Watcher

/// Scores taggers and the whole recogniser on CoNLL sentences, and cross-validates training.
public enum TaggerEvaluation {
    /// The tagger alone on each sentence's daemon tokens.
    public static func score(_ tagger: NameTagger, on sentences: [TaggedSentence], confidence: Float = -.infinity) -> SpanScore {
        var score = SpanScore()
        for sentence in sentences {
            score.add(gold: NameSpan.spans(of: sentence.gold), predicted: tagger.spans(sentence.input, minimumConfidence: confidence),
                      words: sentence.words)
        }
        return score
    }

    /// The whole recogniser (gazetteer, tagger, triggers) on each sentence's text: every mention that is not a
    /// nationality adjective becomes a name over the tokens it covers (media count as ORG). It emits no MISC.
    public static func scoreRecognizer(_ recognizer: EntityRecognizer, on sentences: [TaggedSentence]) -> SpanScore {
        var score = SpanScore()
        let types: Set<NameType> = [.person, .location, .organization]
        for sentence in sentences {
            let tokens = sentence.input.tokens
            let starts = tokens.map { sentence.input.text.scalarRange(of: $0.range) }
            var predicted: [NameSpan] = []
            for entity in recognizer.recognize(sentence.text) {
                let type: NameType = switch entity.type {
                case .person: .person
                case .location: .location
                case .organization, .media: .organization
                }
                for mention in entity.mentions where mention.kind != .nationality {
                    guard let first = starts.firstIndex(where: { $0.upperBound > mention.start }),
                          let last = starts.lastIndex(where: { $0.lowerBound < mention.end }), first <= last else { continue }
                    predicted.append(NameSpan(first: first, end: last + 1, type: type))
                }
            }
            predicted.sort { ($0.first, $0.end) < ($1.first, $1.end) }
            score.add(gold: NameSpan.spans(of: sentence.gold), predicted: predicted, types: types, words: sentence.words)
        }
        return score
    }

    /// k-fold cross-validation in document order (fold i is the i-th contiguous k-th of the sentences, so no
    /// article's sentences leak across folds more than at the cut). `extra` sentences join every fold's training
    /// part and are never scored.
    public static func crossValidate(_ sentences: [TaggedSentence], extra: [TaggedSentence] = [], folds k: Int,
                                     trainer: PerceptronTrainer,
                                     recognizer: EntityRecognizer, confidence: Float = EntityRecognizer.defaultTaggerConfidence,
                                     progress: (Int) -> Void = { _ in })
        -> (tagger: SpanScore, recognizer: SpanScore)
    {
        var tagged = SpanScore()
        var whole = SpanScore()
        for fold in 0..<k {
            let range = fold * sentences.count / k..<(fold + 1) * sentences.count / k
            let train = Array(sentences[..<range.lowerBound] + sentences[range.upperBound...])
            let test = Array(sentences[range])
            let tagger = NameTagger(model: trainer.train(train, extra: extra))
            tagged += score(tagger, on: test, confidence: confidence)
            whole += scoreRecognizer(recognizer.with(tagger: tagger, confidence: confidence), on: test)
            progress(fold + 1)
        }
        return (tagged, whole)
    }

    /// Dev-split F1 (last `devShare` of the sentences held out) after training on growing shares of the rest (and on
    /// all of `extra` each time).
    public static func learningCurve(_ sentences: [TaggedSentence], extra: [TaggedSentence] = [], shares: [Double],
                                     devShare: Double = 0.1,
                                     trainer: PerceptronTrainer) -> [(share: Double, tokens: Int, score: SpanScore)] {
        let cut = Int(Double(sentences.count) * (1 - devShare))
        let dev = Array(sentences[cut...])
        return shares.map { share in
            let train = Array(sentences[..<Int(Double(cut) * share)])
            let tokens = train.reduce(0) { $0 + $1.gold.count }
            return (share, tokens, score(NameTagger(model: trainer.train(train, extra: extra)), on: dev))
        }
    }
}
