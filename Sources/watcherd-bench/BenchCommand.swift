import ArgumentParser
import Foundation
import Watcher

/// `watcherd-bench`: measures the pipeline and the daemon side by side with `grep -F` and `cat` on the same files.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watcherd-bench",
        abstract: "Benchmark watcherd: library throughput, drop-to-alert latency, memory, start-up, and baselines.",
        discussion: "Run from the package root on a release build (make bench). Writes a table to stdout and JSON to --json."
    )

    @Option(help: "Articles in the generated corpus.") var articles = 10_000
    @Option(help: "Corpus generator seed (same seed, same bytes).") var seed: UInt64 = 42
    @Option(help: "The watcherd binary for the daemon runs.") var binary = ".build/release/watcherd"
    @Option(help: "Where to write the results as JSON.") var json = ".build/bench-results.json"
    @Option(help: "Seconds of dropping at each rate.") var seconds = 5.0
    @Flag(help: "A small, fast run that checks the tool works (used by make test).") var smoke = false
    @Flag(help: "Only the library figures (section 1).") var libraryOnly = false
    @Flag(help: "Only the daemon figures (sections 2 and 3): skip the library loops and the baselines.") var daemonOnly = false
    @Option(help: "Comma-separated drop rates for the daemon runs.") var rates = "50,200,500,750,1000,2000"
    @Option(help: "Also write every dropped file's size and latencies as CSV to this path.") var latencyCSV: String?
    @Option(help: "Files dropped at once for the backlog-drain figure (0: skip).") var backlog = 4_000
    @Option(help: "Only run the library loop this many times over the corpus, then exit: a clean target for perf or callgrind.") var profileLoops: Int?
    @Option(help: "With --profile-loops, the stage to loop: all, parse, analysis, entities, rules, json.") var profileStage = "all"
    @Option(help: "Only the ledger figures: READY, RSS and ingest speed with this many recorded files in the index (written straight into it, not through the daemon) against an empty one.") var ledger: Int?
    @Option(help: "With --ledger, files dropped at once for the ingest speed.") var ledgerFiles = 2_000
    @Option(help: "With --ledger, rounds of each (alternating empty and full).") var ledgerRounds = 3
    @Option(help: "Article records generated for the `watcherd replay` figure (0: skip it).") var replayRecords = 100_000
    @Flag(help: "Only the command figures (section 5: process, replay, Windows-1256 against UTF-8) next to the library's.") var commandsOnly = false
    @Flag(help: "Only the NATS figures: publishing cost at 1,000 files/s, one vs two daemons on a work queue (make bench-nats).") var natsOnly = false
    @Option(help: "With --nats-only, files put on the work queue for the one-vs-two-daemons run.") var queueFiles = 3_000
    @Option(help: "With --nats-only, rounds of each mode (JSONL only, publishing) for the publishing cost; the cost is judged on the median and spread of the rounds.") var natsRounds = 8
    @Flag(help: "Run the statistical name tagger (config name_tagger: true) whatever the default configuration says (it is on by default); with --tagger-model, with that model.") var nameTagger = false
    @Option(help: "With --name-tagger: the tagger model file to use instead of the embedded one (to compare models).") var taggerModel: String?
    @Option(help: "Only write the generated corpus (and the pathological files) into this folder, then exit: to compare two builds' records on the same files.") var writeCorpus: String?
    @Option(help: "Only write --replay-records article records (ingested over the seven days before now, as the replay figure uses) into this article log, then exit: to profile or compare `watcherd replay` builds on it.") var writeRecords: String?

    func run() async throws {
        let seedsFolder = URL(fileURLWithPath: "seeds")
        let seedTexts = try FileManager.default.contentsOfDirectory(atPath: seedsFolder.path).sorted()
            .map { try String(contentsOf: seedsFolder.appendingPathComponent($0), encoding: .utf8) }
        var generator = CorpusGenerator(seeds: seedTexts, seed: seed)
        let count = smoke ? min(articles, 300) : articles
        let corpus = (0..<count).map { generator.article($0) }
        let pathological = generator.pathological()
        // The default configuration's recogniser (the name tagger unless `name_tagger: false`), or the tagger forced on.
        var recognizer = try EntityRecognizer.load(extraFiles: [], tagger: nameTagger || WatcherConfig().nameTagger)
        if let taggerModel, nameTagger { recognizer = recognizer.with(tagger: try NameTagger.load(path: taggerModel)) }
        print("name tagger: \(recognizer.tagger == nil ? "off" : "on")")
        let rules = try WatchRules.load(AlertSettings(), gazetteer: recognizer.gazetteer)
        let pipeline = Pipeline(recognizer: recognizer, rules: rules)
        var results: [String: Any] = ["articles": count, "seed": seed, "cores": ProcessInfo.processInfo.activeProcessorCount]
        let sizes = corpus.map(\.bytes.count).sorted()
        let megabytes = Double(sizes.reduce(0, +)) / 1e6
        print("corpus: \(count) articles, \(String(format: "%.1f", megabytes)) MB, median \(sizes[sizes.count / 2]) B, min \(sizes.first!) B, max \(sizes.last!) B (seed \(seed))")

        if let folder = writeCorpus {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for article in corpus + pathological {
                try Data(article.bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent(article.name))
            }
            print("wrote \(corpus.count + pathological.count) files to \(folder)")
            return
        }

        if let path = writeRecords {
            let target = URL(fileURLWithPath: path)
            let commands = CommandBenchmark(binary: binary, work: target.deletingLastPathComponent().appendingPathComponent("watcherd-bench-\(getpid())"))
            let (log, textBytes) = try commands.writeRecords(count: replayRecords, generator: &generator, pipeline: pipeline, end: .now())
            _ = try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: log, to: target)
            try? FileManager.default.removeItem(at: commands.work)
            print("wrote \(replayRecords) records (\(String(format: "%.0f", Double(textBytes) / 1e6)) MB of text) to \(path)")
            return
        }
        if let ledger {
            let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("watcherd-bench-\(getpid())")
            defer { try? FileManager.default.removeItem(at: work) }
            try ledgerFigures(entries: ledger, corpus: corpus, work: work, into: &results)
            return try write(results)
        }
        if natsOnly {
            let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("watcherd-bench-nats-\(getpid())")
            defer { try? FileManager.default.removeItem(at: work) }
            var nats = NatsBenchmark(binary: binary, work: work, corpus: corpus, seconds: seconds, queueFiles: queueFiles, smoke: smoke)
            nats.publishRounds = max(1, natsRounds)
            try nats.run(into: &results)
            return try write(results)
        }

        // 1. Library throughput.
        let library = LibraryBenchmark(pipeline: pipeline, corpus: corpus)
        if let loops = profileLoops {
            let seconds = try library.profile(stage: profileStage, runs: loops)
            print(String(format: "profile loop: best of %d runs %.3f s, %.1f MB/s", loops, seconds, megabytes / seconds))
            return
        }
        let runs = smoke ? 1 : 3
        let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("watcherd-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: work) }
        if commandsOnly {
            let one = library.time(threads: 1, runs: runs)
            let all = library.time(threads: ProcessInfo.processInfo.activeProcessorCount, runs: runs)
            let toggled = Self.toggled(library)?.benchmark.time(threads: 1, runs: runs)
            try commandFigures(corpus: corpus, generator: &generator, pipeline: pipeline, work: work, megabytes: megabytes,
                               library: (one, all, toggled), runs: runs, into: &results)
            return try write(results)
        }
        if !daemonOnly {
            let times = libraryFigures(library, pathological: pathological, count: count, megabytes: megabytes, runs: runs, into: &results)
            let kept = smoke ? 2_000 : 20_000
            let decide = try await StoryMemoryBenchmark.microsecondsPerDecision(stories: kept, articles: 1_000, seed: seed)
            print(row("   story memory, \(kept) stories kept", String(format: "%.0f µs per article", decide), "compared with the stories sharing a band, serially"))
            results["story_decide_us"] = ["stories": kept, "microseconds": decide]
            if libraryOnly { return try write(results) }
            try commandFigures(corpus: corpus, generator: &generator, pipeline: pipeline, work: work, megabytes: megabytes,
                               library: (times.oneCore, times.allCores, times.toggledOneCore), runs: runs, into: &results)
            try baselineFigures(corpus: corpus, aliases: Baselines.aliases(rules: rules, gazetteer: recognizer.gazetteer),
                                work: work, megabytes: megabytes, library: times, runs: runs, into: &results)
        }
        try daemonFigures(corpus: corpus, work: work, into: &results)
        try write(results)
    }

    /// The library's times that the baselines are compared with.
    private struct LibraryTimes {
        let oneCore: Double
        let allCores: Double
        let stages: [LibraryBenchmark.StageFigure]
        /// One core with the name tagger the other way round from the run's recogniser (off when it tags), for the
        /// on/off comparison.
        let toggledOneCore: Double?
    }

    /// Section 1: decode → parse → entities → rules → JSON on one and all cores, per stage, and the pathological inputs.
    private func libraryFigures(_ library: LibraryBenchmark, pathological: [CorpusGenerator.Article], count: Int, megabytes: Double,
                                runs: Int, into results: inout [String: Any]) -> LibraryTimes {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let one = library.time(threads: 1, runs: runs)
        let all = library.time(threads: cores, runs: runs)
        print("\n1. library, decode → parse → entities → rules → JSON (no file I/O)")
        print(row("1 core", "\(Int(Double(count) / one)) articles/s", String(format: "%.1f MB/s", megabytes / one)))
        print(row("\(cores) cores", "\(Int(Double(count) / all)) articles/s", String(format: "%.1f MB/s  (×%.2f)", megabytes / all, one / all)))
        results["library"] = ["one_core_seconds": one, "one_core_mb_s": megabytes / one, "one_core_articles_s": Double(count) / one,
                              "all_cores_seconds": all, "all_cores_mb_s": megabytes / all, "scaling": one / all]
        print("   stages, 1 core:")
        var stageResults: [String: Double] = [:]
        let stages = library.stages(runs: runs)
        for stage in stages {
            print(row("   " + stage.name, String(format: "%.1f MB/s", stage.megabytesPerSecond), ""))
            stageResults[stage.name] = stage.megabytesPerSecond
        }
        results["stages_mb_s"] = stageResults
        let toggled = taggerFigures(library, oneCore: one, megabytes: megabytes, runs: runs, into: &results)
        for article in pathological {
            let seconds = Stopwatch.best(runs: 1) { _ = library.processOne(article) }
            print(row("   pathological " + article.name, String(format: "%.0f KB", Double(article.bytes.count) / 1024), String(format: "%.0f ms", seconds * 1000)))
        }
        return LibraryTimes(oneCore: one, allCores: all, stages: stages, toggledOneCore: toggled)
    }

    /// The name tagger's cost (issue 18, targets: entity stage ≥ 30 MB/s and the whole library pipeline ≥ 20 MB/s on
    /// one core with it on): the entity stage with the tagger, and the pipeline with it on and off, whichever of the
    /// two the run's recogniser is. Returns the one-core time of the other one (nil without an embedded model).
    private func taggerFigures(_ library: LibraryBenchmark, oneCore: Double, megabytes: Double, runs: Int,
                               into results: inout [String: Any]) -> Double? {
        guard let (other, otherTags) = Self.toggled(library) else {
            print("   (no name tagger model is embedded: no on/off figures)")
            return nil
        }
        let otherOneCore = other.time(threads: 1, runs: runs)
        let entities = (otherTags ? other : library).entitySeconds(runs: runs)
        let (on, off) = otherTags ? (otherOneCore, oneCore) : (oneCore, otherOneCore)
        print("   the name tagger (\(otherTags ? "off" : "on") by default), 1 core:")
        print(row("   entity recognition with the tagger", String(format: "%.1f MB/s", megabytes / entities), "target ≥ 30"))
        print(row("   whole library pipeline, tagger on / off", String(format: "%.1f MB/s", megabytes / on),
                  String(format: "%.1f MB/s; target ≥ 20 with it on", megabytes / off)))
        results["name_tagger"] = ["entities_mb_s": megabytes / entities, "one_core_mb_s": megabytes / on,
                                  "off_one_core_mb_s": megabytes / off, "on_by_default": !otherTags]
        return otherOneCore
    }

    /// The same library loop with the embedded name tagger the other way round from the run's recogniser, and
    /// whether that one tags; nil when no model is embedded.
    private static func toggled(_ library: LibraryBenchmark) -> (benchmark: LibraryBenchmark, tags: Bool)? {
        guard let recognizer = library.pipeline.recognizer, let tagger = NameTagger.embedded else { return nil }
        let other = recognizer.tagger == nil ? recognizer.with(tagger: tagger) : recognizer.with(tagger: nil)
        return (LibraryBenchmark(pipeline: Pipeline(recognizer: other, rules: library.pipeline.rules), corpus: library.corpus),
                recognizer.tagger == nil)
    }

    /// Section 5: the commands a user runs, as whole processes, next to the library: `watcherd process` over the
    /// corpus files (start-up, reading and writing included), a Windows-1256 article against its UTF-8 copy, and
    /// `watcherd replay` over generated article records.
    private func commandFigures(corpus: [CorpusGenerator.Article], generator: inout CorpusGenerator, pipeline: Pipeline, work: URL,
                                megabytes: Double, library: (one: Double, all: Double, toggled: Double?), runs: Int,
                                into results: inout [String: Any]) throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchError("no watcherd binary at \(binary); run make build") }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let commands = CommandBenchmark(binary: binary, work: work.appendingPathComponent("commands"))
        try FileManager.default.createDirectory(at: commands.work, withIntermediateDirectories: true)
        let paths = try commands.writeCorpus(corpus, folder: "corpus")
        let process = try commands.processFigures(paths: paths, folder: commands.work.appendingPathComponent("corpus").path, cores: cores, runs: runs)
        print("\n5. commands, as a user runs them (whole processes, release build)")
        print(row("library, 1 core / \(cores) cores", String(format: "%.1f MB/s", megabytes / library.one),
                  String(format: "%.1f MB/s  (×%.2f)", megabytes / library.all, library.one / library.all)))
        print(row("watcherd process --workers 1", String(format: "%.1f MB/s", megabytes / process.oneCore),
                  String(format: "%.0f articles/s; %.0f%% of the library's time is outside it", Double(corpus.count) / process.oneCore,
                         100 * (process.oneCore - library.one) / process.oneCore)))
        print(row("watcherd process --workers \(cores)", String(format: "%.1f MB/s", megabytes / process.allCores),
                  String(format: "×%.2f of 1 worker; records to a file, %.0f MB", process.oneCore / process.allCores, Double(process.outputBytes) / 1e6)))
        print(row("   per CPU-second, 1 / \(cores) workers", String(format: "%.1f MB/s", megabytes / process.oneCoreCPU),
                  String(format: "%.1f MB/s (user + system time: what load on a shared machine does not inflate)", megabytes / process.allCoresCPU)))
        print(row("   start-up + one article", String(format: "%.0f ms", process.startupSeconds * 1000), "load tables, gazetteer, rules; exit"))
        if let toggledLibrary = library.toggled {
            // Issue 18's target: the whole pipeline ≥ 20 MB/s on one core with the name tagger on, as the library and
            // as the command, next to the figure with it off (a configuration file that turns it the other way round
            // from the embedded defaults).
            let defaultTags = pipeline.recognizer?.tagger != nil
            let other = try commands.processWithConfig("name_tagger: \(!defaultTags)\n", folder: commands.work.appendingPathComponent("corpus").path,
                                                       runs: runs)
            let library = defaultTags ? (on: library.one, off: toggledLibrary) : (on: toggledLibrary, off: library.one)
            let wall = defaultTags ? (on: process.oneCore, off: other.seconds) : (on: other.seconds, off: process.oneCore)
            let cpu = defaultTags ? (on: process.oneCoreCPU, off: other.cpu) : (on: other.cpu, off: process.oneCoreCPU)
            print("   the name tagger (\(defaultTags ? "on" : "off") by default) on and off, 1 core (target ≥ 20 MB/s with it on):")
            print(row("   library pipeline, tagger on / off", String(format: "%.1f MB/s", megabytes / library.on),
                      String(format: "%.1f MB/s", megabytes / library.off)))
            print(row("   process --workers 1, tagger on / off", String(format: "%.1f MB/s", megabytes / wall.on),
                      String(format: "%.1f MB/s (wall clock)", megabytes / wall.off)))
            print(row("      per CPU-second, tagger on / off", String(format: "%.1f MB/s", megabytes / cpu.on),
                      String(format: "%.1f MB/s (user + system time)", megabytes / cpu.off)))
            results["process_name_tagger"] = ["library_one_core_mb_s": megabytes / library.on, "one_core_mb_s": megabytes / wall.on,
                                              "one_core_mb_per_cpu_s": megabytes / cpu.on, "off_one_core_mb_per_cpu_s": megabytes / cpu.off]
        }
        results["process"] = ["one_core_seconds": process.oneCore, "one_core_mb_s": megabytes / process.oneCore,
                              "all_cores_seconds": process.allCores, "all_cores_mb_s": megabytes / process.allCores,
                              "scaling": process.oneCore / process.allCores, "startup_ms": process.startupSeconds * 1000,
                              "library_one_core_mb_s": megabytes / library.one, "one_core_mb_per_cpu_s": megabytes / process.oneCoreCPU,
                              "all_cores_mb_per_cpu_s": megabytes / process.allCoresCPU]

        let sample = Array(corpus.prefix(smoke ? 100 : 1_000))
        let codepage = try CodepageBenchmark.measure(pipeline: pipeline, corpus: sample, runs: smoke ? 1 : 5, work: commands.work)
        print(row("Windows-1256 against its UTF-8 copy", String(format: "×%.2f per article", codepage.windowsSeconds / codepage.utf8Seconds),
                  String(format: "%d articles, %.1f MB; decoding alone %.0f vs %.0f MB/s", codepage.articles, codepage.megabytes,
                         codepage.megabytes / codepage.windowsDecodeSeconds, codepage.megabytes / codepage.utf8DecodeSeconds)))
        results["windows_1256"] = ["ratio": codepage.windowsSeconds / codepage.utf8Seconds, "articles": codepage.articles,
                                   "decode_mb_s": codepage.megabytes / codepage.windowsDecodeSeconds,
                                   "utf8_decode_mb_s": codepage.megabytes / codepage.utf8DecodeSeconds]

        let records = smoke ? min(replayRecords, 300) : replayRecords
        guard records > 0 else { return }
        let generateStart = Stopwatch.now()
        let (log, textBytes) = try commands.writeRecords(count: records, generator: &generator, pipeline: pipeline, end: .now())
        let generated = Stopwatch.now() - generateStart
        let replayOne = try commands.time(["replay", "--articles", log.path, "--workers", "1"], runs: smoke ? 1 : 2)
        let replayAll = try commands.time(["replay", "--articles", log.path, "--workers", "\(cores)"], runs: smoke ? 1 : 2)
        let logSize = ((try? FileManager.default.attributesOfItem(atPath: log.path))?[.size] as? Int) ?? 0
        print(row("watcherd replay --workers 1, \(records) records", String(format: "%.0f articles/s", Double(records) / replayOne.seconds),
                  String(format: "%.1f MB/s of text; log %.0f MB (written in %.0f s)", Double(textBytes) / 1e6 / replayOne.seconds,
                         Double(logSize) / 1e6, generated)))
        print(row("watcherd replay --workers \(cores)", String(format: "%.0f articles/s", Double(records) / replayAll.seconds),
                  String(format: "×%.2f of 1 worker", replayOne.seconds / replayAll.seconds)))
        print(row("   per CPU-second, 1 / \(cores) workers", String(format: "%.0f articles/s", Double(records) / replayOne.cpu),
                  String(format: "%.0f articles/s", Double(records) / replayAll.cpu)))
        results["replay"] = ["records": records, "one_core_articles_s": Double(records) / replayOne.seconds,
                             "all_cores_articles_s": Double(records) / replayAll.seconds, "scaling": replayOne.seconds / replayAll.seconds,
                             "log_bytes": logSize, "one_core_articles_per_cpu_s": Double(records) / replayOne.cpu,
                             "all_cores_articles_per_cpu_s": Double(records) / replayAll.cpu]
    }

    /// Section 4: `grep -F -c -f <aliases>` and `cat` over the same files, as ratios of the library's times, and each
    /// stage's one-core time as a multiple of grep's: where the distance to the grep floor comes from.
    private func baselineFigures(corpus: [CorpusGenerator.Article], aliases: [String], work: URL, megabytes: Double, library: LibraryTimes,
                                 runs: Int, into results: inout [String: Any]) throws {
        let one = library.oneCore
        let corpusFolder = work.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpusFolder, withIntermediateDirectories: true)
        for article in corpus { try Data(article.bytes).write(to: corpusFolder.appendingPathComponent(article.name)) }
        let keywordFile = work.appendingPathComponent("keywords.txt")
        try Data(aliases.joined(separator: "\n").utf8).write(to: keywordFile)
        let grep = try Baselines.time("LC_ALL=C grep -F -c -r -f '\(keywordFile.path)' '\(corpusFolder.path)'", runs: runs)
        let cat = try Baselines.time("cat '\(corpusFolder.path)'/* > /dev/null", runs: runs)
        print("\n4. baselines on the same \(corpus.count) files (\(aliases.count) aliases for grep)")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(row("grep -F -c -f aliases", String(format: "%.3f s", grep),
                  String(format: "%.1f MB/s; watcherd is ×%.1f its time on 1 core, ×%.1f on %d", megabytes / grep, one / grep, library.allCores / grep, cores)))
        print(row("cat > /dev/null", String(format: "%.3f s", cat), String(format: "%.1f MB/s; watcherd 1 core is ×%.0f its time", megabytes / cat, one / cat)))
        let parts = library.stages.filter(\.isPipelineStage)
        print("   each stage alone on 1 core, as a multiple of grep's time (×5 of grep is \(String(format: "%.2f s", 5 * grep))):")
        var stageRatios: [String: Double] = [:]
        for stage in parts {
            print(row("   " + stage.name, String(format: "%.3f s", stage.seconds), String(format: "×%.1f", stage.seconds / grep)))
            stageRatios[stage.name] = stage.seconds / grep
        }
        let overFloor = parts.filter { $0.seconds > 5 * grep }.count
        print("   stages that on their own take longer than ×5 of grep: \(overFloor) of \(parts.count)")
        results["baselines"] = ["grep_seconds": grep, "cat_seconds": cat, "aliases": aliases.count,
                                "ratio_to_grep": one / grep, "ratio_to_grep_all_cores": library.allCores / grep, "ratio_to_cat": one / cat,
                                "stage_ratio_to_grep": stageRatios, "stages_over_five_times_grep": overFloor]
    }

    /// Sections 2 and 3: the real daemon's READY time, drop → record/alert latency at fixed rates, and peak memory.
    private func daemonFigures(corpus: [CorpusGenerator.Article], work: URL, into results: inout [String: Any]) throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchError("no watcherd binary at \(binary); run make build") }
        let daemon = DaemonBenchmark(binary: binary, root: work.appendingPathComponent("daemon"))
        defer { daemon.stop() }
        // With --name-tagger the daemon runs the tagger too, so its memory and latency figures are the tagger's.
        let ready = try daemon.start(extraConfig: nameTagger ? "name_tagger: true" : "")
        print("\n2. daemon: drop (rename) → record line / alert line, milliseconds")
        print("   rate/s   files   record p50    p95    p99    max   alert p99   lost")
        let rates = smoke ? [50] : self.rates.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var offset = 0
        var rateResults: [[String: Any]] = []
        var sustained = 0
        var csv = "rate,file,bytes,dropped_s,record_ms,alert_ms\n"
        for rate in rates {
            let files = max(20, Int(Double(rate) * (smoke ? 1 : seconds)))
            let r = try daemon.run(rate: rate, count: files, corpus: corpus, offset: offset)
            offset += files
            for sample in r.samples {
                csv += "\(rate),\(sample.name),\(sample.bytes),\(String(format: "%.4f", sample.dropped)),"
                    + "\(sample.recordMilliseconds.map { String(format: "%.2f", $0) } ?? ""),\(sample.alertMilliseconds.map { String(format: "%.2f", $0) } ?? "")\n"
            }
            print(String(format: "   %6d  %6d  %11.1f %6.1f %6.1f %6.1f  %10.1f  %5d", rate, files, r.record.at(50), r.record.at(95), r.record.at(99), r.record.max, r.alert.at(99), r.lost))
            rateResults.append(["rate": rate, "files": files, "p50_ms": r.record.at(50), "p95_ms": r.record.at(95), "p99_ms": r.record.at(99),
                                "max_ms": r.record.max, "alert_p99_ms": r.alert.at(99), "lost": r.lost])
            if r.lost > 0 && smoke { throw BenchError("the daemon did not record \(r.lost) files at \(rate)/s") }
            if r.record.at(99) <= 100 { sustained = rate }
        }
        if let latencyCSV { try Data(csv.utf8).write(to: URL(fileURLWithPath: latencyCSV)) }
        print("   highest rate tried with p99 ≤ 100 ms: \(sustained)/s (files not recorded within the wait count as lost)")
        var backlogResult: [String: Any] = [:]
        let burst = smoke ? min(backlog, 200) : backlog
        if burst > 0 {
            // Every file renamed in as fast as one thread can: the daemon's throughput with I/O, fsync and alerts.
            let r = try daemon.run(rate: 1_000_000, count: burst, corpus: corpus, offset: offset)
            let seconds = r.samples.compactMap { sample in sample.recordMilliseconds.map { sample.dropped + $0 / 1000 } }.max() ?? .nan
            let megabytes = Double(r.samples.reduce(0) { $0 + $1.bytes }) / 1e6
            print(String(format: "   backlog: %d files (%.1f MB) dropped at once, all recorded after %.2f s: %.0f files/s, %.1f MB/s; lost %d",
                         burst, megabytes, seconds, Double(burst) / seconds, megabytes / seconds, r.lost))
            backlogResult = ["files": burst, "megabytes": megabytes, "seconds": seconds, "files_s": Double(burst) / seconds,
                             "mb_s": megabytes / seconds, "lost": r.lost]
            if r.lost > 0 && smoke { throw BenchError("the daemon did not record \(r.lost) files of the backlog") }
        }
        let rss = daemon.peakRSSMegabytes()
        let linking = daemon.swiftRuntimeLinking() ?? "unknown"
        daemon.stop()
        results["daemon"] = ["binary": binary, "swift_runtime": linking, "ready_ms": ready, "rates": rateResults, "sustained_rate": sustained, "peak_rss_mib": rss, "backlog": backlogResult]
        print("\n3. memory and start-up")
        print("   binary: \(binary); Swift runtime and Foundation: \(linking)")
        print(row("READY after start (empty backlog)", String(format: "%.0f ms", ready), ""))
        print(row("peak RSS, shipped gazetteer", String(format: "%.1f MiB", rss), "after all the runs above"))
        if !smoke {
            let big = DaemonBenchmark(binary: binary, root: work.appendingPathComponent("daemon-10k"))
            let synthetic = work.appendingPathComponent("synthetic.yaml")
            try Data(SyntheticGazetteer.yaml(count: 10_000).utf8).write(to: synthetic)
            defer { big.stop() }
            let bigReady = try big.start(extraConfig: "gazetteers: [\(synthetic.path)]" + (nameTagger ? "\nname_tagger: true" : ""))
            _ = try big.run(rate: 200, count: 500, corpus: corpus, offset: 0)
            let bigRSS = big.peakRSSMegabytes()
            big.stop()
            print(row("READY, +10,000 synthetic actors", String(format: "%.0f ms", bigReady), ""))
            print(row("peak RSS, +10,000 synthetic actors", String(format: "%.1f MiB", bigRSS), "after 500 files"))
            results["daemon_10k"] = ["ready_ms": bigReady, "peak_rss_mib": bigRSS]
        }
    }

    /// Section 5: the daemon with `entries` recorded files in its ledger index against an empty one.
    private func ledgerFigures(entries: Int, corpus: [CorpusGenerator.Article], work: URL, into results: inout [String: Any]) throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchError("no watcherd binary at \(binary); run make build") }
        let files = smoke ? min(ledgerFiles, 200) : ledgerFiles
        let bench = LedgerBenchmark(binary: binary, work: work, corpus: corpus, files: files)
        print("\n5. ledger index: the daemon with \(entries) recorded files (keys and drops written straight into the index by this")
        print("   tool, not through the daemon) against an empty one; each round drops \(files) new files at once, then \(LedgerBenchmark.seededCount) files whose")
        print("   keys were put in the index beforehand (each must be moved away as a duplicate, with no record)")
        print("   entries      build   index    READY  READY again   ingest files/s   peak RSS   lost   seeded recorded")
        var rows: [[String: Any]] = []
        var figures: [LedgerBenchmark.Figures] = []
        let prepared = try [0, entries].map { try bench.prepare(entries: $0) }
        var probes: [[String: Any]] = []
        for (n, build) in zip([0, entries], prepared) {
            let probe = try bench.probe(root: build.root)
            print(String(format: "   index alone, %d entries: built in %.1f s, %.0f MB; opened in %.1f ms; a key not in it looked up in %.1f µs",
                         n, build.seconds, build.megabytes, probe.openMilliseconds, probe.lookupMicroseconds))
            probes.append(["entries": n, "open_ms": probe.openMilliseconds, "lookup_us": probe.lookupMicroseconds])
        }
        // Rounds alternate between the two, so a machine that gets busier or quieter mid-run affects both alike.
        for round in 0..<(smoke ? 1 : ledgerRounds) {
          for (n, build) in zip([0, entries], prepared) {
            let f = try bench.measure(root: build.root, entries: n, round: round, build: (build.seconds, build.megabytes))
            figures.append(f)
            print(String(format: "   %9d  %7.1f s %5.0f MB %6.0f ms %8.0f ms   %14.0f   %6.1f MiB %5d   %15d",
                         f.entries, f.buildSeconds, f.indexMegabytes, f.ready, f.readyAfterRestart, f.filesPerSecond, f.peakRSS, f.lost, f.seededRecorded))
            rows.append(["entries": f.entries, "build_s": f.buildSeconds, "index_mb": f.indexMegabytes, "ready_ms": f.ready,
                         "ready_after_restart_ms": f.readyAfterRestart, "files_s": f.filesPerSecond, "peak_rss_mib": f.peakRSS,
                         "lost": f.lost, "seeded_recorded": f.seededRecorded])
            if f.lost > 0 || f.seededRecorded > 0 {
                throw BenchError("ledger with \(n) entries: \(f.lost) new files not recorded, \(f.seededRecorded) recorded files recorded again")
            }
          }
        }
        // Files per second over all rounds: total files over total time, for each ledger size.
        func speed(_ n: Int) -> Double {
            let runs = figures.filter { $0.entries == n }
            return Double(runs.count) / runs.map { 1 / $0.filesPerSecond }.reduce(0, +)
        }
        let ratio = speed(entries) / speed(0)
        print(String(format: "   ingest speed over all rounds: %.0f files/s empty, %.0f with %d entries: %.2f × the empty ledger's",
                     speed(0), speed(entries), entries, ratio))
        results["ledger"] = ["runs": rows, "speed_ratio": ratio, "index": probes]
    }

    private func write(_ results: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: json))
        print("\nresults written to \(json)")
    }

    private func row(_ a: String, _ b: String, _ c: String) -> String {
        a.padding(toLength: 44, withPad: " ", startingAt: 0) + b.padding(toLength: 20, withPad: " ", startingAt: 0) + c
    }
}
