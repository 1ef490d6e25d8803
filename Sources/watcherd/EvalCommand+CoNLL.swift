import ArgumentParser
import Foundation
import NERTraining
import Watcher

/// `watcherd eval --conll FILE`: entity-level scores of the tagger and of the whole recogniser on CoNLL files.
extension EvalCommand {
    func runCoNLL() throws {
        let corpus: CoNLLCorpus
        var extraCorpus = CoNLLCorpus(sentences: [], unknownTags: [])
        let base: EntityRecognizer
        let clock = ContinuousClock()
        var loadTime = Duration.zero
        var lexiconTime = Duration.zero, lexiconWords = 0, clustered = 0, clusterLinesRejected = 0, named = 0, nameLinesRejected = 0
        var tagger: NameTagger?
        do {
            corpus = try CoNLLCorpus.read(paths: conll)
            extraCorpus = try extra.corpus()
            base = try EntityRecognizer.load(extraFiles: gazetteers, tagger: false)
            let start = clock.now
            if let model {
                tagger = try NameTagger.load(path: model)
            } else if crossValidate == nil {
                tagger = NameTagger(model: try NameTagger.embeddedModel.get())
            }
            loadTime = clock.now - start
            let listsStart = clock.now
            lexiconWords = TaggerLexicon.embedded.count
            clustered = TaggerLexicon.embedded.clustered
            clusterLinesRejected = TaggerLexicon.embedded.clusterLinesRejected
            named = TaggerLexicon.embedded.named
            nameLinesRejected = TaggerLexicon.embedded.nameLinesRejected
            lexiconTime = clock.now - listsStart
        } catch {
            printError("watcherd: \(error)")
            throw ExitCode.failure
        }
        report(unknownTags: corpus.unknownTags + extraCorpus.unknownTags)
        if clusterLinesRejected > 0 {
            printError("watcherd: warning: \(clusterLinesRejected) lines of the embedded word clusters (data/ner/clusters-ar.tsv) are malformed or contradict the nesting and were not read")
        }
        if nameLinesRejected > 0 {
            printError("watcherd: warning: \(nameLinesRejected) lines of the embedded name lists (data/ner/names-ar.tsv) are malformed and were not read")
        }
        let plain = base.with(tagger: nil)
        let sentences = corpus.documents(of: documentSentences).map { TaggedSentence($0, recognizer: plain) }
        let extraSentences = extraCorpus.documents(of: extra.documentSentences ?? documentSentences).map { TaggedSentence($0, recognizer: plain) }
        let goldNames = sentences.reduce(0) { $0 + NameSpan.spans(of: $1.gold).count }
        print("CoNLL: \(conll.joined(separator: ", ")): \(corpus.sentences.count) sentences (read \(documentSentences) to a document), \(corpus.tokenCount) tokens, \(goldNames) names")
        let trainer = PerceptronTrainer(bits: bits, epochs: epochs, seed: seed, missCost: training.missCost, extraEpochs: extra.epochs, extraDomainCopy: extra.domainCopy,
                                        update: training.trainerUpdate, learnsBias: training.learnsBias, runs: training.runs)
        if !extraSentences.isEmpty {
            print("Extra training data (every fold, never scored): \(extra.files.joined(separator: ", ")): "
                + "\(extraCorpus.sentences.count) sentences, \(extraCorpus.tokenCount) tokens, "
                + "\(extraSentences.reduce(0) { $0 + NameSpan.spans(of: $1.gold).count }) names; "
                + "epochs \(extra.epochs.map(String.init) ?? "all"), private feature copies: \(extra.domainCopy.rawValue)")
        }

        if let folds = crossValidate {
            let start = clock.now
            let result = TaggerEvaluation.crossValidate(sentences, extra: extraSentences, folds: folds, trainer: trainer, recognizer: plain, confidence: taggerConfidence) { fold in
                FileHandle.standardError.write(Data("  fold \(fold)/\(folds) done\n".utf8))
            }
            print("\n\(folds)-fold cross-validation (train on \(folds - 1)/\(folds), score the rest; \(trainer.epochs) epochs, "
                + "2^\(trainer.bits) rows; \(training.summary); \(seconds(clock.now - start)) s)")
            print("Tagger alone (confidence ≥ \(taggerConfidence))")
            table(result.tagger)
            print("Whole recogniser: gazetteer first, then triggers checked by the tagger, then the tagger (no MISC: it emits none)")
            table(result.recognizer, types: [.person, .location, .organization])
            let f1 = SpanScore.total(result.tagger.exact).f1
            print(String(format: "  target: tagger exact-span F1 ≥ 0.80 on held-out newswire — cross-validated %.3f: %@",
                         f1, f1 >= 0.80 ? "met" : "NOT met"))
            if f1 < 0.80 || learningCurve {
                errors(result.tagger, of: "the tagger")
                errors(result.recognizer, of: "the whole recogniser", types: [.person, .location, .organization])
                curve(sentences: sentences, extra: extraSentences, trainer: trainer)
            }
        } else if let tagger {
            print("\nModel: \(model ?? "embedded") (\(tagger.model.byteCount / 1024) KB, loaded in \(milliseconds(loadTime)) ms)")
            print("Word lists: \(lexiconWords) words (\(clustered) with a word cluster, \(named) name-list words), merged in \(milliseconds(lexiconTime)) ms on first use")
            print("Tagger alone")
            let taggerScore = TaggerEvaluation.score(tagger, on: sentences, confidence: taggerConfidence)
            table(taggerScore)
            print("Whole recogniser: gazetteer first, then triggers checked by the tagger, then the tagger (no MISC: it emits none)")
            let wholeScore = TaggerEvaluation.scoreRecognizer(base.with(tagger: tagger, confidence: taggerConfidence), on: sentences)
            table(wholeScore, types: [.person, .location, .organization])
            print("Gazetteer and triggers alone (no tagger)")
            table(TaggerEvaluation.scoreRecognizer(plain, on: sentences), types: [.person, .location, .organization])
            if learningCurve {
                errors(taggerScore, of: "the tagger")
                errors(wholeScore, of: "the whole recogniser", types: [.person, .location, .organization])
                curve(sentences: sentences, extra: [], trainer: trainer)
            }
        }
    }

