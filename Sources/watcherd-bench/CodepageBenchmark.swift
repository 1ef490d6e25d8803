import Foundation
import SystemPackage
import Watcher

/// What a Windows-1256 article costs next to its UTF-8 copy, through the whole pipeline and in decoding alone.
///
/// The Windows-1256 files are the corpus converted by `iconv -c` (characters the code page lacks, such as
/// Arabic-Indic digits, are left out); each one's UTF-8 copy is the text the decoder reads from it, so both hold the
/// same article and only decoding differs.
enum CodepageBenchmark {
    struct Figure {
        let utf8Seconds: Double
        let windowsSeconds: Double
        let utf8DecodeSeconds: Double
        let windowsDecodeSeconds: Double
        let articles: Int
        let megabytes: Double
    }

    static func measure(pipeline: Pipeline, corpus: [CorpusGenerator.Article], runs: Int, work: URL) throws -> Figure {
        // One iconv run over all the articles, split again at a separator that every code page keeps as it is.
        let separator: UInt8 = 0x1E
        var joined: [UInt8] = []
        for article in corpus {
            joined += article.bytes
            joined.append(separator)
        }
        let source = work.appendingPathComponent("codepage-input.txt")
        try Data(joined).write(to: source)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-c", "-f", "UTF-8", "-t", "WINDOWS-1256", source.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let converted = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let windows = converted.split(separator: separator, omittingEmptySubsequences: false).dropLast().map { [UInt8]($0) }
        guard windows.count == corpus.count else { throw BenchError("iconv gave \(windows.count) articles for \(corpus.count)") }
        let utf8 = try windows.map { bytes -> [UInt8] in
            let decoded = try pipeline.decoder.decode(bytes)
            guard decoded.encoding == "windows-1256" else { throw BenchError("a Windows-1256 article was read as \(decoded.encoding)") }
            return Array(decoded.text.utf8)
        }
        func files(_ texts: [[UInt8]]) -> [DroppedFile] {
            texts.enumerated().map { DroppedFile(path: FilePath("/bench/\($0.offset).txt"), relativePath: FilePath("\($0.offset).txt"), bytes: $0.element) }
        }
        let utf8Files = files(utf8), windowsFiles = files(windows)
        // Interleaved, best of each: the shared machine's load drifts less between the two than across a whole run.
        var best = (utf8: Double.infinity, windows: Double.infinity, utf8Decode: Double.infinity, windowsDecode: Double.infinity)
        for _ in 0..<runs {
            best.utf8 = min(best.utf8, Stopwatch.best(runs: 1) { for file in utf8Files { _ = pipeline.process(file).line } })
            best.windows = min(best.windows, Stopwatch.best(runs: 1) { for file in windowsFiles { _ = pipeline.process(file).line } })
            best.utf8Decode = min(best.utf8Decode, Stopwatch.best(runs: 1) { for bytes in utf8 { _ = try? pipeline.decoder.decode(bytes) } })
            best.windowsDecode = min(best.windowsDecode, Stopwatch.best(runs: 1) { for bytes in windows { _ = try? pipeline.decoder.decode(bytes) } })
        }
        return Figure(utf8Seconds: best.utf8, windowsSeconds: best.windows, utf8DecodeSeconds: best.utf8Decode,
                      windowsDecodeSeconds: best.windowsDecode, articles: corpus.count,
                      megabytes: Double(utf8.reduce(0) { $0 + $1.count }) / 1e6)
    }
}
