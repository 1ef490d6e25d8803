import Foundation
import Logging
import SystemPackage
import Testing
import Watcher

/// `watcherd replay`'s library: records read back (plain and gzip, rotated copies in order), the time window, a new
/// rule file, the cooldown within the replay, and the diff against an alert log.
@Suite struct ReplayTests {
    static let recognizer = try! EntityRecognizer.load(extraFiles: [])
    static let pipeline = Pipeline(recognizer: recognizer, rules: try! WatchRules.load(AlertSettings(), gazetteer: recognizer.gazetteer))
    static let day: Int64 = 86_400_000
    static let start = Timestamp(milliseconds: 1_721_779_200_000)  // 2024-07-24T00:00:00Z

    /// An article log of the five seeds, one a day (each copy with a line of its own, so that no two are the same
    /// bytes), and the record lines.
    static func writeLog(in folder: TemporaryDirectory, name: String = "articles.jsonl", seeds: [Int] = [0, 1, 2, 3, 4],
                         firstDay: Int64 = 0) throws -> (URL, [Pipeline.Result]) {
        var text = ""
        var results: [Pipeline.Result] = []
        for (offset, seed) in seeds.enumerated() {
            let at = Timestamp(milliseconds: start.milliseconds + (firstDay + Int64(offset)) * day)
            let result = pipeline.process(DroppedFile(path: FilePath("/drop/\(seed).txt"), relativePath: FilePath("\(seed).txt"),
                                                      bytes: try Fixtures.seed(seed) + Array("\n\nنسخة \(offset)\n".utf8)), at: at)
            text += String(decoding: result.line, as: UTF8.self) + "\n"
            results.append(result)
        }
        try folder.write(name, text)
        return (folder.file(name), results)
    }

    static func replay(_ files: [URL], rules: RuleSet = pipeline.rules, window: Replayer.Window = .init(), cooldownHours: Int = 24,
                       workers: Int = 2, keepIDs: Bool = false) async throws -> ([AlertRecord], Replayer.Stats) {
        var settings = AlertSettings()
        settings.cooldownHours = cooldownHours
        let replayer = Replayer(recognizer: recognizer, rules: rules, alerts: settings)
        var alerts: [AlertRecord] = []
        let stats = try await replayer.run(files: files.map { FilePath($0.path) }, window: window, workers: workers,
                                           logger: Logger(label: "test"), keepArticleIDs: keepIDs) { alerts.append($0) }
        return (alerts, stats)
    }

    @Test func replayRaisesWhatThePipelineRaised() async throws {
        let folder = try TemporaryDirectory()
        let (log, results) = try Self.writeLog(in: folder)
        let (alerts, stats) = try await Self.replay([log])
        #expect(stats.replayed == 5 && stats.unreadable == 0)
        // Every seed is its own story, so each seed's matches become alerts, same rules, same ids, same snippets.
        let expected = results.flatMap { result in result.matches.map { StoryMemory.alertID(article: result.record.id, rule: $0.rule.id) } }
        #expect(alerts.map(\.id) == expected)
        #expect(alerts.map(\.match.snippet) == results.flatMap { $0.matches.map(\.snippet) })
        #expect(alerts.allSatisfy { $0.repeatOf == nil })
        // The alert carries the record's time, file and article fields.
        let first = try #require(alerts.first)
        #expect(first.at == Self.start && first.file == "0.txt" && first.title == results[0].record.article?.title)
    }

    @Test func sinceAndUntilSelectByIngestTime() async throws {
        let folder = try TemporaryDirectory()
        let (log, results) = try Self.writeLog(in: folder)
        let window = Replayer.Window(since: Timestamp(milliseconds: Self.start.milliseconds + Self.day),
                                     until: Timestamp(milliseconds: Self.start.milliseconds + 3 * Self.day))
        let (alerts, stats) = try await Self.replay([log], window: window)
        // The record a day before the window is within the story memory's reach: read into it, not replayed.
        #expect(stats.replayed == 2 && stats.outsideWindow == 2 && stats.warmUp == 1)
        #expect(Set(alerts.map(\.article)) == Set([results[1].record.id, results[2].record.id]))
    }