    /// The error table of `what`: each kind of error by type, the type confusion and the most frequent names.
    private func errors(_ score: SpanScore, of what: String, types: [NameType] = NameType.allCases) {
        print("\nErrors of \(what) (gold names not found exactly, and predictions touching no gold name), by type")
        func cell(_ text: String, _ width: Int = 8) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        print("  " + cell("", 44) + types.map { cell($0.conll) }.joined() + "all")
        for kind in SpanScore.ErrorKind.allCases where kind != .unscored || score.errors[kind] != nil {
            let byType = score.errorsByType[kind] ?? [:]
            print("  " + cell(kind.rawValue, 44) + types.map { cell("\(byType[$0] ?? 0)") }.joined() + "\(score.errors[kind] ?? 0)")
        }
        print("\nType confusion: gold type (rows) found with another type (columns), same or overlapping span")
        print("  " + cell("gold") + types.map { cell($0.conll) }.joined())
        for gold in types {
            let row = score.confusion[gold] ?? [:]
            print("  " + cell(gold.conll) + types.map { cell($0 == gold ? "-" : "\(row[$0] ?? 0)") }.joined())
        }
        // A score made for some types only (the whole recogniser's) holds errors and names of those types alone.
        func top(_ names: [String: Int], _ title: String) {
            let shownNames = errorNames ?? 15
            print("\n\(title) (\(names.values.reduce(0, +)) in all, \(names.count) distinct; the \(shownNames) most frequent)")
            for (name, count) in names.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).prefix(shownNames) {
                print("  " + cell("\(count)", 6) + name)
            }
        }
        top(score.missedNames, "Missed names: gold names with no name predicted on them")
        top(score.falseNames, "False names: predicted names touching no gold name")
        top(score.boundaryErrors, "Wrong boundaries: gold names found with their type and other boundaries")
    }

    /// The learning curve: a 90/10 dev split, training on growing shares of the 90%.
    private func curve(sentences: [TaggedSentence], extra extraSentences: [TaggedSentence], trainer: PerceptronTrainer) {
        print("\nLearning curve (dev = last 10% of the sentences; exact-span F1 of the tagger alone; \(training.summary))")
        print("  " + "train share".padding(toLength: 14, withPad: " ", startingAt: 0) + "tokens".padding(toLength: 10, withPad: " ", startingAt: 0)
              + NameType.allCases.map { $0.conll.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined() + "all")
        for point in TaggerEvaluation.learningCurve(sentences, extra: extraSentences, shares: [0.125, 0.25, 0.5, 1.0], trainer: trainer) {
            let cells = NameType.allCases.map { String(format: "%.3f", (point.score.exact[$0] ?? EntityScore()).f1)
                .padding(toLength: 8, withPad: " ", startingAt: 0) }.joined()
            print("  " + String(format: "%.1f%%", point.share * 100).padding(toLength: 14, withPad: " ", startingAt: 0)
                  + "\(point.tokens)".padding(toLength: 10, withPad: " ", startingAt: 0) + cells
                  + String(format: "%.3f", SpanScore.total(point.score.exact).f1))
        }
    }

    private func table(_ score: SpanScore, types: [NameType] = NameType.allCases) {
        print("  " + "type".padding(toLength: 8, withPad: " ", startingAt: 0)
              + ["TP", "FP", "FN", "P", "R", "F1", "P~", "R~", "F1~"].map { $0.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined())
        func line(_ name: String, _ exact: EntityScore, _ overlap: EntityScore) {
            let cells = ["\(exact.truePositives)", "\(exact.falsePositives)", "\(exact.falseNegatives)",
                         String(format: "%.3f", exact.precision), String(format: "%.3f", exact.recall), String(format: "%.3f", exact.f1),
                         String(format: "%.3f", overlap.precision), String(format: "%.3f", overlap.recall), String(format: "%.3f", overlap.f1)]
            print("  " + name.padding(toLength: 8, withPad: " ", startingAt: 0) + cells.map { $0.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined())
        }
        var exactTotal = EntityScore(), overlapTotal = EntityScore()
        for type in types {
            line(type.conll, score.exact[type] ?? EntityScore(), score.overlap[type] ?? EntityScore())
            exactTotal += score.exact[type] ?? EntityScore()
            overlapTotal += score.overlap[type] ?? EntityScore()
        }
        line("all", exactTotal, overlapTotal)
        print("  (P R F1: exact span and type; P~ R~ F1~: overlapping span, same type)")
    }

    private func seconds(_ d: Duration) -> String {
        String(format: "%.1f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
}
