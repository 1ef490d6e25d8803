import Foundation
import Testing

/// `watcherd replay` and `watcherd process --workers N`, run as the real binary.
@Suite struct ReplayIntegrationTests {
    static let seeds = try! FileManager.default.contentsOfDirectory(atPath: DaemonHarness.packageRoot.appendingPathComponent("seeds").path)
        .sorted().map { DaemonHarness.packageRoot.appendingPathComponent("seeds/" + $0).path }

    /// Runs the binary with stdout and stderr kept apart.
    static func run(_ arguments: [String]) throws -> (stdout: String, stderr: String, status: Int32) {
        let process = Process()
        process.executableURL = DaemonHarness.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // stderr is read on its own thread, so neither pipe can fill up while the other is drained.
        let stderrBox = DataBox()
        let reader = Thread {
            stderrBox.data = err.fileHandleForReading.readDataToEndOfFile()
            stderrBox.done.signal()
        }
        reader.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        stderrBox.done.wait()
        return (String(decoding: data, as: UTF8.self), String(decoding: stderrBox.data, as: UTF8.self), process.terminationStatus)
    }

    static func objects(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    static func stripTimes(_ text: String) -> String {
        text.replacingOccurrences(of: #""(ingested_at|at)":"[^"]*","#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #","drop_id":"[0-9a-f]*""#, with: "", options: .regularExpression)
    }

    @Test func processOnTwoWorkersKeepsInputOrderAndOutput() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("watcherd-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // 60 files of very different sizes (a seed repeated 1 to 12 times), named so that sorted order is not input order.
        var files: [String] = []
        for i in 0..<60 {
            let seed = try String(contentsOfFile: Self.seeds[i % Self.seeds.count], encoding: .utf8)
            let body = String(repeating: seed.split(separator: "\n", maxSplits: 1).last.map(String.init) ?? seed, count: 1 + (i * 7) % 12)
            let path = folder.appendingPathComponent("\(String(format: "%02d", (i * 37) % 60))-\(i).txt").path
            let title = seed.split(separator: "\n").first.map(String.init) ?? "عنوان"
            try Data((title + "\n\n" + body).utf8).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        let one = try Self.run(["process", "--workers", "1", "--show-alerts"] + files)
        let two = try Self.run(["process", "--workers", "2", "--show-alerts"] + files)
        #expect(one.status == 0 && two.status == 0)
        let names = Self.objects(two.stdout).compactMap { ($0["file"] as? [String: Any])?["name"] as? String }
        #expect(names == files.map { URL(fileURLWithPath: $0).lastPathComponent })
        // Same records and alerts, same stories and repeats, byte for byte (times and drop ids aside).
        #expect(Self.stripTimes(one.stdout) == Self.stripTimes(two.stdout))
        #expect(Self.objects(two.stdout).contains { $0["repeat_of"] is String })
    }

    /// A folder stands for its files (below it too, in name order, ignore patterns applied), and --files-from reads a list: the same records as the files named one by one.
    @Test func processTakesFoldersAndListsOfFiles() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("watcherd-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = ["b.txt", "a.txt", "sub/c.txt"]
        for (name, seed) in zip(names, Self.seeds) {
            try FileManager.default.copyItem(atPath: seed, toPath: folder.appendingPathComponent(name).path)
        }
        try Data("half".utf8).write(to: folder.appendingPathComponent("d.txt.part"))
        try Data("hidden".utf8).write(to: folder.appendingPathComponent(".e.txt"))
        let byFolder = try Self.run(["process", folder.path])
        #expect(byFolder.status == 0)
        let recorded = Self.objects(byFolder.stdout).compactMap { ($0["file"] as? [String: Any])?["path"] as? String }
        #expect(recorded == ["a.txt", "b.txt", "sub/c.txt"].map { folder.appendingPathComponent($0).path })
        let list = folder.appendingPathComponent("list.txt")
        try Data((["a.txt", "b.txt", "sub/c.txt"].map { folder.appendingPathComponent($0).path }.joined(separator: "\n") + "\n").utf8).write(to: list)
        let byList = try Self.run(["process", "--files-from", list.path])
        #expect(byList.status == 0)
        #expect(Self.objects(byList.stdout).compactMap { ($0["id"] as? String) } == Self.objects(byFolder.stdout).compactMap { ($0["id"] as? String) })
        let missing = try Self.run(["process", "--files-from", folder.appendingPathComponent("nope.txt").path])
        #expect(missing.status == 2 && missing.stderr.contains("nope.txt") && missing.stderr.contains("cannot be read"))
        let nothing = try Self.run(["process"])
        #expect(nothing.status != 0 && nothing.stderr.contains("--files-from"))
    }

    @Test func replayReRaisesTheAlertsOfTheRecordsAndDiffsAgainstTheAlertLog() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("watcherd-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let processed = try Self.run(["process", "--show-alerts"] + Self.seeds)
        let lines = processed.stdout.split(separator: "\n").map(String.init)
        let records = lines.filter { !$0.contains("\"rule\":") }
        let alerts = lines.filter { $0.contains("\"rule\":") }
        #expect(records.count == Self.seeds.count && alerts.count >= 5)
        let log = folder.appendingPathComponent("articles.jsonl")
        try Data((records.joined(separator: "\n") + "\n").utf8).write(to: log)

        let replayed = try Self.run(["replay", "--articles", log.path, "--workers", "2"])
        #expect(replayed.status == 0)
        #expect(replayed.stderr.contains("articles/s"))
        // The recogniser is the configuration's, as in the daemon: the name tagger is on by default, off with name_tagger: false.
        #expect(replayed.stderr.contains("name tagger on"))
        let untagged = folder.appendingPathComponent("no-tagger.yaml")
        try Data("name_tagger: false\n".utf8).write(to: untagged)
        let withoutTagger = try Self.run(["replay", "-c", untagged.path, "--articles", log.path])
        #expect(withoutTagger.status == 0 && withoutTagger.stderr.contains("name tagger off"))
        let objects = Self.objects(replayed.stdout)
        #expect(objects.allSatisfy { $0["replay"] as? Bool == true })
        // The same alerts as the pipeline raised, in the same order, with the same ids and snippets.
        #expect(objects.compactMap { $0["id"] as? String } == Self.objects(alerts.joined(separator: "\n")).compactMap { $0["id"] as? String })

        // gzip: the same output from a compressed rotated copy.
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", log.path]
        try gzip.run()
        gzip.waitUntilExit()
        let compressed = try Self.run(["replay", "--articles", log.path + ".gz"])
        #expect(compressed.stdout == replayed.stdout)

        // --diff against an alert log missing the first alert: exactly that one is added, nothing removed.
        let alertLog = folder.appendingPathComponent("alerts.jsonl")
        try Data((alerts.dropFirst().joined(separator: "\n") + "\n").utf8).write(to: alertLog)
        let diff = try Self.run(["replay", "--articles", log.path, "--alerts", alertLog.path, "--diff"])
        let changes = Self.objects(diff.stdout)
        #expect(changes.count == 1)
        #expect(changes.first?["diff"] as? String == "added")
        #expect(changes.first?["id"] as? String == Self.objects(alerts[0]).first?["id"] as? String)
        #expect(diff.stderr.contains("+1 -0 ~0"))

        // The same alerts, the first logged with another severity: it is `changed`, with the severity it had.
        let first = Self.objects(alerts[0]).first
        let severity = try #require(first?["severity"] as? String)
        let other = severity == "low" ? "high" : "low"
        let edited = alerts[0].replacingOccurrences(of: "\"severity\":\"\(severity)\"", with: "\"severity\":\"\(other)\"")
        try Data(([edited] + alerts.dropFirst()).joined(separator: "\n").appending("\n").utf8).write(to: alertLog)
        let severityDiff = try Self.run(["replay", "--articles", log.path, "--alerts", alertLog.path, "--diff"])
        let changed = Self.objects(severityDiff.stdout)
        #expect(changed.count == 1 && changed.first?["diff"] as? String == "changed", "\(severityDiff.stdout)")
        #expect(changed.first?["severity"] as? String == severity && changed.first?["logged_severity"] as? String == other)
        #expect(changed.first?["changed"] as? [String] == ["severity"])
        #expect(severityDiff.stderr.contains("+0 -0 ~1"), "\(severityDiff.stderr)")
        let severityTable = try Self.run(["replay", "--articles", log.path, "--alerts", alertLog.path, "--diff", "--format", "table"])
        #expect(severityTable.stdout.hasPrefix("~ ") && severityTable.stdout.contains("(changed: severity, was \(other))"), "\(severityTable.stdout)")

        // A window that ends before the records were written replays nothing; the table shows rules by name.
        let none = try Self.run(["replay", "--articles", log.path, "--until", "2000-01-01"])
        #expect(none.stdout.isEmpty && none.stderr.contains("\(Self.seeds.count) outside the window"))
        let table = try Self.run(["replay", "--articles", log.path, "--format", "table"])
        #expect(table.stdout.contains("militia-threat-us-forces") && !table.stdout.contains("{"))
    }
}

/// stderr's bytes, handed from the reading thread once it signals.
private final class DataBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}