    /// A window starts with the story memory the daemon had then: a repeat of a story from the cooldown before
    /// `--since` is a repeat in the replay too, not a first alert (which `--diff` showed as added).
    @Test func aWindowKnowsTheStoriesOfTheCooldownBeforeIt() async throws {
        let folder = try TemporaryDirectory()
        let (log, _) = try Self.writeLog(in: folder, seeds: [0, 0])
        let (all, _) = try await Self.replay([log], cooldownHours: 48)
        let second = all.filter { $0.at.milliseconds >= Self.start.milliseconds + Self.day }
        #expect(!second.isEmpty && second.allSatisfy { $0.repeatOf != nil })
        let window = Replayer.Window(since: Timestamp(milliseconds: Self.start.milliseconds + Self.day))
        let (windowed, stats) = try await Self.replay([log], window: window, cooldownHours: 48)
        #expect(stats.replayed == 1 && stats.warmUp == 1)
        #expect(windowed.map(\.id) == second.map(\.id))
        #expect(windowed.map(\.repeatOf) == second.map(\.repeatOf))
    }

    /// The daemon matches stories three days back whatever the cooldown: a window's warm-up reaches as far, so the
    /// third telling of a story two days later gets the same story and repeat as in the whole replay.
    @Test func theWarmUpReachesAsFarAsTheStoryMemory() async throws {
        let folder = try TemporaryDirectory()
        let (log, _) = try Self.writeLog(in: folder, seeds: [0, 0, 0])
        let (all, _) = try await Self.replay([log], cooldownHours: 24)
        let since = Timestamp(milliseconds: Self.start.milliseconds + 2 * Self.day)
        let third = all.filter { !($0.at < since) }
        let (windowed, stats) = try await Self.replay([log], window: Replayer.Window(since: since), cooldownHours: 24)
        #expect(stats.warmUp == 2)
        #expect(windowed.map(\.id) == third.map(\.id))
        #expect(windowed.map(\.story) == third.map(\.story))
        #expect(windowed.map(\.repeatOf) == third.map(\.repeatOf))
    }

    /// A file recorded twice (`duplicates: record`) has one id: its alerts come once, as the daemon logged them.
    @Test func aRecordTwiceRaisesItsAlertsOnce() async throws {
        let folder = try TemporaryDirectory()
        let (log, _) = try Self.writeLog(in: folder, seeds: [0])
        let line = try String(contentsOf: log, encoding: .utf8)
        try (line + line).write(to: log, atomically: true, encoding: .utf8)
        let (alerts, stats) = try await Self.replay([log])
        #expect(stats.replayed == 2 && !alerts.isEmpty)
        #expect(Set(alerts.map(\.id)).count == alerts.count)
        #expect(stats.repeatedAlerts == alerts.count)
    }

    /// Logs given newest first (a shell's `articles.jsonl*`) are counted as out of order, so replay can warn.
    @Test func logsOutOfOrderAreCounted() async throws {
        let folder = try TemporaryDirectory()
        _ = try Self.writeLog(in: folder, name: "articles.jsonl.1", seeds: [0, 1], firstDay: 0)
        _ = try Self.writeLog(in: folder, name: "articles.jsonl", seeds: [2, 3], firstDay: 2)
        let (_, inOrder) = try await Self.replay([folder.file("articles.jsonl.1"), folder.file("articles.jsonl")])
        #expect(inOrder.outOfOrder == 0)
        let (_, reversed) = try await Self.replay([folder.file("articles.jsonl"), folder.file("articles.jsonl.1")])
        #expect(reversed.outOfOrder == 2)
    }

    /// Two records glued on one line (a torn write, then the next) are one unreadable line, not the first record;
    /// the first unreadable line is named by file and number.
    @Test func gluedRecordsAreUnreadableAndNamed() async throws {
        let folder = try TemporaryDirectory()
        let (log, _) = try Self.writeLog(in: folder, seeds: [0, 1, 2])
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        try (lines[0] + "\n" + lines[1] + lines[2] + "\n").write(to: log, atomically: true, encoding: .utf8)
        let (_, stats) = try await Self.replay([log])
        #expect(stats.replayed == 1 && stats.unreadable == 1)
        #expect(stats.firstUnreadable == "\(log.path) line 2", "\(stats.firstUnreadable ?? "-")")
    }

