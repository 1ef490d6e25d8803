import ArgumentParser
import Foundation
import NERTraining
import Watcher

/// `watcherd eval`: scores entity recognition against the gold fixtures and prints speed figures.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score entity recognition against the gold files and measure its speed.",
        discussion: """
            An expected entity counts as found when an entity with its id is recognised in the same document; an \
            expected new:<name> counts when a discovered entity's name folds to the same words (a leading article \
            aside). Anything else recognised is a false positive. Surface recall counts the expected surfaces that \
            some mention of the matched entity folds to. Seeds are scored on their raw text, site chrome included, so \
            names that only appear in menus and footers show up as false positives (listed under each seed).
            """
    )

    @Option(help: ArgumentHelp("Gold for the seeds (file name → expected entities).", valueName: "file"))
    var seedsGold = "Tests/Fixtures/entities/seeds-gold.yaml"

    @Option(help: ArgumentHelp("The independent news gold set.", valueName: "file"))
    var newsGold = "Tests/Fixtures/entities/news-gold.yaml"

    @Option(help: ArgumentHelp("Folder of seed articles.", valueName: "dir"))
    var seeds = "seeds"

    @Option(name: .customLong("gazetteer"),
            help: ArgumentHelp("Extra gazetteer file over the embedded one (repeatable).", valueName: "file"))
    var gazetteers: [String] = []

    @Option(help: ArgumentHelp("Megabytes of text to recognise for the throughput figure.", valueName: "MB"))
    var benchMB = 16

    @Flag(help: "List every miss and false positive.")
    var verbose = false

    @Option(name: .customLong("conll"), parsing: .upToNextOption,
            help: ArgumentHelp("Score on CoNLL files instead (TOKEN TAG per line): entity-level P/R/F1 per type, exact and overlapping.",
                               valueName: "file"))
    var conll: [String] = []

    @Option(help: ArgumentHelp("With --conll: the tagger model to score (default: the embedded one).", valueName: "file"))
    var model: String?

    @Option(name: .customLong("cross-validate"),
            help: ArgumentHelp("With --conll: train and score k times on the files themselves (k-fold) instead of scoring a model.", valueName: "k"))
    var crossValidate: Int?

    @Option(help: "With --cross-validate or --learning-curve: training epochs.")
    var epochs = PerceptronTrainer().epochs

    @Option(help: "With --cross-validate or --learning-curve: seed of the shuffle between epochs.")
    var seed = PerceptronTrainer().seed

    @Option(help: "With --cross-validate or --learning-curve: the feature table has 2^bits rows.")
    var bits = PerceptronTrainer().bits

    @Option(help: "With --conll: consecutive sentences read as one document (the corpus marks no articles).")
    var documentSentences = CoNLLCorpus.defaultDocumentSentences

    @OptionGroup var extra: ExtraTrainingOptions

    @OptionGroup var training: UpdateOptions

    @Option(help: ArgumentHelp("The tagger's confidence threshold (default: the recogniser's).", valueName: "x"))
    var taggerConfidence = EntityRecognizer.defaultTaggerConfidence

    @Flag(help: "Recognise without the name tagger (gazetteer and triggers only), to compare.")
    var noTagger = false

    @Flag(help: "With --conll: also print the error table and the learning curve (a 90/10 dev split).")
    var learningCurve = false

    @Option(help: ArgumentHelp("With --conll: how many of the most frequent names each error list shows (default: 15).", valueName: "n"))
    var errorNames: Int?

    func validate() throws {
        if let k = crossValidate, k < 2 { throw ValidationError("--cross-validate needs at least 2 folds") }
        if let n = errorNames, n < 0 { throw ValidationError("--error-names needs a count of 0 or more") }
        if conll.isEmpty && (crossValidate != nil || model != nil || learningCurve || errorNames != nil) {
            throw ValidationError("--model, --cross-validate, --learning-curve and --error-names apply to --conll")
        }
        if errorNames != nil && crossValidate == nil && !learningCurve {
            throw ValidationError("--error-names applies to the error table, which --cross-validate and --learning-curve print")
        }
        if crossValidate == nil && !learningCurve && training.isUsed {
            throw ValidationError("--update, --aggressiveness, --miss-cost, --no-bias and --runs change training, so they apply to --cross-validate and --learning-curve")
        }
        if crossValidate == nil && extra.isUsed {
            throw ValidationError("--extra-train, --extra-epochs, --extra-document-sentences and --extra-domain-copy apply to --cross-validate")
        }
    }

    func run() throws {
        if !conll.isEmpty { return try runCoNLL() }
        let clock = ContinuousClock()
        let loadStart = clock.now
        let recognizer: EntityRecognizer
        do {
            let loaded = try EntityRecognizer.load(extraFiles: gazetteers)
            recognizer = loaded.with(tagger: noTagger ? nil : loaded.tagger, confidence: taggerConfidence)
        } catch {
            printError("watcherd: \(error)")
            throw ExitCode.failure
        }
        let loadTime = clock.now - loadStart
        // Throughput is measured on the seeds: real articles of 4–11 KB, as the daemon sees them.
        var benchTexts: [String] = []

        let seedTexts = try readSeeds()
        benchTexts += seedTexts.values
        if let gold = try readGold(seedsGold, parse: EntityGold.seeds) {
            var texts: [String: String] = [:]
            for document in gold.documents {
                if let text = seedTexts[document.id] ?? seedTexts[document.id + ".txt"]
                    ?? seedTexts.first(where: { $0.key.hasPrefix(document.id) })?.value {
                    texts[document.id] = text
                }
            }
            let results = EntityEvaluation.evaluate(gold, texts: texts, with: recognizer)
            print("Seeds (\(results.count) files; the recogniser alone on the raw text, site chrome included)")
            print(row("seed", "TP", "FP", "FN", "P", "R", "F1", "surfaces"))
            var total = EntityScore()
            var found = 0
            var expected = 0
            for result in results {
                total += result.score
                found += result.surfacesFound
                expected += result.surfacesExpected
                print(row(result.id, result.score, surfaces: (result.surfacesFound, result.surfacesExpected)))
                if !result.missed.isEmpty { print("    missed: \(result.missed.joined(separator: ", "))") }
                if verbose && !result.surfacesMissed.isEmpty {
                    print("    surfaces not matched: \(result.surfacesMissed.joined(separator: "; "))")
                }
                if !result.spurious.isEmpty {
                    let list = result.spurious.map { "\($0.id) «\($0.surfaces.joined(separator: "، "))»" }
                    print("    not in gold (chrome or false positive): \(list.joined(separator: "; "))")
                }
            }
            print(row("all seeds", total, surfaces: (found, expected)))
            print("  targets: P ≥ 0.95, R ≥ 0.98 — \(total.precision >= 0.95 && total.recall >= 0.98 ? "met" : "NOT met")")
            print("")
        }

        if let gold = try readGold(newsGold, parse: EntityGold.news) {
            let results = EntityEvaluation.evaluate(gold, with: recognizer)
            var byType: [EntityType: EntityScore] = [:]
            var total = EntityScore()
            var found = 0
            var expected = 0
            for result in results {
                total += result.score
                found += result.surfacesFound
                expected += result.surfacesExpected
                for (type, score) in result.byType { byType[type, default: EntityScore()] += score }
                if verbose && (!result.missed.isEmpty || !result.spurious.isEmpty) {
                    let spurious = result.spurious.map { "\($0.id) «\($0.surfaces.joined(separator: "، "))»" }
                    print("  \(result.id): missed [\(result.missed.joined(separator: ", "))] extra [\(spurious.joined(separator: "; "))]")
                }
            }
            print("News set (\(results.count) items), per type")
            print(row("type", "TP", "FP", "FN", "P", "R", "F1", ""))
            for type in EntityType.allCases { print(row(type.rawValue, byType[type] ?? EntityScore(), surfaces: nil)) }
            print(row("all types", total, surfaces: (found, expected)))
            print("")
        }

        let build = EntityBenchmark.matcherBuild(recognizer.gazetteer)
        let speed = EntityBenchmark.throughput(recognizer, texts: benchTexts, minimumBytes: max(1, benchMB) << 20)
        print("Speed (one core, this build's configuration)")
        let matcher = recognizer.matcher
        print("  gazetteer: \(recognizer.gazetteer.actors.count) actors, \(matcher.wordCount) words, \(matcher.nodeCount) trie nodes")
        print("  gazetteer load + compile: \(milliseconds(loadTime)) ms")
        print("  matcher build: \(milliseconds(build)) ms (median of 5; target ≤ 100 ms)")
        print(String(format: "  recognition: %.1f MB/s over %.1f MB (the %d seed articles, repeated; target ≥ 30 MB/s)",
                     speed.bytesPerSecond / 1_048_576, Double(speed.bytes) / 1_048_576, benchTexts.count))
    }

    private func readSeeds() throws -> [String: String] {
        var texts: [String: String] = [:]
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: seeds) else { return texts }
        for name in names.sorted() where name.hasSuffix(".txt") {
            texts[name] = try String(contentsOfFile: seeds + "/" + name, encoding: .utf8)
        }
        return texts
    }

    private func readGold(_ path: String, parse: (String, String) throws(ConfigError) -> EntityGold) throws -> EntityGold? {
        guard FileManager.default.fileExists(atPath: path) else {
            print("(no gold at \(path); skipped)\n")
            return nil
        }
        do {
            return try parse(try String(contentsOfFile: path, encoding: .utf8), path)
        } catch let error as ConfigError {
            printError("watcherd: \(error)")
            throw ExitCode.failure
        }
    }

    func milliseconds(_ d: Duration) -> String {
        String(format: "%.1f", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
    }

    private func row(_ name: String, _ cells: String...) -> String {
        name.padding(toLength: 28, withPad: " ", startingAt: 0) + cells.map { $0.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined()
    }

    private func row(_ name: String, _ s: EntityScore, surfaces: (Int, Int)?) -> String {
        let surfaceText = surfaces.map { "\($0.0)/\($0.1)" } ?? ""
        return row(name, "\(s.truePositives)", "\(s.falsePositives)", "\(s.falseNegatives)", String(format: "%.3f", s.precision),
                   String(format: "%.3f", s.recall), String(format: "%.3f", s.f1), surfaceText)
    }
}
