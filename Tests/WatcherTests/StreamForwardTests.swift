import Foundation
import SystemPackage
import Testing
import Watcher

/// The parts of NATS publishing that need no server: reading the logs from a cursor across rotation, the cursor
/// file, the fields a line is published under, and the `nats:` configuration.
@Suite struct StreamForwardTests {
    func append(_ url: URL, _ text: String) throws {
        if !FileManager.default.fileExists(atPath: url.path) { FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try handle.close()
    }

    func texts(_ lines: [LogLine]) -> [String] { lines.map { String(decoding: $0.bytes, as: UTF8.self) } }

    @Test func readsCompleteLinesFromThePositionAndWaitsForAPartialOne() throws {
        let dir = try TemporaryDirectory()
        let log = dir.file("articles.jsonl")
        try append(log, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c")
        var tail = LogTail(path: FilePath(log.path), position: nil)
        let first = try tail.next(maxLines: 10)
        #expect(texts(first) == ["{\"id\":\"a\"}", "{\"id\":\"b\"}"])
        #expect(tail.pendingLines == 2)
        // Nothing is committed: the same lines come again.
        #expect(texts(try tail.next(maxLines: 10)) == texts(first))
        tail.commit(first[0])
        #expect(tail.pendingLines == 1)
        #expect(texts(try tail.next(maxLines: 10)) == ["{\"id\":\"b\"}"])
        tail.commit(first[1])
        try append(log, "\"}\n")
        #expect(texts(try tail.next(maxLines: 10)) == ["{\"id\":\"c\"}"])
        #expect(tail.pendingLines == 1)
    }

    @Test func theLagCountsEveryCompleteLineOnceWhetherReadOrNot() throws {
        let dir = try TemporaryDirectory()
        let log = dir.file("articles.jsonl")
        try append(log, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n{\"id\":\"d")
        var tail = LogTail(path: FilePath(log.path), position: nil)
        // One line handed out, two more counted after it; the partial line is not a record yet.
        let first = try tail.next(maxLines: 1)
        #expect(texts(first) == ["{\"id\":\"a\"}"])
        #expect(tail.pendingLines == 3)
        // Reading the same lines again does not count them again.
        _ = try tail.next(maxLines: 2)
        #expect(tail.pendingLines == 3)
        tail.commit(first[0])
        let rest = try tail.next(maxLines: 10)
        #expect(texts(rest) == ["{\"id\":\"b\"}", "{\"id\":\"c\"}"])
        #expect(tail.pendingLines == 2)
        try append(log, "\"}\n")
        _ = try tail.next(maxLines: 10)
        #expect(tail.pendingLines == 3)
    }

    @Test func aSavedPositionResumesWhereTheAckStopped() throws {
        let dir = try TemporaryDirectory()
        let log = dir.file("articles.jsonl")
        try append(log, "1\n2\n3\n")
        var tail = LogTail(path: FilePath(log.path), position: nil)
        let lines = try tail.next(maxLines: 2)
        tail.commit(lines[0])
        tail.commit(lines[1])
        let cursorPath = FilePath(dir.file("nats-cursor.json").path)
        try ForwardCursor(positions: ["articles": tail.position!]).save(to: cursorPath)
        let loaded = try ForwardCursor.load(from: cursorPath)
        #expect(loaded.positions["articles"] == tail.position)
        var resumed = LogTail(path: FilePath(log.path), position: loaded.positions["articles"])
        #expect(texts(try resumed.next(maxLines: 10)) == ["3"])
    }

    @Test func aMissingCursorIsEmptyAndACorruptOneIsAnErrorNamingTheFile() throws {
        let dir = try TemporaryDirectory()
        let path = FilePath(dir.file("nats-cursor.json").path)
        #expect(try ForwardCursor.load(from: path).positions.isEmpty)
        try dir.write("nats-cursor.json", "{not json")
        #expect(throws: ForwardCursorError.self) { try ForwardCursor.load(from: path) }
        do {
            _ = try ForwardCursor.load(from: path)
        } catch {
            #expect(error.description.contains("nats-cursor.json"))
        }
    }

    @Test func followsACreateRotationThroughTheRenamedFile() throws {
        let dir = try TemporaryDirectory()
        let log = dir.file("articles.jsonl")
        try append(log, "old1\nold2\n")
        var tail = LogTail(path: FilePath(log.path), position: nil)
        tail.commit(try tail.next(maxLines: 1)[0])
        // logrotate create: rename, the writer adds one more line to the old file, then a new file appears.
        try FileManager.default.moveItem(at: log, to: dir.file("articles.jsonl.1"))
        try append(dir.file("articles.jsonl.1"), "old3\n")
        try append(log, "")
        // The new file is still empty: the old one is read to its end and nothing is skipped.
        var lines = try tail.next(maxLines: 10)
        #expect(texts(lines) == ["old2", "old3"])
        lines.forEach { tail.commit($0) }
        #expect(try tail.next(maxLines: 10).isEmpty)
        try append(log, "new1\n")
        lines = try tail.next(maxLines: 10)
        #expect(texts(lines) == ["new1"])
        #expect(tail.takeAbandoned() == 0)
        // A rotation followed to its end is a notice, not a warning (it was one warning per log per rotation).
        #expect(tail.events.isEmpty && tail.notices.contains { $0.contains("finished the rotated") }, "\(tail.events) \(tail.notices)")
    }

    @Test func aRotatedFileDeletedBeforeItWasReadIsCountedNotSilentlySkipped() throws {
        let dir = try TemporaryDirectory()
        let log = dir.file("alerts.jsonl")
        try append(log, "a\nb\n")
        var tail = LogTail(path: FilePath(log.path), position: nil)
        tail.commit(try tail.next(maxLines: 1)[0])
        try FileManager.default.removeItem(at: log)
        try append(log, "c\n")
        #expect(texts(try tail.next(maxLines: 10)) == ["c"])
        // The new file may get the deleted one's inode number: its first line tells them apart.
        #expect(tail.takeAbandoned() + tail.takeTruncations() == 1)
        #expect(tail.events.contains { $0.contains("gone") || $0.contains("replaced") })
    }

    @Test func aTruncatedLogIsReadAgainFromItsStart() throws {
        let dir = try TemporaryDirectory()
        let log = dir.file("articles.jsonl")
        try append(log, "one\ntwo\nthree\n")
        var tail = LogTail(path: FilePath(log.path), position: nil)
        try tail.next(maxLines: 10).forEach { tail.commit($0) }
        let handle = try FileHandle(forWritingTo: log)
        try handle.truncate(atOffset: 0)
        try handle.close()
        try append(log, "four\n")
        #expect(texts(try tail.next(maxLines: 10)) == ["four"])
        #expect(tail.takeTruncations() == 1)
    }

    @Test func aLineLongerThanTheReadChunkComesWhole() throws {
        let dir = try TemporaryDirectory()
        let log = dir.file("articles.jsonl")
        let long = String(repeating: "x", count: 3 << 20)
        try append(log, "\(long)\nshort\n")
        var tail = LogTail(path: FilePath(log.path), position: nil)
        let lines = try tail.next(maxLines: 10)
        #expect(lines.first?.bytes.count == long.utf8.count)
        #expect(tail.pendingLines == 2)
    }

    @Test func recordFieldsSkipNestedValuesAndDecodeEscapes() throws {
        let line = Array(#"{"id":"abc","file":{"name":"x\"}.txt","size":[1,{"a":2}]},"ingested_at":"2024-07-24T10:15:02.123Z","n":3,"rule":"r\u00e9 1"}"#.utf8)
        let fields = try #require(RecordFields(line, wanted: ["id", "ingested_at", "rule"]))
        #expect(fields["id"] == "abc")
        #expect(fields["ingested_at"] == "2024-07-24T10:15:02.123Z")
        #expect(fields["rule"] == "ré 1")
        #expect(RecordFields(Array("not json".utf8), wanted: ["id"]) == nil)
        // Reading stops once every wanted field is found: what follows is neither read nor judged.
        #expect(RecordFields(Array(#"{"id":"abc","text":"unterminated"#.utf8), wanted: ["id"])?["id"] == "abc")
        #expect(RecordFields(Array(#"{"text":"unterminated,"id":"abc"}"#.utf8), wanted: ["id"]) == nil)
        #expect(Timestamp(rfc3339: "2024-07-24T10:15:02.123Z")?.milliseconds == 1_721_816_102_123)
    }

    @Test func alertSubjectsKeepOneTokenPerRuleAndSeverity() {
        let settings = NatsSettings(servers: ["nats://127.0.0.1:4222"])
        #expect(settings.articlesSubject == "watcherd.articles")
        #expect(settings.alertSubject(severity: "high", rule: "iraq.talks *now*") == "watcherd.alerts.high.iraq_talks__now_")
    }

    @Test func natsSectionIsReadAndChecked() throws {
        let dir = try TemporaryDirectory()
        try dir.write("nats.creds", "creds")
        let config = try ConfigLoader.parse("""
            nats:
              servers: [nats://10.0.0.5:4222, tls://nats.example.org:4222]
              credentials: \(dir.file("nats.creds").path)
              subject_prefix: news.iraq
              streams: {articles: IRAQ_ARTICLES, alerts: IRAQ_ALERTS}
              replicas: 3
              duplicate_window_s: 3600
            """, file: "w.yaml")
        let nats = try #require(config.nats)
        #expect(nats.servers == ["nats://10.0.0.5:4222", "tls://nats.example.org:4222"])
        #expect(nats.credentialsFile == FilePath(dir.file("nats.creds").path))
        #expect(nats.articlesSubject == "news.iraq.articles")
        #expect(nats.articlesStream == "IRAQ_ARTICLES" && nats.alertsStream == "IRAQ_ALERTS")
        #expect(nats.replicas == 3 && nats.duplicateWindowSeconds == 3600)
        #expect(try ConfigLoader.parse("", file: "w.yaml").nats == nil)

        let bad: [(String, String)] = [
            ("nats:\n  replicas: 1\n", "servers"),
            ("nats:\n  servers: [\"http://x/y\"]\n", "not a NATS server URL"),
            ("nats:\n  servers: [nats://a:4222]\n  token: t\n  credentials: \(dir.file("nats.creds").path)\n", "not both"),
            ("nats:\n  servers: [nats://a:4222]\n  credentials: /nonexistent/x.creds\n", "cannot read"),
            ("nats:\n  servers: [nats://a:4222]\n  subject_prefix: \"a.*\"\n", "subject prefix"),
            ("nats:\n  servers: [nats://a:4222]\n  replicas: 7\n", "replicas"),
            ("nats:\n  servers: [nats://a:4222]\n  streams: {articles: X, alerts: X}\n", "different streams"),
            ("nats:\n  servers: [nats://a:4222]\n  colour: red\n", "colour"),
        ]
        for (yaml, expected) in bad {
            do {
                _ = try ConfigLoader.parse(yaml, file: "w.yaml")
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description)")
                #expect(error.description.contains("w.yaml"))
            }
        }
    }

    @Test func inputFromNatsNeedsTheNatsSectionAndFilesThatLeaveTheDropFolder() throws {
        let nats = "nats:\n  servers: [nats://127.0.0.1:4222]\n  streams: {work: JOBS}\n  consumer: team-a\n  ack_wait_s: 12\n"
        let config = try ConfigLoader.parse("input:\n  nats: true\n" + nats, file: "w.yaml")
        #expect(config.inputFromNats)
        #expect(config.nats?.workStream == "JOBS" && config.nats?.consumer == "team-a" && config.nats?.ackWaitSeconds == 12)
        #expect(config.nats?.workSubject == "watcherd.work")
        #expect(config.nats?.workSpec.workQueue == true)
        let bad: [(String, String)] = [
            ("input:\n  nats: true\n", "needs a nats: section"),
            ("input:\n  nats: true\ndisposition: keep\n" + nats, "disposition"),
            ("input:\n  nats: true\nignore: [\"*.tmp\"]\n" + nats, "ignore patterns"),
        ]
        for (yaml, expected) in bad {
            do {
                _ = try ConfigLoader.parse(yaml, file: "w.yaml")
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description)")
                #expect(error.description.contains("input.nats"))
            }
        }
        #expect(try ConfigLoader.parse("", file: "w.yaml").inputFromNats == false)
    }

    @Test func aQueuedFileKeepsOnlyASafeName() {
        #expect(WorkQueueConsumer.safeName("../../etc/passwd") == "passwd")
        #expect(WorkQueueConsumer.safeName(".hidden.txt") == "hidden.txt")
        #expect(WorkQueueConsumer.safeName("a\u{1}b.txt") == "ab.txt")
        #expect(WorkQueueConsumer.safeName("/") == "queued.txt")
        #expect(WorkQueueConsumer.safeName("خبر.txt") == "خبر.txt")
        #expect(WorkQueueConsumer.messageID(of: Array("abc".utf8)) == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// A batch is done only when every one of its messages was acknowledged: an ack of an earlier batch that comes
    /// late, or a second ack of one message, must not stand in for a message whose ack never came.
    @Test func acksCountOnlyForTheMessagesOfTheRunningBatch() {
        let tally = NatsAckTally()
        tally.begin(awaiting: ["a", "b"])
        tally.record(messageID: "a", duplicate: false, failure: nil)
        tally.record(messageID: "a", duplicate: true, failure: nil)  // the same message twice
        tally.record(messageID: "old", duplicate: false, failure: nil)  // a late ack of an earlier batch
        tally.record(messageID: nil, duplicate: false, failure: nil)  // no id at all
        var (counts, error) = tally.counts
        #expect(counts == NatsAckTally.Counts(acknowledged: 1, duplicates: 0, stray: 3))
        #expect(error == nil)
        let timeout = NatsError(operation: "publish", reason: "timeout", jetStreamCode: 0, transient: true)
        tally.record(messageID: "b", duplicate: nil, failure: timeout)
        (counts, error) = tally.counts
        #expect(counts.acknowledged == 1)
        #expect(error != nil)
        // A new batch starts clean, and a message id listed twice is awaited twice.
        tally.begin(awaiting: ["b", "c", "c"])
        tally.record(messageID: "c", duplicate: false, failure: nil)
        tally.record(messageID: "c", duplicate: true, failure: nil)
        tally.record(messageID: "b", duplicate: true, failure: nil)
        (counts, error) = tally.counts
        #expect(counts == NatsAckTally.Counts(acknowledged: 3, duplicates: 2, stray: 0))
        #expect(error == nil)
    }

    /// A password or token in a server URL never reaches the log or check-config's output.
    @Test func credentialsInServerURLsAreNotShown() {
        // The C client reads credentials up to the last «@»: a secret may hold «/».
        let endpoint = NatsEndpoint(servers: ["nats://alice:Hunter2Secret@nats1:4222", "nats://s3cr3t@nats2", "nats3:4222",
                                              "alice:pw@nats4", "nats://alice:Hun/ter2@nats5:4222"])
        #expect(endpoint.displayServers == "nats://alice:***@nats1:4222, nats://***@nats2, nats3:4222, alice:***@nats4, nats://alice:***@nats5:4222")
        #expect(!endpoint.displayServers.contains("Hunter2") && !endpoint.displayServers.contains("s3cr3t"))
        #expect(endpoint.credentialsInURL)
        #expect(!NatsEndpoint(servers: ["nats://nats1:4222"]).credentialsInURL)
    }
}
