import ArgumentParser
import NERTraining

/// Training data of another domain beside the main corpus, shared by `train-ner` and `eval --cross-validate`.
struct ExtraTrainingOptions: ParsableArguments {
    @Option(name: .customLong("extra-train"), parsing: .upToNextOption,
            help: ArgumentHelp("CoNLL files of another domain (e.g. Wikipedia beside newswire), trained on and never "
                               + "scored (with eval --cross-validate: in every fold's training part).", valueName: "file"))
    var files: [String] = []

    @Option(name: .customLong("extra-document-sentences"),
            help: ArgumentHelp("With --extra-train: consecutive extra sentences read as one document.", valueName: "n"))
    var documentSentences: Int?

    @Option(name: .customLong("extra-epochs"),
            help: ArgumentHelp("With --extra-train: the extra files take part in the first n epochs only.", valueName: "n"))
    var epochs: Int?

    @Option(name: .customLong("extra-domain-copy"),
            help: ArgumentHelp("With --extra-train: private feature copies (Daumé's domain adaptation) for no domain, "
                               + "the extra one (dropped after training), or both (the main one's added in).",
                               valueName: "none|extra|both"))
    var domainCopy: PerceptronTrainer.DomainCopy = .none

    /// Whether any of the options was given.
    var isUsed: Bool { !files.isEmpty || documentSentences != nil || epochs != nil || domainCopy != .none }

    func validate() throws {
        if files.isEmpty && (documentSentences != nil || epochs != nil || domainCopy != .none) {
            throw ValidationError("--extra-document-sentences, --extra-epochs and --extra-domain-copy apply to --extra-train")
        }
        if let n = epochs, n < 1 { throw ValidationError("--extra-epochs must be at least 1") }
        if let n = documentSentences, n < 1 { throw ValidationError("--extra-document-sentences must be at least 1") }
    }

    /// The extra files as one corpus (none without --extra-train).
    func corpus() throws -> CoNLLCorpus {
        files.isEmpty ? CoNLLCorpus(sentences: [], unknownTags: []) : try CoNLLCorpus.read(paths: files)
    }
}
