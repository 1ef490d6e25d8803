import Benchmark
import Foundation
import SystemPackage
import Watcher

// Micro-benchmarks for the stages of the Watcher library, over the five seed articles in ../seeds.
//
// Units. Unless a benchmark says otherwise, one iteration runs its stage on `articlesPerIteration` (1,000) articles,
// taking the five seeds in turn (200 passes over the set), and the configuration's scaling factor (.kilo) divides by
// the same number. The scaled figures the harness prints (marked `*`) are therefore per article: the mean over the
// five seeds, weighted equally, of wall-clock time, malloc calls and bytes requested from malloc (throughput is
// articles per second). The seeds average about 7.5 KB, so 100 µs per article is roughly 75 MB/s. Everything an
// iteration needs is built in the benchmark's setup closure, which the harness runs once before the warm-up and does
// not measure.

/// The benchmark suite; the boilerplate that BenchmarkPlugin generates calls it to register the benchmarks.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        // Wall clock, plus the counters of the malloc interposer (the MallocInterposer trait in Package.swift).
        metrics: [.wallClock, .throughput, .mallocCountTotal, .mallocBytesCount],
        warmupIterations: 1,
        scalingFactor: articlesPerIteration,
        // Short runs, so the whole suite takes well under a minute once built. An iteration is 1,000 articles, so even
        // a handful of samples averages a lot of work; the fast stages stop at maxIterations first.
        maxDuration: .seconds(2),
        maxIterations: 100
    )

    normaliserBenchmarks()
    tokeniserBenchmarks()
    gazetteerBenchmarks()
    rulesBenchmarks()
    parserBenchmarks()
    recordJSONBenchmarks()
    pipelineBenchmarks()
}

/// Articles run per iteration; the scaling factor turns per-iteration figures into per-article ones.
var articlesPerIteration: BenchmarkScalingFactor { .kilo }

// MARK: - Benchmark groups

/// Arabic folding: `NormalizedText.init` over the decoded text of each seed.
///
/// Every later text stage (tokeniser, gazetteer matcher, rules, story sketch) reads the folded UTF-16 units and the
/// offset table this builds, so it runs once per article on the daemon's hot path and its cost and allocations are
/// paid by every file.
func normaliserBenchmarks() {
    Benchmark("Normaliser (NormalizedText)") { benchmark, texts in
        forEachArticle(texts, benchmark) { blackHole(NormalizedText($0)) }
    } setup: {
        try Seeds.shared().map(\.text)
    }
}

/// Tokenisation: `ArabicTokenizer.tokenize` over each seed's already-folded text.
///
/// Folding happens in setup, so this isolates the word splitter whose tokens the gazetteer matcher and the rules
/// both read; a regression here shows up without the normaliser's cost hiding it.
func tokeniserBenchmarks() {
    Benchmark("Tokeniser (ArabicTokenizer)") { benchmark, folded in
        forEachArticle(folded, benchmark) { blackHole(ArabicTokenizer.tokenize($0)) }
    } setup: {
        try Seeds.shared().map { NormalizedText($0.text) }
    }
}

/// The gazetteer: building the recognizer once, and matching actors in each seed's folded, tokenised text.
///
/// Matching (`EntityRecognizer.recognize`) runs on every article and is one of the costliest per-article stages.
/// Building (`EntityRecognizer.load`: read the embedded gazetteer, compile the matcher tables) happens at start-up and
/// on every configuration reload, so its time and allocations are what each reload pays before it takes effect.
func gazetteerBenchmarks() {
    struct Inputs {
        let recognizer: EntityRecognizer
        let articles: [(normalized: NormalizedText, tokens: [ArabicToken])]
    }
    Benchmark("Gazetteer matcher (EntityRecognizer.recognize)") { (benchmark: Benchmark, inputs: Inputs) in
        let recognizer = inputs.recognizer
        forEachArticle(inputs.articles, benchmark) { blackHole(recognizer.recognize($0.normalized, tokens: $0.tokens)) }
    } setup: {
        let articles = try Seeds.shared().map { seed in
            let normalized = NormalizedText(seed.text)
            return (normalized: normalized, tokens: ArabicTokenizer.tokenize(normalized))
        }
        return Inputs(recognizer: try EntityRecognizer.load(extraFiles: []), articles: articles)
    }

    // One iteration is one complete build from the embedded data, so this one is not scaled.
    Benchmark(
        "Gazetteer build (EntityRecognizer.load)",
        configuration: .init(scalingFactor: .one, maxDuration: .seconds(1), maxIterations: 50)
    ) { benchmark in
        do {
            blackHole(try EntityRecognizer.load(extraFiles: []))
        } catch {
            benchmark.error("EntityRecognizer.load failed: \(error)")
        }
    }
}

