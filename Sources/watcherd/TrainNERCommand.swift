import ArgumentParser
import Foundation
import NERTraining
import Watcher

/// `watcherd train-ner`: trains the name tagger's model from CoNLL files (deterministic: same input, same bytes).
struct TrainNERCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-ner",
        abstract: "Train the statistical name tagger from CoNLL files and write its model file.",
        discussion: """
            Each file has one `TOKEN TAG` per line (IOB2 over PERS, LOC, ORG, MISC) and a blank line between \
            sentences. Sentences are tokenised as the daemon tokenises articles, with the embedded gazetteer's matches \
            as features. Training is an averaged perceptron with a fixed seed and number of epochs: the same files \
            give the same model, byte for byte. Build the model into watcherd by writing it to data/ner/tagger.model \
            (`make train-ner`) and rebuilding.
            """
    )

    @Option(name: .customLong("conll"), parsing: .upToNextOption, help: ArgumentHelp("Training files.", valueName: "file"))
    var files: [String] = []

    @Option(help: ArgumentHelp("Where to write the model.", valueName: "file"))
    var out: String

    @Option(help: "Passes over the training data.") var epochs = PerceptronTrainer().epochs
    @Option(help: "The feature table has 2^bits rows (model size: 2^bits × 18 bytes).") var bits = PerceptronTrainer().bits
    @Option(help: "Seed of the shuffle between epochs.") var seed = PerceptronTrainer().seed
    @Option(help: "Consecutive sentences read as one document (the corpus marks no articles).")
    var documentSentences = CoNLLCorpus.defaultDocumentSentences

    @OptionGroup var extra: ExtraTrainingOptions

    @OptionGroup var training: UpdateOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one training file with --conll") }
        guard (10...22).contains(bits) else { throw ValidationError("--bits must be between 10 and 22") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let corpus: CoNLLCorpus
        var extraCorpus = CoNLLCorpus(sentences: [], unknownTags: [])
        let recognizer: EntityRecognizer
        do {
            corpus = try CoNLLCorpus.read(paths: files)
            extraCorpus = try extra.corpus()
            recognizer = try EntityRecognizer.load(extraFiles: [], tagger: false)
        } catch {
            printError("watcherd: \(error)")
            throw ExitCode.failure
        }
        report(unknownTags: corpus.unknownTags + extraCorpus.unknownTags)
        let plain = recognizer.with(tagger: nil)
        let sentences = corpus.documents(of: documentSentences).map { TaggedSentence($0, recognizer: plain) }
        let extraSentences = extraCorpus.documents(of: extra.documentSentences ?? documentSentences).map { TaggedSentence($0, recognizer: plain) }
        print("training on \(corpus.sentences.count) sentences in \(sentences.count) documents, \(corpus.tokenCount) corpus tokens "
            + "(\(sentences.reduce(0) { $0 + $1.gold.count }) daemon tokens); \(epochs) epochs, 2^\(bits) rows, seed \(seed); \(training.summary)")
        if !extraSentences.isEmpty {
            print("  and on \(extra.files.joined(separator: ", ")): \(extraCorpus.sentences.count) sentences in \(extraSentences.count) documents, "
                + "\(extraCorpus.tokenCount) corpus tokens; epochs \(extra.epochs.map(String.init) ?? "all"), "
                + "private feature copies: \(extra.domainCopy.rawValue)")
        }
        let trainer = PerceptronTrainer(bits: bits, epochs: epochs, seed: seed, missCost: training.missCost, extraEpochs: extra.epochs, extraDomainCopy: extra.domainCopy,
                                        update: training.trainerUpdate, learnsBias: training.learnsBias, runs: training.runs)
        let model = trainer.train(sentences, extra: extraSentences) { epoch in print("  epoch \(epoch)/\(epochs * training.runs)") }
        let bytes = model.serialized()
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            printError("watcherd: cannot write the model to \(out): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let seconds = (clock.now - start).components
        print(String(format: "wrote %@: %.1f MB in %.1f s", out, Double(bytes.count) / 1_048_576,
                     Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18))
    }
}

/// Lines of a CoNLL file whose tag was not understood, read as O: listed so a damaged file is seen.
func report(unknownTags: [String]) {
    guard !unknownTags.isEmpty else { return }
    print("\(unknownTags.count) line(s) with an unknown tag were read as O: "
        + unknownTags.prefix(5).joined(separator: ", ") + (unknownTags.count > 5 ? ", …" : ""))
}

/// `--extra-domain-copy none|extra|both`.
extension PerceptronTrainer.DomainCopy: ExpressibleByArgument {}
