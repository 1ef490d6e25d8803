import Dispatch
import Foundation
import SystemPackage
import Watcher

/// Throughput of the library over an in-memory corpus: decode → parse → entities → rules → JSON, no file I/O.
struct LibraryBenchmark {
    let pipeline: Pipeline
    let corpus: [CorpusGenerator.Article]

    var totalBytes: Int { corpus.reduce(0) { $0 + $1.bytes.count } }

    /// Processes one article fully, encoding its record and alert lines; returns the bytes encoded.
    func processOne(_ article: CorpusGenerator.Article) -> Int {
        let result = pipeline.process(DroppedFile(path: FilePath("/bench/" + article.name), relativePath: FilePath(article.name), bytes: article.bytes))
        var encoded = result.line.count
        for match in result.matches {
            let alert = AlertRecord(id: "alert:0", at: result.record.ingestedAt, match: match, article: result.record.id, file: article.name,
                                    title: result.record.article?.title, source: result.record.article?.source, published: nil,
                                    story: "story:0000000000000000", repeatOf: nil)
            encoded += alert.jsonLine().count
        }
        return encoded
    }

    /// Seconds to process the whole corpus on `threads` threads (best of `runs`).
    func time(threads: Int, runs: Int) -> Double {
        Stopwatch.best(runs: runs) {
            if threads == 1 {
                for article in corpus { _ = processOne(article) }
            } else {
                DispatchQueue.concurrentPerform(iterations: threads) { worker in
                    var index = worker
                    while index < corpus.count {
                        _ = processOne(corpus[index])
                        index += threads
                    }
                }
            }
        }
    }

    /// Seconds for one stage over the whole corpus (best of `runs`), with nothing else in the loop: for profilers.
    func profile(stage: String, runs: Int) throws -> Double {
        let texts = corpus.map { String(decoding: $0.bytes, as: UTF8.self) }
        let format = ArticleFormat(fileName: "article.txt")!
        switch stage {
        case "all": return time(threads: 1, runs: runs)
        case "parse": return Stopwatch.best(runs: runs) { for text in texts { _ = try? pipeline.parser.parse(text, format: format) } }
        case "analysis": return Stopwatch.best(runs: runs) { for text in texts { _ = ArticleAnalysis(text: text, title: nil) } }
        case "entities", "rules":
            let recognizer = pipeline.recognizer!
            var analyses = texts.map { ArticleAnalysis(text: $0, title: nil) }
            for index in analyses.indices { analyses[index].entities = recognizer.recognize(analyses[index]) }
            if stage == "rules" { return Stopwatch.best(runs: runs) { for analysis in analyses { _ = pipeline.rules.evaluate(analysis) } } }
            return Stopwatch.best(runs: runs) { for analysis in analyses { _ = recognizer.recognize(analysis) } }
        case "json":
            let records = corpus.map {
                pipeline.process(DroppedFile(path: FilePath("/bench/" + $0.name), relativePath: FilePath($0.name), bytes: $0.bytes)).record
            }
            return Stopwatch.best(runs: runs) { for record in records { _ = record.jsonLine() } }
        default: throw BenchError("unknown stage \(stage); use all, parse, analysis, entities, rules or json")
        }
    }

    /// Seconds for entity recognition alone over the corpus's analysed texts (best of `runs`).
    func entitySeconds(runs: Int) -> Double {
        let recognizer = pipeline.recognizer!
        let analyses = corpus.map { ArticleAnalysis(text: String(decoding: $0.bytes, as: UTF8.self), title: nil) }
        return Stopwatch.best(runs: runs) { for analysis in analyses { _ = recognizer.recognize(analysis) } }
    }

    /// One stage's figure: its rate (MB of input per second; MB of JSON for the encoding) and its time over the corpus.
    struct StageFigure {
        let name: String
        let seconds: Double
        let megabytesPerSecond: Double
        /// False for a stage that another one already includes (the normaliser runs inside the analysis), so that
        /// summing or counting stages does not count it twice.
        let isPipelineStage: Bool

        init(_ name: String, seconds: Double, megabytes: Double, isPipelineStage: Bool = true) {
            self.name = name
            self.seconds = seconds
            self.megabytesPerSecond = megabytes / seconds
            self.isPipelineStage = isPipelineStage
        }
    }

    /// Per-stage figures over the corpus's decoded texts: folding, entity recognition, rules, JSON encoding.
    func stages(runs: Int) -> [StageFigure] {
        let texts = corpus.map { String(decoding: $0.bytes, as: UTF8.self) }
        let bytes = Double(texts.reduce(0) { $0 + $1.utf8.count })
        let recognizer = pipeline.recognizer!
        var analyses: [ArticleAnalysis] = []
        let format = ArticleFormat(fileName: "article.txt")!
        let decode = Stopwatch.best(runs: runs) { for article in corpus { _ = try? pipeline.decoder.decode(article.bytes) } }
        let parse = Stopwatch.best(runs: runs) { for text in texts { _ = try? pipeline.parser.parse(text, format: format) } }
        let fold = Stopwatch.best(runs: runs) { for text in texts { _ = NormalizedText(text) } }
        // Timed without keeping the results: holding 10,000 analyses at once measured page faults, not folding.
        let tokenize = Stopwatch.best(runs: runs) { for text in texts { _ = ArticleAnalysis(text: text, title: nil) } }
        analyses = texts.map { ArticleAnalysis(text: $0, title: nil) }
        let entities = Stopwatch.best(runs: runs) {
            for index in analyses.indices { analyses[index].entities = recognizer.recognize(analyses[index]) }
        }
        let rules = Stopwatch.best(runs: runs) { for analysis in analyses { _ = pipeline.rules.evaluate(analysis) } }
        let records = corpus.map {
            pipeline.process(DroppedFile(path: FilePath("/bench/" + $0.name), relativePath: FilePath($0.name), bytes: $0.bytes)).record
        }
        let json = Stopwatch.best(runs: runs) { for record in records { _ = record.jsonLine() } }
        let jsonBytes = Double(records.reduce(0) { $0 + $1.jsonLine().count })
        return [
            StageFigure("decode (detect + convert)", seconds: decode, megabytes: bytes / 1e6),
            StageFigure("parse (metadata, chrome, dates)", seconds: parse, megabytes: bytes / 1e6),
            StageFigure("normaliser (fold + offsets)", seconds: fold, megabytes: bytes / 1e6, isPipelineStage: false),
            StageFigure("analysis: fold, tokens, word hashes", seconds: tokenize, megabytes: bytes / 1e6),
            StageFigure("entity recognition (on folded tokens)", seconds: entities, megabytes: bytes / 1e6),
            StageFigure("rules (keywords + conditions)", seconds: rules, megabytes: bytes / 1e6),
            StageFigure("record JSON encoding (MB of JSON/s)", seconds: json, megabytes: jsonBytes / 1e6),
        ]
    }
}