/// Watch rules: `RuleSet.evaluate` (the embedded watch list) over each seed's analysis, entities filled in.
///
/// Setup folds, tokenises and recognises each seed's text with the same calls the pipeline makes (on the raw seed
/// text, not the parser's output, like the other text stages here), so the measured part is only the keyword scan and
/// the condition checks that decide which rules hold for an article.
func rulesBenchmarks() {
    struct Inputs {
        let rules: RuleSet
        let analyses: [ArticleAnalysis]
    }
    Benchmark("Rules (RuleSet.evaluate)") { (benchmark: Benchmark, inputs: Inputs) in
        let rules = inputs.rules
        forEachArticle(inputs.analyses, benchmark) { blackHole(rules.evaluate($0)) }
    } setup: {
        let recognizer = try EntityRecognizer.load(extraFiles: [])
        let analyses = try Seeds.shared().map { seed in
            var analysis = ArticleAnalysis(text: seed.text, title: nil)
            analysis.entities = recognizer.recognize(analysis)
            return analysis
        }
        return Inputs(rules: try WatchRules.load(AlertSettings(), gazetteer: recognizer.gazetteer), analyses: analyses)
    }
}

/// Article parsing: `ArticleParser.parse` of each seed's decoded text as plain text (`a.txt`).
///
/// The parser finds the title, metadata lines, dates and boilerplate and rebuilds the article text; it is the first
/// stage after decoding and scans every line, so its cost grows with the raw size of what is dropped.
func parserBenchmarks() {
    struct Inputs {
        let parser: ArticleParser
        let format: ArticleFormat
        let texts: [String]
    }
    Benchmark("Parser (ArticleParser.parse, plain text)") { (benchmark: Benchmark, inputs: Inputs) in
        let parser = inputs.parser, format = inputs.format
        forEachArticle(inputs.texts, benchmark) { blackHole(try? parser.parse($0, format: format)) }
    } setup: {
        let parser = ArticleParser()
        guard let format = ArticleFormat(fileName: "a.txt") else { throw BenchmarkSetupError("a.txt is not a known format") }
        let seeds = try Seeds.shared()
        for seed in seeds {
            do { _ = try parser.parse(seed.text, format: format) } catch {
                throw BenchmarkSetupError("parsing \(seed.name) failed: \(error)")
            }
        }
        return Inputs(parser: parser, format: format, texts: seeds.map(\.text))
    }
}

/// Record encoding: `ArticleRecord.jsonLine()` of each seed's finished record (article, dates, entities).
///
/// Every processed file ends as one JSON line in the output log, so the writer's speed and allocations are part of
/// the per-article cost; the records come from a full pipeline run in setup.
func recordJSONBenchmarks() {
    Benchmark("Record JSON (ArticleRecord.jsonLine)") { benchmark, records in
        forEachArticle(records, benchmark) { blackHole($0.jsonLine()) }
    } setup: {
        let pipeline = try Fixtures.pipeline()
        return try Fixtures.droppedFiles().map { pipeline.process($0).record }
    }
}

/// The whole library path: `Pipeline.process` of each seed as a dropped file.
///
/// Decode → parse → fold and tokenise → entities → rules → record: what the daemon does per file apart from I/O and
/// alert dispatch. The file's bytes and SHA-256 (`DroppedFile`) are prepared in setup, as the daemon computes them
/// while reading; encoding the record's JSON line is measured separately above.
func pipelineBenchmarks() {
    struct Inputs {
        let pipeline: Pipeline
        let files: [DroppedFile]
    }
    // About 0.6 s per iteration on a 2-core VM: a little more time than the others so the median has a few samples.
    var configuration = Benchmark.defaultConfiguration
    configuration.maxDuration = .seconds(3)
    Benchmark("Pipeline (Pipeline.process, end to end)", configuration: configuration) { (benchmark: Benchmark, inputs: Inputs) in
        let pipeline = inputs.pipeline
        forEachArticle(inputs.files, benchmark) { blackHole(pipeline.process($0)) }
    } setup: {
        Inputs(pipeline: try Fixtures.pipeline(), files: try Fixtures.droppedFiles())
    }
}