    @Test func aNewRuleFileFindsWhereANameAppeared() async throws {
        let folder = try TemporaryDirectory()
        let (log, results) = try Self.writeLog(in: folder)
        try folder.write("new.yaml", """
            rules:
              - id: kataib-named
                description: Kataib Hezbollah is named
                severity: low
                when:
                  actors: [kataib-hezbollah]
            """)
        var settings = AlertSettings()
        settings.watchlist = false
        settings.ruleFiles = [FilePath(folder.file("new.yaml").path)]
        let rules = try WatchRules.load(settings, gazetteer: Self.recognizer.gazetteer)
        let (alerts, _) = try await Self.replay([log], rules: rules)
        let named = results.filter { $0.record.entities?.contains { $0.id == "kataib-hezbollah" } == true }.map(\.record.id)
        #expect(!named.isEmpty)
        #expect(alerts.map(\.article) == named)
        #expect(alerts.allSatisfy { $0.match.rule.id == "kataib-named" })
    }

    @Test func cooldownAppliesWithinTheReplay() async throws {
        // The same story twice, a day apart: within a 48-hour cooldown the second is a repeat of the first; within
        // a 12-hour one it alerts again.
        let folder = try TemporaryDirectory()
        let (log, results) = try Self.writeLog(in: folder, seeds: [0, 0])
        let (long, _) = try await Self.replay([log], cooldownHours: 48)
        let rules = results[0].matches.count
        #expect(rules > 0 && long.count == 2 * rules)
        #expect(long.prefix(rules).allSatisfy { $0.repeatOf == nil })
        #expect(long.suffix(rules).allSatisfy { $0.repeatOf != nil })
        #expect(Set(long.map(\.story)).count == 1)
        let (short, _) = try await Self.replay([log], cooldownHours: 12)
        #expect(short.count == 2 * rules && short.allSatisfy { $0.repeatOf == nil })
    }

    @Test func gzipAndRotatedCopiesAreReadOldestFirst() async throws {
        let folder = try TemporaryDirectory()
        _ = try Self.writeLog(in: folder, name: "articles.jsonl.2", seeds: [0], firstDay: 0)
        _ = try Self.writeLog(in: folder, name: "articles.jsonl.1", seeds: [1], firstDay: 1)
        _ = try Self.writeLog(in: folder, name: "articles.jsonl", seeds: [2], firstDay: 2)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = [folder.file("articles.jsonl.2").path]
        try gzip.run()
        gzip.waitUntilExit()
        try folder.write("articles.jsonl.old", "not a rotated copy")
        let files = try LogArchive.files(of: FilePath(folder.file("articles.jsonl").path))
        #expect(files.map { $0.lastComponent!.string } == ["articles.jsonl.2.gz", "articles.jsonl.1", "articles.jsonl"])
        let (alerts, stats) = try await Self.replay(files.map { URL(fileURLWithPath: $0.string) }, keepIDs: true)
        #expect(stats.replayed == 3 && stats.files == 3 && stats.failures.isEmpty)
        #expect(alerts.first?.file == "0.txt" && alerts.last?.file == "2.txt")
    }

