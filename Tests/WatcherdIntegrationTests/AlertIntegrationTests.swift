import Foundation
import Testing

/// Alerts end to end through the real binary: the embedded watchlist on the seeds, repeats across a restart, rule
/// reloads, journal lines and the exec hook.
@Suite(.serialized)
struct AlertIntegrationTests {
    static let seeds = DaemonHarness.packageRoot.appendingPathComponent("seeds")
    static let hooks = DaemonHarness.packageRoot.appendingPathComponent("Tests/Fixtures/hooks")

    static func seedData(_ prefix: String) throws -> (String, Data) {
        let name = try FileManager.default.contentsOfDirectory(atPath: seeds.path).first { $0.hasPrefix(prefix) }!
        return (name, try Data(contentsOf: seeds.appendingPathComponent(name)))
    }

    func alerts(_ daemon: DaemonHarness) -> [[String: Any]] { daemon.records(daemon.alerts) }

    @Test func droppingTheSeedsRaisesTheWatchlistAlerts() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        for prefix in ["000", "001", "002", "003", "004"] {
            let (name, data) = try Self.seedData(prefix)
            try daemon.dropAtomically(name, data)
        }
        let records = try daemon.waitForRecords(5)
        try daemon.waitUntil(timeout: .seconds(10), "alerts") { self.alerts(daemon).count >= 19 }
        let alerts = alerts(daemon)
        #expect(alerts.count == 19)
        func rules(_ prefix: String) -> Set<String> {
            Set(alerts.filter { ($0["file"] as? String)?.hasPrefix(prefix) == true }.compactMap { $0["rule"] as? String })
        }
        #expect(rules("000").contains("militia-threat-us-forces"))
        #expect(rules("003").contains("attack-on-bases-or-green-zone"))
        #expect(rules("004").contains("factions-resume-attacks"))
        for prefix in ["000", "001", "002", "004"] { #expect(rules(prefix).contains("us-coalition-withdrawal")) }
        // Each article record lists the rules it fired and its story; alerts point back to it.
        for record in records {
            let id = record["id"] as? String
            let fired = Set(record["alerts"] as? [String] ?? [])
            #expect(fired == Set(alerts.filter { $0["article"] as? String == id }.compactMap { $0["rule"] as? String }))
            #expect((record["story"] as? String)?.hasPrefix("story:") == true)
        }
        #expect(alerts.allSatisfy { ($0["snippet"] as? String)?.isEmpty == false && $0["repeat_of"] is NSNull })
        // One log line per alert at the severity's level; the journal gets them once the records are durable.
        let journalLines = { daemon.logText().components(separatedBy: " error alert: militia-threat-us-forces").count - 1 }
        try daemon.waitUntil(timeout: .seconds(10), "the alerts' log lines") { journalLines() >= 3 }
        #expect(journalLines() == 3)
        #expect(try daemon.stop() == 0)
    }