// MARK: - Helpers

/// Runs `body` once per scaled iteration, taking the inputs in turn, so each of them gets the same share.
@inline(__always)
func forEachArticle<Input>(_ inputs: [Input], _ benchmark: Benchmark, _ body: (Input) -> Void) {
    var index = 0
    for _ in benchmark.scaledIterations {
        body(inputs[index])
        index += 1
        if index == inputs.count { index = 0 }
    }
}

/// A setup step that could not prepare its inputs; the harness reports the message and skips the benchmark.
struct BenchmarkSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One seed article: its file name, raw bytes and UTF-8 text.
struct Seed: Sendable {
    let name: String
    let bytes: [UInt8]
    let text: String
}

/// The seed articles, read from disk once per benchmark process.
enum Seeds {
    /// Environment variable naming the seed folder, used when `../seeds` next to this package is not there.
    static let environmentVariable = "WATCHERD_SEEDS"

    private static let loaded: Result<[Seed], BenchmarkSetupError> = {
        do throws(BenchmarkSetupError) { return .success(try load()) } catch { return .failure(error) }
    }()

    /// The seeds, or the reason they could not be read.
    static func shared() throws(BenchmarkSetupError) -> [Seed] {
        try loaded.get()
    }

    /// The seed folder: `../seeds` relative to this package (found from this source file's path, so it does not
    /// depend on the working directory the harness starts us in), else `$WATCHERD_SEEDS`.
    static func folder() throws(BenchmarkSetupError) -> URL {
        let packageFolder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent() // WatcherBenchmarks/
            .deletingLastPathComponent() // Benchmarks/ (the targets' folder)
            .deletingLastPathComponent() // the package folder, main/Benchmarks/
        let beside = packageFolder.deletingLastPathComponent().appendingPathComponent("seeds", isDirectory: true)
        if isDirectory(beside) { return beside }
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            let url = URL(fileURLWithPath: configured, isDirectory: true)
            if isDirectory(url) { return url }
            throw BenchmarkSetupError("\(environmentVariable)=\(configured) is not a folder")
        }
        throw BenchmarkSetupError("no seed folder at \(beside.path) and \(environmentVariable) is not set")
    }

    private static func load() throws(BenchmarkSetupError) -> [Seed] {
        let folder = try folder()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".txt") }
                .sorted()
        } catch {
            throw BenchmarkSetupError("cannot list \(folder.path): \(error)")
        }
        guard !names.isEmpty else { throw BenchmarkSetupError("no .txt seeds in \(folder.path)") }
        var seeds: [Seed] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            let bytes: [UInt8]
            do { bytes = Array(try Data(contentsOf: url)) } catch {
                throw BenchmarkSetupError("cannot read \(url.path): \(error)")
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw BenchmarkSetupError("\(url.path) is not valid UTF-8")
            }
            seeds.append(Seed(name: name, bytes: bytes, text: text))
        }
        return seeds
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }
}

/// Inputs shared by the record-JSON and pipeline benchmarks.
enum Fixtures {
    /// The pipeline `watcherd` builds from a default configuration: embedded parser tables, gazetteer and watch list.
    static func pipeline() throws -> Pipeline {
        let recognizer = try EntityRecognizer.load(extraFiles: [])
        let rules = try WatchRules.load(AlertSettings(), gazetteer: recognizer.gazetteer)
        return Pipeline(recognizer: recognizer, rules: rules)
    }

    /// Each seed as a file dropped at the top of the drop folder, checked to go through the pipeline without error.
    static func droppedFiles() throws -> [DroppedFile] {
        let files = try Seeds.shared().map { seed in
            DroppedFile(path: FilePath("/drop/" + seed.name), relativePath: FilePath(seed.name), bytes: seed.bytes)
        }
        let pipeline = Pipeline()
        for file in files {
            if let failure = pipeline.process(file).failure {
                throw BenchmarkSetupError("\(file.name) did not go through the pipeline: \(failure)")
            }
        }
        return files
    }
}