    /// `dateext` copies with any date format are found and ordered; a copy another compressor wrote is listed (so
    /// that reading it fails with a sentence) instead of being left out in silence; other look-alikes are not copies.
    @Test func rotatedCopiesOfEveryKindAreListed() async throws {
        let folder = try TemporaryDirectory()
        for name in ["articles.jsonl-2024-07-25", "articles.jsonl-2024-07-24.gz", "articles.jsonl.1.xz", "articles.jsonl",
                     "articles.jsonl.old", "articles.jsonl.1.tmp", "articles.jsonlx.1"] {
            try folder.write(name, "")
        }
        let members = try LogArchive.members(of: FilePath(folder.file("articles.jsonl").path))
        #expect(members.map { $0.path.lastComponent!.string }
                == ["articles.jsonl.1.xz", "articles.jsonl-2024-07-24.gz", "articles.jsonl-2024-07-25", "articles.jsonl"])
        #expect(members.map(\.compression) == [.unsupported("xz"), .gzip, .none, .none])
        #expect(members.map(\.isLive) == [false, false, false, true])
        let (_, stats) = try await Self.replay([folder.file("articles.jsonl.1.xz")])
        #expect(stats.failures.count == 1 && stats.failures[0].contains("articles.jsonl.1.xz") && stats.failures[0].contains("xz"))
    }

    @Test func aTruncatedGzipIsReportedNotSilentlyShort() async throws {
        let folder = try TemporaryDirectory()
        _ = try Self.writeLog(in: folder, seeds: [0, 1, 2, 3, 4])
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = [folder.file("articles.jsonl").path]
        try gzip.run()
        gzip.waitUntilExit()
        let whole = try Data(contentsOf: folder.file("articles.jsonl.gz"))
        try whole.prefix(whole.count * 2 / 3).write(to: folder.file("cut.gz"))
        let (_, stats) = try await Self.replay([folder.file("cut.gz")])
        #expect(stats.failures.count == 1 && stats.failures[0].contains("cut.gz"))
        #expect(stats.replayed < 5)
    }

    /// Damage near a gzip file's end loses nothing inflated before it: a wrong checksum in the trailer keeps every
    /// record, a damaged second member keeps all of the first, and the error says after which line reading stopped.
    @Test func recordsBeforeGzipDamageAreKept() async throws {
        let folder = try TemporaryDirectory()
        _ = try Self.writeLog(in: folder, seeds: [0, 1, 2, 3, 4])
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", folder.file("articles.jsonl").path]
        try gzip.run()
        gzip.waitUntilExit()
        var whole = try Data(contentsOf: folder.file("articles.jsonl.gz"))
        let checksum = whole.count - 8  // the trailer: CRC-32, then the length
        whole[checksum] ^= 0xFF
        try whole.write(to: folder.file("crc.gz"))
        let (_, crc) = try await Self.replay([folder.file("crc.gz")])
        #expect(crc.replayed == 5)
        #expect(crc.failures.count == 1 && crc.failures[0].contains("crc.gz") && crc.failures[0].contains("after line 5"), "\(crc.failures)")
        // The first member whole, then the second cut short.
        let good = try Data(contentsOf: folder.file("articles.jsonl.gz"))
        try (good + good.prefix(good.count / 2)).write(to: folder.file("two.gz"))
        let (_, two) = try await Self.replay([folder.file("two.gz")])
        #expect(two.replayed >= 5 && two.replayed < 10)
        #expect(two.failures.count == 1 && two.failures[0].contains("two.gz"), "\(two.failures)")
    }

    @Test func unreadableLinesAndErrorRecordsAreCounted() async throws {
        let folder = try TemporaryDirectory()
        let (log, _) = try Self.writeLog(in: folder, seeds: [0])
        let error = Self.pipeline.rejection(path: "/drop/x.bin", relativePath: "x.bin", error: IngestError(code: .binary, message: "binary"), size: 3)
        var text = try String(contentsOf: log, encoding: .utf8)
        text += String(decoding: error.line, as: UTF8.self) + "\n{\"id\":\"sha256:12\n"
        try text.write(to: log, atomically: true, encoding: .utf8)
        let (_, stats) = try await Self.replay([log])
        #expect(stats.replayed == 1 && stats.withoutText == 1 && stats.unreadable == 1)
    }

    @Test func diffShowsAddedAndNoLongerRaisedAlerts() async throws {
        let folder = try TemporaryDirectory()
        let (log, _) = try Self.writeLog(in: folder)
        let (all, stats) = try await Self.replay([log], keepIDs: true)
        // The alert log has every alert but one, and one alert of an article outside the replay.
        var alertLog = AlertDiff()
        for alert in all.dropFirst() { alertLog.add(alert.jsonLine()) }
        let stranger = AlertRecord(id: "alert:00000000000000000000", at: Self.start, match: all[0].match, article: RecordKey(hashing: [1]),
                                   file: "other.txt", title: nil, source: nil, published: nil, story: "story:0000000000000000", repeatOf: nil)
        alertLog.add(stranger.jsonLine())
        // Replayed without the rule of the last alert: that one is no longer raised; the first is new.
        let dropped = all.last!.match.rule.id
        let kept = all.filter { $0.match.rule.id != dropped }
        let (added, removed, changed) = alertLog.compare(replayed: kept, articles: stats.articles)
        #expect(added.map(\.id) == [all[0].id])
        #expect(Set(removed.map(\.id)) == Set(all.dropFirst().filter { $0.match.rule.id == dropped }.map(\.id)))
        #expect(!removed.contains { $0.id == stranger.id })
        #expect(changed.isEmpty, "the same alerts, raised as logged")
    }

    /// A rule edit that keeps an alert but changes its severity or what it matched showed `+0 -0`, as if nothing
    /// had changed: the alert id is the same (article and rule). Such alerts are now `changed`, with what differs.
    @Test func diffShowsAlertsRaisedOtherwise() async throws {
        let folder = try TemporaryDirectory()
        let (log, _) = try Self.writeLog(in: folder)
        let (all, stats) = try await Self.replay([log], keepIDs: true)
        #expect(all.count >= 2)
        var alertLog = AlertDiff()
        let severity = Array("\"severity\":\"\(all[0].match.rule.severity.rawValue)\"".utf8)
        let otherSeverity = all[0].match.rule.severity.rawValue == "low" ? "high" : "low"
        let first = String(decoding: all[0].jsonLine(), as: UTF8.self)
            .replacingOccurrences(of: String(decoding: severity, as: UTF8.self), with: "\"severity\":\"\(otherSeverity)\"")
        alertLog.add(Array(first.utf8))
        let second = String(decoding: all[1].jsonLine(), as: UTF8.self)
            .replacingOccurrences(of: "\"keywords\":[", with: "\"keywords\":[{\"keyword\":\"x\",\"text\":\"x\",\"start\":0,\"end\":1},")
        alertLog.add(Array(second.utf8))
        for alert in all.dropFirst(2) { alertLog.add(alert.jsonLine()) }
        let (added, removed, changed) = alertLog.compare(replayed: all, articles: stats.articles)
        #expect(added.isEmpty && removed.isEmpty)
        #expect(changed.map(\.replayed.id) == [all[0].id, all[1].id])
        #expect(changed.first?.fields == ["severity"] && changed.first?.logged.content.severity == otherSeverity)
        #expect(changed.last?.fields == ["matched"])
    }

    /// A rule scoped `in: lead` or `in: caption` fires in replay exactly where it fired live: the record's
    /// `article.blocks` are read back, so the scope is not lost and the whole text is not searched instead.
    @Test func blockScopedRulesHoldInReplay() async throws {
        var loader = RuleLoader(gazetteer: Self.recognizer.gazetteer)
        try loader.add("""
            - id: blast-in-lead
              severity: low
              when:
                keywords: [انفجار]
                in: lead
            - id: blast-in-caption
              severity: low
              when:
                keywords: [انفجار]
                in: caption
            """, file: "scoped.yaml")
        let rules = loader.build()
        let live = Pipeline(recognizer: Self.recognizer, rules: rules)
        let files = [
            "عنوان\n\nوقع انفجار في المدينة صباح اليوم وأسفر عن أضرار.\n\nوقال شهود إن الوضع هادئ الآن.\n",
            "عنوان\n\nقال شهود إن الوضع هادئ الآن في المدينة.\n\nوسمع دوي انفجار لاحقا في الضواحي.\n",
            "عنوان\n\nنشر في: 15 أكتوبر 2023\nموقع الانفجار - رويترز\n\nقال شهود إن الوضع هادئ الآن في المدينة.\n",
        ]
        var text = ""
        var fired: [[String]] = []
        for (index, file) in files.enumerated() {
            let result = live.process(DroppedFile(path: FilePath("/drop/\(index).txt"), relativePath: FilePath("\(index).txt"),
                                                  bytes: Array(file.utf8)), at: Self.start)
            text += String(decoding: result.line, as: UTF8.self) + "\n"
            fired.append(result.matches.map(\.rule.id).sorted())
        }
        #expect(fired == [["blast-in-lead"], [], ["blast-in-caption"]])
        let folder = try TemporaryDirectory()
        try folder.write("articles.jsonl", text)
        let (alerts, stats) = try await Self.replay([folder.file("articles.jsonl")], rules: rules)
        #expect(stats.replayed == 3 && stats.unreadable == 0)
        #expect(alerts.map { "\($0.file):\($0.match.rule.id)" } == ["0.txt:blast-in-lead", "2.txt:blast-in-caption"])
    }

    /// Blocks are read strictly: a span of a kind this version does not know is left out, a malformed one makes the
    /// line unreadable (counted), never a record with made-up scopes.
    @Test func storedBlocksAreReadStrictly() throws {
        func parse(_ blocks: String) -> Result<StoredRecord, StoredRecord.Skip> {
            let line = #"{"id":"sha256:"# + String(repeating: "ab", count: 32) + #"","file":{"name":"a.txt"},"ingested_at":"2024-07-24T00:00:00.000Z","status":"ok","text":"abc def","article":{"title":"abc","blocks":"# + blocks + "}}"
            return Array(line.utf8).withUnsafeBufferPointer { StoredRecord.parse($0) }
        }
        let ok = try parse(#"[{"kind":"title","start":0,"end":3},{"kind":"sidebar","start":4,"end":7},{"kind":"lead","start":4,"end":7}]"#).get()
        #expect(ok.blocks == [Article.BlockSpan(kind: .title, start: 0, end: 3), Article.BlockSpan(kind: .lead, start: 4, end: 7)])
        #expect(try parse("[]").get().blocks.isEmpty)
        #expect(try parse("null").get().blocks.isEmpty)
        #expect(throws: StoredRecord.Skip.unreadable) { try parse(#"[{"kind":"lead","start":-1,"end":7}]"#).get() }
        #expect(throws: StoredRecord.Skip.unreadable) { try parse(#"[{"kind":"lead","start":5,"end":2}]"#).get() }
        #expect(throws: StoredRecord.Skip.unreadable) { try parse(#"[{"kind":"lead","start":1.5,"end":2}]"#).get() }
    }

    @Test func storedTimesParse() {
        #expect(Timestamp(rfc3339: "2024-07-24T00:00:00.000Z") == Self.start)
        #expect(Timestamp(rfc3339: "2024-07-24T02:00:00+02:00") == Self.start)
        #expect(Timestamp(rfc3339: "2024-07-24T00:00:00.5Z")?.milliseconds == Self.start.milliseconds + 500)
        #expect(Timestamp(rfc3339: Timestamp(milliseconds: 1_000_123).description)?.milliseconds == 1_000_123)
        #expect(Timestamp(rfc3339: "2024-07-24") == nil)
    }
}