    /// Keywords matching the same words (طائرة مسيرة and بطائرة مسيرة in seed 3) come in one order in every run:
    /// they were ordered through a `Set`, whose order changes with each process's hash seed.
    @Test func theSameSeedsGiveTheSameAlertsInEveryRun() throws {
        let seeds = try FileManager.default.contentsOfDirectory(atPath: DaemonHarness.packageRoot.appendingPathComponent("seeds").path)
            .sorted().map { DaemonHarness.packageRoot.appendingPathComponent("seeds/" + $0).path }
        func alerts() throws -> [String] {
            let result = try runWatcherd(["process", "--show-alerts"] + seeds)
            return result.output.split(separator: "\n").filter { $0.contains("\"rule\":") }.map {
                $0.replacingOccurrences(of: #""at":"[^"]*""#, with: "", options: .regularExpression)
            }
        }
        let first = try alerts()
        #expect(first.count >= 5)
        for _ in 0..<4 { #expect(try alerts() == first) }
    }

    /// `process … > file` on a full disk wrote a part of the records, dropped the rest and exited 0. A failed write
    /// to stdout is now an error that says the output is incomplete, and exit 1.
    @Test(arguments: [["process"], ["process", "--show-alerts"], ["tail", "--no-follow"]])
    func aFullStdoutIsAnError(command: [String]) throws {
        let daemon = try DaemonHarness()
        let seeds = try FileManager.default.contentsOfDirectory(atPath: DaemonHarness.packageRoot.appendingPathComponent("seeds").path)
            .sorted().map { DaemonHarness.packageRoot.appendingPathComponent("seeds/" + $0).path }
        var arguments = command + seeds
        if command[0] == "tail" {
            let records = try runWatcherd(["process", "--show-alerts"] + seeds)
            let alerts = records.output.split(separator: "\n").filter { $0.contains("\"rule\":") }.joined(separator: "\n") + "\n"
            try FileManager.default.createDirectory(at: daemon.out, withIntermediateDirectories: true)
            try Data(alerts.utf8).write(to: daemon.alerts)
            arguments = command + ["--alerts", daemon.alerts.path]
        }
        let process = Process()
        process.executableURL = DaemonHarness.binary
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("cannot write") && stderr.contains("the output is incomplete"), "\(stderr)")
    }

    @Test func tailShowsFilteredAlertsAsTextOrJSON() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let (name, data) = try Self.seedData("004")
        try daemon.dropAtomically(name, data)
        try daemon.waitUntil(timeout: .seconds(10), "alerts") { self.alerts(daemon).count == 6 }
        let options = ["--alerts", daemon.alerts.path, "--no-follow"]
        let high = try runWatcherd(["tail", "--json", "--severity", "high"] + options)
        let rules = high.output.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["rule"] as? String
        }
        #expect(Set(rules) == ["militia-threat-us-forces", "factions-resume-attacks", "attack-on-bases-or-green-zone"])
        let one = try runWatcherd(["tail", "--rule", "isis-resurgence"] + options)
        let lines = one.output.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("MEDIUM") == true && lines.first?.contains("isis-resurgence") == true)
        #expect(lines.first?.contains("أميركا تشعل الغضب") == true, "the title is shown")
        #expect(try runWatcherd(["tail", "--since", "yesterday"] + options).exitCode != 0, "a bad --since is refused")
        // A time without its zone, or with more after the date, was read as that day's midnight UTC; an age too
        // large for the clock crashed. Each is refused now, for tail and replay alike.
        for bad in ["2026-12-07T21:59:30", "2026-12-07xyz", "2026-12-07 21:59", "1e20d", "nanh"] {
            let tail = try runWatcherd(["tail", "--since", bad] + options)
            #expect(tail.exitCode == 64, "tail --since \(bad): \(tail.output)")
            let replay = try runWatcherd(["replay", "--since", bad])
            #expect(replay.exitCode == 64, "replay --since \(bad): \(replay.output)")
        }
        #expect(try runWatcherd(["replay", "--since", "2h", "--until", "3h"]).exitCode == 64, "an empty window is refused")
        #expect(try runWatcherd(["report", "--since", "1e20d"]).exitCode == 64, "report --since 1e20d")
        #expect(try daemon.stop() == 0)
    }

    /// `tail --since` reads the copies logrotate left (here one plain, one gzip) before the live log, oldest first;
    /// a copy of the span's start used to be skipped without a word. A log that is not there is said, not waited on.
    @Test func tailSinceReadsTheRotatedCopies() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("watcherd-tail-\(getpid())-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let log = root.appendingPathComponent("alerts.jsonl")
        let config = root.appendingPathComponent("watcherd.yaml")
        try Data("output:\n  alerts: \(log.path)\n".utf8).write(to: config)
        func line(_ n: Int, minutesAgo: Int) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let at = formatter.string(from: Date().addingTimeInterval(-Double(minutesAgo) * 60))
            return #"{"id":"alert:\#(n)","at":"\#(at)","rule":"r\#(n)","severity":"high","description":"d","file":"f.txt","title":"t","snippet":"s"}"#
        }
        try Data((line(1, minutesAgo: 50) + "\n").utf8).write(to: root.appendingPathComponent("alerts.jsonl.2"))
        try Data((line(2, minutesAgo: 40) + "\n").utf8).write(to: root.appendingPathComponent("alerts.jsonl.1"))
        try Data((line(3, minutesAgo: 30) + "\n").utf8).write(to: log)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = [root.appendingPathComponent("alerts.jsonl.2").path]
        try gzip.run()
        gzip.waitUntilExit()
        let result = try runWatcherd(["tail", "--config", config.path, "--since", "1h", "--no-follow", "--json"])
        let ids = result.output.split(separator: "\n").compactMap { row in
            (try? JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == ["alert:1", "alert:2", "alert:3"], "\(result.output)")
        try FileManager.default.removeItem(at: log)
        let missing = try runWatcherd(["tail", "--config", config.path, "--no-follow"])
        #expect(missing.exitCode == 1 && missing.output.contains("no alert log at"), "\(missing.output)")
    }

    /// The tail as a user sees it in a terminal (a pseudo-terminal from `script`): real ESC bytes colour the severity
    /// and rule, while an ESC inside an article's title is shown as text and cannot recolour or move the cursor.
    @Test func tailColoursARealTerminalAndEscapesOnlyTheArticle() throws {
        let directory = try DaemonHarness()
        let log = directory.root.appendingPathComponent("alerts.jsonl")
        let alert = #"{"id":"a1","at":"2024-07-24T10:15:02.000Z","rule":"militia-threat-us-forces","severity":"high","title":"عنوان \u001b[2Jمزور","source":"الشرق","published":"2024-07-24","snippet":"جملة\nثانية"}"#
        try Data((alert + "\n").utf8).write(to: log)
        func underTerminal(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
            let command = ([DaemonHarness.binary.path, "tail", "--alerts", log.path, "--no-follow"] + arguments)
                .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qfec", command, "/dev/null"]
            var env = ProcessInfo.processInfo.environment
            env["NO_COLOR"] = nil
            env["TERM"] = "xterm-256color"
            for (key, value) in environment { env[key] = value }
            process.environment = env
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return String(decoding: data, as: UTF8.self)
        }
        let coloured = try underTerminal([])
        #expect(coloured.contains("\u{1B}[1;31mHIGH"), "a real ESC starts the severity's colour")
        #expect(coloured.contains("\u{1B}[1mmilitia-threat-us-forces\u{1B}[0m"))
        #expect(!coloured.contains("\\u{1b}[1;31m") && !coloured.contains("\\u{1b}[0m"), "the tail's own codes are not escaped")
        #expect(coloured.contains("عنوان \\u{1b}[2Jمزور"), "an ESC from the article is shown as text")
        #expect(!coloured.contains("\u{1B}[2J"))
        #expect(coloured.contains("جملة ثانية"))
        let plainByEnv = try underTerminal([], environment: ["NO_COLOR": "1"])
        #expect(!plainByEnv.contains("\u{1B}[1"), "NO_COLOR turns colour off")
        #expect(plainByEnv.contains("HIGH"))
        #expect(!(try underTerminal(["--color", "never"])).contains("\u{1B}[1"))
        // Piped (not a terminal): plain unless asked.
        let piped = try runWatcherd(["tail", "--alerts", log.path, "--no-follow"])
        #expect(!piped.output.contains("\u{1B}") && piped.output.contains("HIGH"))
        #expect(try runWatcherd(["tail", "--alerts", log.path, "--no-follow", "--color", "always"]).output.contains("\u{1B}[1;31mHIGH"))
    }

    @Test func aRepublishedStoryRepeatsEvenAfterARestart() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let (name, data) = try Self.seedData("001")
        try daemon.dropAtomically(name, data)
        try daemon.waitForRecords(1)
        try daemon.waitUntil(timeout: .seconds(10), "first alerts") { self.alerts(daemon).count == 2 }
        #expect(try daemon.stop() == 0)
        try daemon.start()
        // Another outlet's lightly edited copy: new title line, its own source line.
        var text = String(decoding: data, as: UTF8.self)
        text = "عاجل: " + text.replacingOccurrences(of: "الأربعاء 2024/07/24", with: "المصدر: وكالات\nالأربعاء 2024/07/24")
        try daemon.dropAtomically("other-outlet.txt", Data(text.utf8))
        try daemon.waitForRecords(2)
        try daemon.waitUntil(timeout: .seconds(10), "repeats") { self.alerts(daemon).count == 4 }
        let alerts = alerts(daemon)
        let first = alerts.prefix(2), repeats = alerts.suffix(2)
        for alert in repeats {
            let original = first.first { $0["rule"] as? String == alert["rule"] as? String }
            #expect(alert["repeat_of"] as? String == original?["id"] as? String)
            #expect(alert["story"] as? String == original?["story"] as? String)
        }
        #expect(try daemon.stop() == 0)
    }

    /// Many copies of one story at once, processed concurrently: the alert log is in the order the story memory
    /// decided, so every `repeat_of` names an alert on a line above it, and each rule alerts once.
    @Test func concurrentCopiesOfAStoryRepeatAnAlertAboveThem() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let (name, data) = try Self.seedData("001")
        let copies = 40
        for n in 0..<copies {
            try daemon.dropAtomically("copy\(n)-" + name, data + Data("\nنسخة رقم \(n)\n".utf8))
        }
        try daemon.waitForRecords(copies)
        try daemon.waitUntil(timeout: .seconds(10), "alerts") { self.alerts(daemon).count == 2 * copies }
        var above = Set<String>()
        for alert in alerts(daemon) {
            if let original = alert["repeat_of"] as? String {
                #expect(above.contains(original), "\(alert["id"] ?? "") repeats \(original), which is not above it")
            }
            above.insert(alert["id"] as? String ?? "")
        }
        #expect(alerts(daemon).filter { $0["repeat_of"] is NSNull }.count == 2)
        #expect(try daemon.stop() == 0)
    }

    @Test func sighupLoadsNewRulesAndRefusesBrokenOnes() throws {
        let daemon = try DaemonHarness()
        let rules = daemon.root.appendingPathComponent("rules.yaml")
        let config = daemon.root.appendingPathComponent("watcherd.yaml")
        try Data("alerts:\n  watchlist: false\n  rule_files: [\(rules.path)]\n".utf8).write(to: config)
        try Data("rules:\n  - id: baghdad\n    severity: low\n    when:\n      actors: [baghdad]\n".utf8).write(to: rules)
        daemon.extraArguments = ["--config", config.path]
        try daemon.start()
        try daemon.dropAtomically("a.txt", Data("خبر أول\n\nاجتماع في بغداد وطهران اليوم.".utf8))
        try daemon.waitForRecords(1)
        try daemon.waitUntil(timeout: .seconds(10), "first alert") { self.alerts(daemon).count == 1 }
        // A broken rules file: the old rules stay.
        try Data("rules:\n  - id: broken\n    severity: low\n    when:\n      actors: [no-such-actor]\n".utf8).write(to: rules)
        daemon.signal(SIGHUP)
        try daemon.waitUntil(timeout: .seconds(10), "refused") { daemon.logText().contains("configuration not reloaded") }
        #expect(daemon.logText().contains("rules.yaml:5"))
        #expect(daemon.logText().contains("no-such-actor"))
        try daemon.dropAtomically("b.txt", Data("خبر ثان\n\nزيارة إلى بغداد.".utf8))
        try daemon.waitForRecords(2)
        try daemon.waitUntil(timeout: .seconds(10), "old rule still on") { self.alerts(daemon).count == 2 }
        // A good one: the new rule is used from then on.
        try Data("rules:\n  - id: tehran\n    severity: medium\n    when:\n      actors: [tehran]\n".utf8).write(to: rules)
        daemon.signal(SIGHUP)
        try daemon.waitUntil(timeout: .seconds(10), "reloaded") { daemon.logText().contains("rules and gazetteer reloaded") }
        try daemon.dropAtomically("c.txt", Data("خبر ثالث\n\nاجتماع في بغداد وطهران غدا.".utf8))
        try daemon.waitForRecords(3)
        try daemon.waitUntil(timeout: .seconds(10), "new rule fired") { self.alerts(daemon).count == 3 }
        #expect(alerts(daemon).last?["rule"] as? String == "tehran")
        #expect(try daemon.stop() == 0)
    }

    func hookConfig(_ daemon: DaemonHarness, _ command: [String], timeout: Int = 10, retries: Int = 2) throws -> URL {
        let config = daemon.root.appendingPathComponent("watcherd.yaml")
        let list = command.map { "\"\($0)\"" }.joined(separator: ", ")
        try Data("alerts:\n  hook:\n    command: [\(list)]\n    timeout_s: \(timeout)\n    retries: \(retries)\n".utf8).write(to: config)
        return config
    }

    /// The alert lines are written, then the article's record cannot be (a full disk; here a file-size limit): the
    /// lines are taken back, and when the record is written at the next listing its alerts are written again and
    /// reach the hook. They used to stay in the alert log, counted as written, and never reach the hook or journal.
    @Test func alertsOfARecordThatFailedAreAnnouncedWhenItIsWritten() throws {
        let daemon = try DaemonHarness()
        let received = daemon.root.appendingPathComponent("received.jsonl")
        let config = try hookConfig(daemon, [Self.hooks.appendingPathComponent("record.sh").path, received.path])
        try Data((try String(contentsOf: config, encoding: .utf8) + "reconcile_interval_s: 1\n").utf8).write(to: config)
        daemon.extraArguments = ["--config", config.path]
        try daemon.start()
        guard let pid = daemon.process?.processIdentifier else { throw HarnessError("no daemon") }
        func limitFileSize(_ limit: String) throws {
            let prlimit = Process()
            prlimit.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            prlimit.arguments = ["--pid", "\(pid)", "--fsize=\(limit):"]
            try prlimit.run()
            prlimit.waitUntilExit()
            guard prlimit.terminationStatus == 0 else { throw HarnessError("prlimit failed") }
        }
        // Room for the alert lines (about 3 kB each), not for the article's record.
        try limitFileSize("9000")
        let (name, data) = try Self.seedData("002")
        try daemon.dropAtomically(name, data)
        try daemon.waitUntil(timeout: .seconds(15), "a failed write") { daemon.logText().contains("took back lines whose record could not be written") }
        #expect(daemon.records().isEmpty)
        try limitFileSize("unlimited")
        try daemon.waitForRecords(1, timeout: .seconds(20))
        try daemon.waitUntil(timeout: .seconds(15), "hook ran") { daemon.lineCount(received) == 2 }
        let logged = alerts(daemon).compactMap { $0["id"] as? String }
        #expect(logged.count == 2)
        #expect(daemon.records(received).compactMap { $0["id"] as? String }.sorted() == logged.sorted())
        #expect(try daemon.stop() == 0)
    }

    @Test func theHookReceivesEachAlertAsJSON() throws {
        let daemon = try DaemonHarness()
        let received = daemon.root.appendingPathComponent("received.jsonl")
        daemon.extraArguments = ["--config", try hookConfig(daemon, [Self.hooks.appendingPathComponent("record.sh").path, received.path]).path]
        try daemon.start()
        let (name, data) = try Self.seedData("002")
        try daemon.dropAtomically(name, data)
        try daemon.waitUntil(timeout: .seconds(15), "hook ran") { daemon.lineCount(received) == 2 }
        let hooked = daemon.records(received).compactMap { $0["id"] as? String }.sorted()
        #expect(hooked == alerts(daemon).compactMap { $0["id"] as? String }.sorted())
        #expect(try daemon.stop() == 0)
    }

    @Test func theSameBytesDroppedAgainAreNotAnnouncedAgain() throws {
        // Under `duplicates: record` the copy gets a record of its own, but its alerts are the same alerts, in the
        // log once: the hook and the journal must not hear of them twice.
        let daemon = try DaemonHarness()
        let received = daemon.root.appendingPathComponent("received.jsonl")
        let config = try hookConfig(daemon, [Self.hooks.appendingPathComponent("record.sh").path, received.path])
        try Data((String(decoding: try Data(contentsOf: config), as: UTF8.self) + "duplicates: record\n").utf8).write(to: config)
        daemon.extraArguments = ["--config", config.path]
        try daemon.start()
        let (name, data) = try Self.seedData("002")
        try daemon.dropAtomically(name, data)
        try daemon.waitUntil(timeout: .seconds(15), "hook ran") { daemon.lineCount(received) == 2 }
        try daemon.dropAtomically("again-" + name, data)
        _ = try daemon.waitForRecords(2)
        // Another article with alerts of its own, announced after the copy: once its alerts reached the hook, a second
        // run for the copy's would have been started before them.
        let (other, otherData) = try Self.seedData("000")
        try daemon.dropAtomically(other, otherData)
        _ = try daemon.waitForRecords(3)
        let total = alerts(daemon).count
        #expect(total > 2)
        try daemon.waitUntil(timeout: .seconds(15), "hook ran for the third file") { daemon.lineCount(received) >= total }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(daemon.lineCount(received) == total)
        #expect(daemon.logText().components(separatedBy: "alert: ").count - 1 == total)
        #expect(try daemon.stop() == 0)
    }

    @Test func aSlowHookIsKilledAndNeverHoldsUpIngestion() throws {
        let daemon = try DaemonHarness()
        daemon.extraArguments = ["--config", try hookConfig(daemon, [Self.hooks.appendingPathComponent("slow.sh").path], timeout: 1, retries: 0).path]
        try daemon.start()
        let (name, data) = try Self.seedData("004")
        try daemon.dropAtomically(name, data)
        try daemon.waitForRecords(1)
        // Ingestion goes on while the hook hangs.
        for i in 0..<5 { try daemon.dropAtomically("more-\(i).txt", articleText(i)) }
        try daemon.waitForRecords(6, timeout: .seconds(5))
        try daemon.waitUntil(timeout: .seconds(10), "timeout logged") { daemon.logText().contains("timed out") }
        #expect(daemon.logText().contains("alert hook failed; giving up"))
        #expect(try daemon.stop() == 0)
    }

    @Test func aFailingHookIsRetriedAndLogged() throws {
        let daemon = try DaemonHarness()
        let attempts = daemon.root.appendingPathComponent("attempts")
        daemon.extraArguments = ["--config", try hookConfig(daemon, [Self.hooks.appendingPathComponent("failing.sh").path, attempts.path], retries: 2).path]
        try daemon.start()
        try daemon.dropAtomically("one.txt", Data("خبر\n\nهددت الفصائل المسلحة القوات الأميركية في العراق.".utf8))
        try daemon.waitUntil(timeout: .seconds(15), "three attempts") { daemon.lineCount(attempts) == 3 }
        try daemon.waitUntil(timeout: .seconds(5), "gave up") { daemon.logText().contains("giving up") }
        #expect(daemon.logText().contains("exited with status 3"))
        #expect(daemon.logText().contains("upstream refused the alert"))
        #expect(alerts(daemon).count == 1, "the alert is in the log whatever the hook does")
        #expect(try daemon.stop() == 0)
    }

    @Test func aHookPrintingGarbageCannotForgeLogLines() throws {
        let daemon = try DaemonHarness()
        daemon.extraArguments = ["--config", try hookConfig(daemon, [Self.hooks.appendingPathComponent("garbage.sh").path]).path, "--log-level", "debug"]
        try daemon.start()
        try daemon.dropAtomically("one.txt", Data("خبر\n\nهددت الفصائل المسلحة القوات الأميركية في العراق.".utf8))
        try daemon.waitUntil(timeout: .seconds(10), "hook ran") { daemon.logText().contains("alert hook ran") }
        let log = daemon.logText()
        #expect(!log.split(separator: "\n").contains { $0.hasPrefix("FAKE") }, "no forged line")
        #expect(!log.contains("\u{1B}[2J"))
        #expect(!log.unicodeScalars.contains { $0.value == 0 || $0.value == 1 })
        #expect(try daemon.stop() == 0)
    }
}
