import Dispatch
import Foundation
import SystemPackage
import Watcher

/// The commands a user runs, timed as whole processes: `watcherd process` over the corpus (start-up, reading,
/// writing included) next to the library figure, and `watcherd replay` over generated article records.
struct CommandBenchmark {
    let binary: String
    let work: URL

    /// Wall-clock seconds of one run of the binary (best of `runs`), with the CPU seconds (user + system) that run
    /// took: on a machine shared with other work the CPU time is the figure per core that load does not inflate.
    func time(_ arguments: [String], runs: Int, output: URL? = nil) throws -> (seconds: Double, cpu: Double, stderr: String) {
        var best = Double.infinity
        var bestCPU = Double.infinity
        var lastError = ""
        for _ in 0..<runs {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            if let output {
                _ = FileManager.default.createFile(atPath: output.path, contents: nil)
                process.standardOutput = try FileHandle(forWritingTo: output)
            } else {
                process.standardOutput = FileHandle.nullDevice
            }
            let errors = work.appendingPathComponent("stderr.txt")
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errors)
            let cpuBefore = Self.childrenCPU()
            let start = Stopwatch.now()
            try process.run()
            process.waitUntilExit()
            let elapsed = Stopwatch.now() - start
            let cpu = Self.childrenCPU() - cpuBefore
            lastError = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            // process exits 2 when some file gave an error record (the pathological inputs do not; the corpus never).
            guard process.terminationStatus == 0 else {
                throw BenchError("watcherd \(arguments.prefix(3).joined(separator: " ")) … exited \(process.terminationStatus): \(lastError.prefix(400))")
            }
            if elapsed < best { (best, bestCPU) = (elapsed, cpu) }
        }
        return (best, bestCPU, lastError)
    }

    /// User + system seconds of every child waited for so far.
    static func childrenCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Writes the corpus as files; returns their paths in corpus order.
    func writeCorpus(_ corpus: [CorpusGenerator.Article], folder name: String) throws -> [String] {
        let folder = work.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try corpus.map { article in
            let url = folder.appendingPathComponent(article.name)
            try Data(article.bytes).write(to: url)
            return url.path
        }
    }

    /// `watcherd process` figures: start-up alone (one small file), and the corpus on 1 and `cores` workers.
    struct ProcessFigures {
        let startupSeconds: Double
        let oneCore: Double
        let oneCoreCPU: Double
        let allCores: Double
        let allCoresCPU: Double
        let outputBytes: Int
    }

    /// `folder` holds the corpus files alone, whose names sort in corpus order: it is given to `process` as a
    /// user gives an archive (a list of 10,000 arguments costs the argument parser seconds of its own).
    func processFigures(paths: [String], folder: String, cores: Int, runs: Int) throws -> ProcessFigures {
        let output = work.appendingPathComponent("process-output.jsonl")
        let startup = try time(["process", "--workers", "1", paths[0]], runs: runs).seconds
        let one = try time(["process", "--workers", "1", folder], runs: runs, output: output)
        let all = try time(["process", "--workers", "\(cores)", folder], runs: runs, output: output)
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: output.path))?[.size] as? Int) ?? 0
        return ProcessFigures(startupSeconds: startup, oneCore: one.seconds, oneCoreCPU: one.cpu, allCores: all.seconds, allCoresCPU: all.cpu,
                              outputBytes: bytes)
    }

    /// `watcherd process --workers 1 FOLDER` with a configuration file holding `yaml` (over the embedded defaults),
    /// records to a file: wall-clock and CPU seconds (best of `runs`).
    func processWithConfig(_ yaml: String, folder: String, runs: Int) throws -> (seconds: Double, cpu: Double) {
        let config = work.appendingPathComponent("process-config.yaml")
        try Data(yaml.utf8).write(to: config)
        let result = try time(["process", "--config", config.path, "--workers", "1", folder], runs: runs,
                              output: work.appendingPathComponent("process-output.jsonl"))
        return (result.seconds, result.cpu)
    }

    /// Writes `count` article records as the daemon would (ok records of generated articles, ingested over the
    /// seven days before `end`) into one article log; the records are built with the library on every core.
    func writeRecords(count: Int, generator: inout CorpusGenerator, pipeline: Pipeline, end: Timestamp) throws -> (URL, Int) {
        let log = work.appendingPathComponent("replay/articles.jsonl")
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let span: Int64 = 7 * 86_400_000
        let start = end.milliseconds - span
        var written = 0
        var textBytes = 0
        let batch = 2_000
        var offset = 0
        while offset < count {
            let articles = (offset..<min(count, offset + batch)).map { generator.article(1_000_000 + $0) }
            var lines = [[UInt8]](repeating: [], count: articles.count)
            var texts = [Int](repeating: 0, count: articles.count)
            let base = offset
            lines.withUnsafeMutableBufferPointer { lineBuffer in
                texts.withUnsafeMutableBufferPointer { textBuffer in
                    nonisolated(unsafe) let out = lineBuffer
                    nonisolated(unsafe) let sizes = textBuffer
                    DispatchQueue.concurrentPerform(iterations: articles.count) { i in
                        let at = Timestamp(milliseconds: start + span * Int64(base + i) / Int64(count))
                        let file = DroppedFile(path: FilePath("/var/spool/watcherd/drop/" + articles[i].name),
                                               relativePath: FilePath(articles[i].name), bytes: articles[i].bytes)
                        let result = pipeline.process(file, at: at)
                        out[i] = result.line + [UInt8(ascii: "\n")]
                        sizes[i] = result.record.text?.utf8.count ?? 0
                    }
                }
            }
            var chunk = Data()
            for line in lines { chunk.append(contentsOf: line) }
            try handle.write(contentsOf: chunk)
            written += lines.count
            textBytes += texts.reduce(0, +)
            offset += batch
        }
        return (log, textBytes)
    }
}