/// The ordered parallel runner behind `process --workers N` and `replay`, and the record line it writes in two parts.
@Suite struct OrderedParallelTests {
    @Test(arguments: [1, 2, 4]) func resultsComeBackInInputOrder(workers: Int) async throws {
        var chunks = (0..<50).map { chunk in Array((chunk * 7)..<(chunk * 7 + 7)) }[...]
        var seen: [Int] = []
        try await OrderedParallel.run(workers: workers, next: { chunks.popFirst() }, transform: { value -> Int in
            // Uneven work, so later chunks often finish first.
            var spin = 0
            for i in 0..<((value % 5) * 20_000) { spin &+= i }
            return value + (spin == -1 ? 1 : 0)
        }, consume: { seen.append($0) })
        #expect(seen == Array(0..<350))
    }

    @Test func aRecordLineInTwoPartsIsTheWholeLine() throws {
        var result = try Fixtures.record("seeds/" + Fixtures.seedNames[0])
        let head = result.record.jsonHead()
        #expect(result.record.jsonLine(head: head) == result.record.jsonLine())
        // `process` writes the head and the tail one after the other: together they must be a whole JSON object.
        let plain = head + result.record.jsonTail()
        #expect(plain == result.record.jsonLine())
        #expect((try? JSONSerialization.jsonObject(with: Data(plain))) is [String: Any])
        result.record.alerts = ["a", "b"]
        result.record.story = "story:0123456789abcdef"
        let line = result.record.jsonLine(head: head)
        #expect(line == result.record.jsonLine())
        #expect(head + result.record.jsonTail() == line)
        #expect((try? JSONSerialization.jsonObject(with: Data(line))) is [String: Any])
        #expect(String(decoding: line, as: UTF8.self).hasSuffix(#","alerts":["a","b"],"story":"story:0123456789abcdef"}"#))
    }
}
