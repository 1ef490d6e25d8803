#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SystemPackage
import Watcher

/// `--ledger N`: the daemon with N recorded files in its ledger index against the same daemon with an empty one:
/// READY after start and after a restart, peak RSS, backlog ingest speed, and whether the duplicate check is exact.
///
/// The N entries are written straight into the index by this tool (sorted, in bulk), not through the daemon, which
/// would take hours; real keys and drop ids are SHA-256 prefixes, so the synthetic ones are spread evenly too.
struct LedgerBenchmark {
    let binary: String
    let work: URL
    let corpus: [CorpusGenerator.Article]
    let files: Int

    /// Files whose keys are put in the index beforehand: dropped after the backlog, none may get a record.
    static let seededCount = 100

    struct Figures {
        let entries: Int
        let buildSeconds: Double
        let indexMegabytes: Double
        let ready: Double
        let readyAfterRestart: Double
        let filesPerSecond: Double
        let peakRSS: Double
        let lost: Int
        let seededRecorded: Int
    }

    func run(entries: Int) throws -> Figures {
        let root = work.appendingPathComponent("ledger-\(entries)")
        let state = root.appendingPathComponent("out/state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let seeded = (0..<Self.seededCount).map { Self.bytes(corpus[$0 % corpus.count], tag: "seeded \($0)") }
        let started = Stopwatch.now()
        let stride = entries > 0 ? UInt64.max / UInt64(entries) : 0
        var random = SplitMix(seed: 7)
        try LedgerIndex.bulkLoad(stateFolder: FilePath(state.path), count: entries) { i in
            let prefix = withUnsafeBytes(of: (UInt64(i) &* stride).bigEndian) { Array($0) }
            var key = prefix, drop = prefix
            for _ in 0..<3 { key += withUnsafeBytes(of: random.next()) { Array($0) } }
            drop += withUnsafeBytes(of: random.next()) { Array($0) }
            return (key, drop)
        }
        do {
            let index = try LedgerIndex(stateFolder: FilePath(state.path))
            var batch = LedgerBatch()
            for bytes in seeded { batch.keys.insert(RecordKey(hashing: bytes)) }
            _ = try index.writer.commitNow(batch)
        }
        let buildSeconds = Stopwatch.now() - started
        let size = (try? FileManager.default.attributesOfItem(atPath: state.appendingPathComponent(LedgerIndex.fileName).path)[.size] as? Int) ?? 0

        let daemon = DaemonBenchmark(binary: binary, root: root)
        defer { daemon.stop() }
        let ready = try daemon.start()
        let burst = try daemon.run(rate: 1_000_000, count: files, corpus: corpus, offset: 0)
        let seconds = burst.samples.compactMap { sample in sample.recordMilliseconds.map { sample.dropped + $0 / 1000 } }.max() ?? .nan
        // The seeded files: recorded "before", so each must be moved away as a duplicate without a record.
        let recordsBefore = lineCount(daemon.articles)
        for (n, bytes) in seeded.enumerated() {
            try Data(bytes).write(to: daemon.staging.appendingPathComponent("seeded-\(n).txt"))
            rename(daemon.staging.appendingPathComponent("seeded-\(n).txt").path, daemon.drop.appendingPathComponent("seeded-\(n).txt").path)
        }
        let deadline = Stopwatch.now() + 60
        while Stopwatch.now() < deadline, !((try? FileManager.default.contentsOfDirectory(atPath: daemon.drop.path)) ?? ["?"]).isEmpty {
            usleep(20_000)
        }
        let seededRecorded = lineCount(daemon.articles) - recordsBefore
        let rss = daemon.peakRSSMegabytes()
        daemon.stop()
        unlink(root.appendingPathComponent("notify.sock").path)
        let again = DaemonBenchmark(binary: binary, root: root)
        defer { again.stop() }
        let readyAgain = try again.start()
        again.stop()
        return Figures(entries: entries, buildSeconds: buildSeconds, indexMegabytes: Double(size) / 1_048_576, ready: ready,
                       readyAfterRestart: readyAgain, filesPerSecond: Double(files) / seconds, peakRSS: rss, lost: burst.lost,
                       seededRecorded: seededRecorded)
    }

    /// The bytes of a seeded file (made unique the way ``DaemonBenchmark`` makes its dropped files).
    static func bytes(_ article: CorpusGenerator.Article, tag: String) -> [UInt8] {
        article.bytes + Array("\n\nمعرف \(tag)\n".utf8)
    }

    private func lineCount(_ url: URL) -> Int {
        ((try? Data(contentsOf: url)) ?? Data()).reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }
}
