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

    /// Builds the index for `entries` (with the seeded files' keys) in a folder of its own; returns the folder and
    /// the seconds it took.
    func prepare(entries: Int) throws -> (root: URL, seconds: Double, megabytes: Double) {
        let root = work.appendingPathComponent("ledger-\(entries)")
        let state = root.appendingPathComponent("out/state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
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
            for round in 0..<8 {
                for n in 0..<Self.seededCount { batch.keys.insert(RecordKey(hashing: seeded(n, round: round))) }
            }
            _ = try index.writer.commitNow(batch)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: state.appendingPathComponent(LedgerIndex.fileName).path)[.size] as? Int) ?? 0
        return (root, Stopwatch.now() - started, Double(size) / 1_048_576)
    }

    /// What the daemon's start and duplicate checks cost in the index alone: opening it, and a lookup of a key that
    /// is not there (every new file's case), in microseconds.
    func probe(root: URL) throws -> (openMilliseconds: Double, lookupMicroseconds: Double) {
        let started = Stopwatch.now()
        let index = try LedgerIndex(stateFolder: FilePath(root.appendingPathComponent("out/state").path))
        _ = index.recordedCount
        let opened = Stopwatch.now()
        var random = SplitMix(seed: 99)
        let lookups = 20_000
        var found = 0
        for _ in 0..<lookups {
            var bytes: [UInt8] = []
            for _ in 0..<4 { bytes += withUnsafeBytes(of: random.next()) { Array($0) } }
            if try index.contains(RecordKey(hashing: bytes)) { found += 1 }
        }
        let done = Stopwatch.now()
        if found > 0 { throw BenchError("\(found) keys never recorded were found in the index") }
        return ((opened - started) * 1000, (done - opened) / Double(lookups) * 1_000_000)
    }

    /// One round on a prepared folder: start, a backlog of new files, the seeded files, stop, start again.
    func measure(root: URL, entries: Int, round: Int, build: (seconds: Double, megabytes: Double)) throws -> Figures {
        let daemon = DaemonBenchmark(binary: binary, root: root)
        defer { daemon.stop() }
        unlink(root.appendingPathComponent("notify.sock").path)
        let ready = try daemon.start()
        let burst = try daemon.run(rate: 1_000_000, count: files, corpus: corpus, offset: round * files)
        let seconds = burst.samples.compactMap { sample in sample.recordMilliseconds.map { sample.dropped + $0 / 1000 } }.max() ?? .nan
        // The seeded files: recorded "before", so each must be moved away as a duplicate without a record.
        let recordsBefore = lineCount(daemon.articles)
        for n in 0..<Self.seededCount {
            let name = "seeded-\(round)-\(n).txt"
            try Data(seeded(n, round: round)).write(to: daemon.staging.appendingPathComponent(name))
            rename(daemon.staging.appendingPathComponent(name).path, daemon.drop.appendingPathComponent(name).path)
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
        return Figures(entries: entries, buildSeconds: build.seconds, indexMegabytes: build.megabytes, ready: ready,
                       readyAfterRestart: readyAgain, filesPerSecond: Double(files) / seconds, peakRSS: rss, lost: burst.lost,
                       seededRecorded: seededRecorded)
    }

    /// The bytes of seeded file `n` of a round (made unique the way ``DaemonBenchmark`` makes its dropped files).
    func seeded(_ n: Int, round: Int) -> [UInt8] {
        corpus[n % corpus.count].bytes + Array("\n\nمعرف مسجل \(round) \(n)\n".utf8)
    }

    private func lineCount(_ url: URL) -> Int {
        ((try? Data(contentsOf: url)) ?? Data()).reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }
}
