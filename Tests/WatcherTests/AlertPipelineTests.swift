import Foundation
import Logging
import SystemPackage
import Testing
import Watcher

/// The embedded watchlist on the seeds, and story grouping on edited copies and different articles.
@Suite struct AlertPipelineTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let pipeline: Pipeline = {
        let recognizer = try! EntityRecognizer.load(extraFiles: [])
        return Pipeline(recognizer: recognizer, rules: try! WatchRules.load(AlertSettings(), gazetteer: recognizer.gazetteer))
    }()

    static func seed(_ prefix: String) -> URL {
        let seeds = package.appendingPathComponent("seeds")
        let name = try! FileManager.default.contentsOfDirectory(atPath: seeds.path).first { $0.hasPrefix(prefix) }!
        return seeds.appendingPathComponent(name)
    }

    static func process(name: String, _ bytes: [UInt8]) -> Pipeline.Result {
        pipeline.process(DroppedFile(path: FilePath("/drop/" + name), relativePath: FilePath(name), bytes: bytes))
    }

    static func process(_ url: URL) -> Pipeline.Result {
        process(name: url.lastPathComponent, Array(try! Data(contentsOf: url)))
    }

    /// What a reader of each seed would expect the watchlist to raise (issue 5's examples, and nothing a reader would
    /// call a false alarm).
    static let expected: [String: Set<String>] = [
        "000": ["militia-threat-us-forces", "us-coalition-withdrawal", "attack-on-bases-or-green-zone", "isis-resurgence", "militia-leaders-named"],
        "001": ["us-coalition-withdrawal", "isis-resurgence"],
        "002": ["us-coalition-withdrawal", "isis-resurgence"],
        "003": ["militia-threat-us-forces", "us-coalition-withdrawal", "attack-on-bases-or-green-zone", "quds-force-in-iraq"],
        "004": ["militia-threat-us-forces", "factions-resume-attacks", "us-coalition-withdrawal", "attack-on-bases-or-green-zone", "isis-resurgence", "militia-leaders-named"],
    ]

    @Test(arguments: ["000", "001", "002", "003", "004"])
    func seedRaisesTheExpectedRules(_ prefix: String) {
        let result = Self.process(Self.seed(prefix))
        #expect(Set(result.matches.map(\.rule.id)) == Self.expected[prefix]!)
    }

    /// The same seeds hard-wrapped, as wire copy and e-mail are: a phrase the fold broke across two lines still
    /// raises its `near: sentence` rule. Folds in scalars and in bytes, with and without blank lines between
    /// paragraphs.
    @Test(arguments: ["000", "001", "002", "003", "004"], [(72, false, true), (80, true, true), (72, false, false), (140, true, false)])
    func aHardWrappedSeedRaisesTheSameRules(_ prefix: String, fold: (width: Int, bytes: Bool, blankLines: Bool)) throws {
        let url = Self.seed(prefix)
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let wrapped = WrappedLinesTests.fold(text, width: fold.width, bytes: fold.bytes, blankLines: fold.blankLines)
        let result = Self.process(name: url.lastPathComponent, Array(wrapped.utf8))
        #expect(Set(result.matches.map(\.rule.id)) == Self.expected[prefix]!)
    }

    @Test func theExamplesOfTheIssueAreExplained() {
        let threat = Self.process(Self.seed("000")).matches.first { $0.rule.id == "militia-threat-us-forces" }
        #expect(threat?.actors.contains { $0.id == "kataib-hezbollah" } == true)
        #expect(threat?.snippet.contains("تهديداتها باستهداف قواعد للقوات الأميركية") == true)
        let resume = Self.process(Self.seed("004")).matches.first { $0.rule.id == "factions-resume-attacks" }
        #expect(resume?.actors.contains { $0.id == "harakat-al-nujaba" } == true)
        #expect(resume?.keywords.contains { $0.text == "باستئناف مهاجمة" } == true)
        let attack = Self.process(Self.seed("003")).matches.first { $0.rule.id == "attack-on-bases-or-green-zone" }
        #expect(attack?.actors.contains { $0.id == "ain-al-asad" } == true)
        #expect(attack?.keywords.contains { $0.text == "قوافل" } == true)
    }

    // MARK: Stories

    /// A story memory kept in `state` (a day's cooldown, repeats recorded), and a dispatcher over it.
    static func memory(in state: FilePath) throws -> (StoryMemory, AlertDispatcher) {
        let memory = try StoryMemory(stateFolder: state, threshold: 0.5, cooldownHours: 24, policy: .record, logger: Logger(label: "test"))
        return (memory, AlertDispatcher(memory: memory, hook: nil, stats: nil, logger: Logger(label: "test")))
    }

    /// Seed 004 as the first article of a story in a new memory in `state`, its decision written to `stories.jsonl`;
    /// with the article's result, for its id.
    static func firstStory(in state: FilePath) async throws -> (prepared: AlertDispatcher.Prepared, result: Pipeline.Result) {
        let (memory, dispatcher) = try memory(in: state)
        var result = process(seed("004"))
        let first = try #require(await dispatcher.prepare(&result))
        await memory.persist(first.decision)
        return (first, result)
    }

    static func edited(_ text: String, variant: Int) -> String { StoryEvaluation.edited(text, variant: variant) }

    @Test func editedCopiesGroupAndDifferentArticlesDoNot() throws {
        let threshold = AlertSettings().storySimilarity
        let seeds = ["000", "001", "002", "003", "004"].map { Self.seed($0) }
        let evaluation = try StoryEvaluation(pipeline: Self.pipeline, seeds: seeds, fixtures: Self.package.appendingPathComponent("Tests/Fixtures/stories"))
        #expect(evaluation.pairs.filter(\.sameStory).count == 21)
        #expect(evaluation.pairs.filter { !$0.sameStory }.count == 11)
        for pair in evaluation.pairs {
            #expect((pair.similarity >= threshold) == pair.sameStory, "\(pair.name): \(pair.similarity)")
        }
    }

    @Test func repeatsOfAStoryPointToTheFirstAlert() async throws {
        let memory = try StoryMemory(stateFolder: nil, threshold: 0.5, cooldownHours: 24, policy: .record, logger: Logger(label: "test"))
        let dispatcher = AlertDispatcher(memory: memory, hook: nil, stats: nil, logger: Logger(label: "test"))
        var first = Self.process(Self.seed("001"))
        let text = try String(contentsOf: Self.seed("001"), encoding: .utf8)
        var copy = Self.process(name: "copy.txt", Array(Self.edited(text, variant: 1).utf8))
        let a = await dispatcher.prepare(&first)
        let b = await dispatcher.prepare(&copy)
        #expect(first.record.story == copy.record.story)
        #expect(a?.records.allSatisfy { $0.repeatOf == nil } == true)
        #expect(b?.records.count == a?.records.count)
        for record in b?.records ?? [] {
            #expect(record.repeatOf == a?.records.first { $0.match.rule.id == record.match.rule.id }?.id)
        }
        let suppressing = AlertDispatcher(
            memory: try StoryMemory(stateFolder: nil, threshold: 0.5, cooldownHours: 24, policy: .suppress, logger: Logger(label: "test")),
            hook: nil, stats: nil, logger: Logger(label: "test"))
        var again = Self.process(Self.seed("001"))
        var copy2 = Self.process(name: "copy.txt", Array(Self.edited(text, variant: 1).utf8))
        _ = await suppressing.prepare(&again)
        let suppressed = await suppressing.prepare(&copy2)
        #expect(suppressed?.records.isEmpty == true)
        #expect(suppressed?.decision.suppressed.count == again.matches.count)
    }

    /// A decision whose record was not written is taken back: the next copy of the story starts it afresh, with
    /// alerts that repeat nothing, and a retracted repeat leaves the first alert in place.
    @Test func aRetractedDecisionLeavesNoStoryOrAlertBehind() async throws {
        let memory = try StoryMemory(stateFolder: nil, threshold: 0.5, cooldownHours: 24, policy: .record, logger: Logger(label: "test"))
        let dispatcher = AlertDispatcher(memory: memory, hook: nil, stats: nil, logger: Logger(label: "test"))
        let text = try String(contentsOf: Self.seed("001"), encoding: .utf8)
        var lost = Self.process(Self.seed("001"))
        let retracted = try #require(await dispatcher.prepare(&lost))
        #expect(retracted.decision.isNewStory && !retracted.records.isEmpty)
        await dispatcher.retract(retracted)
        #expect(await memory.storyCount == 0)

        var copy = Self.process(name: "copy.txt", Array(Self.edited(text, variant: 1).utf8))
        let first = try #require(await dispatcher.prepare(&copy))
        #expect(first.decision.isNewStory)
        #expect(first.records.allSatisfy { $0.repeatOf == nil })

        var second = Self.process(name: "copy2.txt", Array(Self.edited(text, variant: 2).utf8))
        let repeated = try #require(await dispatcher.prepare(&second))
        #expect(!repeated.decision.isNewStory && repeated.records.allSatisfy { $0.repeatOf != nil })
        await dispatcher.retract(repeated)
        #expect(await memory.storyCount == 1)

        var third = Self.process(name: "copy3.txt", Array(Self.edited(text, variant: 3).utf8))
        let again = try #require(await dispatcher.prepare(&third))
        #expect(again.decision.story == first.decision.story)
        for record in again.records {
            #expect(record.repeatOf == first.records.first { $0.match.rule.id == record.match.rule.id }?.id)
        }
    }

    /// A story begun before the retention horizon (72 h) that alerted since is still live after a restart: a copy
    /// repeats its recent alerts instead of starting a story of its own.
    @Test func aLongRunningStoryComesBackAfterARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stories-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = FilePath(folder.path)
        let text = try String(contentsOf: Self.seed("004"), encoding: .utf8)
        let first = try await Self.firstStory(in: state).prepared
        // The story line 80 hours old, its rules' lines 10 hours old: what a story that went on for days leaves.
        let file = folder.appendingPathComponent("stories.jsonl")
        let now = Timestamp.now().milliseconds, hour: Int64 = 3_600_000
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map { line in
            line.replacing(/"at":[0-9]+/) { _ in "\"at\":\(line.contains("minhash") ? now - 80 * hour : now - 10 * hour)" }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let (memory, dispatcher) = try Self.memory(in: state)
        #expect(await memory.storyCount == 1)
        var copy = Self.process(name: "copy.txt", Array(Self.edited(text, variant: 1).utf8))
        let again = try #require(await dispatcher.prepare(&copy))
        #expect(again.decision.story == first.decision.story)
        for record in again.records {
            #expect(record.repeatOf == first.records.first { $0.match.rule.id == record.match.rule.id }?.id)
        }
    }

    /// Stories and cooldowns are kept as numbers but come back as the same ids: after a restart an edited copy joins
    /// the story by its id and its alerts repeat the first ones by theirs; lines the memory cannot read are skipped,
    /// counted, and the rest still load.
    @Test func storiesAndCooldownsComeBackAfterARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stories-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = FilePath(folder.path)
        let text = try String(contentsOf: Self.seed("004"), encoding: .utf8)
        let (first, result) = try await Self.firstStory(in: state)
        #expect(first.decision.isNewStory && first.records.count >= 3)
        // The id's form is unchanged: the first 16 hex digits of the key of the article that started it.
        #expect(first.decision.story == "story:" + result.record.id.hex.prefix(16))
        // Damaged lines in the middle, recent enough to load: a story whose id is not one (with a good sketch, so that
        // reading it anyway would make a second story), a damaged sketch, and an alert id that is not one. Skipped
        // and counted; the lines around them still read.
        let file = folder.appendingPathComponent("stories.jsonl")
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        let now = Timestamp.now().milliseconds
        let sketch = try #require(lines[0].firstMatch(of: /"minhash":"([0-9a-f]+)"/)).1
        lines.insert(#"{"story":"story:not-hex","at":\#(now),"minhash":"\#(sketch)"}"#, at: 1)
        lines.insert(#"{"story":"story:00112233445566ff","at":\#(now),"minhash":"zz"}"#, at: 1)
        lines.insert(#"{"story":"\#(first.decision.story)","at":\#(now),"rule":"x","alert":"alert:short"}"#, at: 1)
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)

        let (memory, dispatcher) = try Self.memory(in: state)
        #expect(await memory.storyCount == 1)
        #expect(await memory.linesSkippedAtLoad == 3)
        var copy = Self.process(name: "copy.txt", Array(Self.edited(text, variant: 1).utf8))
        let again = try #require(await dispatcher.prepare(&copy))
        #expect(!again.decision.isNewStory)
        #expect(again.decision.story == first.decision.story)
        #expect(again.records.count == first.records.count)
        for record in again.records {
            let original = first.records.first { $0.match.rule.id == record.match.rule.id }
            #expect(record.repeatOf == original?.id)
            #expect(record.id != original?.id && record.id.hasPrefix("alert:") && record.id.utf8.count == 26)
        }
    }
}
