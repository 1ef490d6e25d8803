import Foundation
import Logging
import Synchronization
import SystemPackage
import Testing
import Watcher

@Suite struct OutputTests {
    let logger = Logger(label: "test")

    @Test func tornLastLineIsCutAtOpen() throws {
        let dir = try TemporaryDirectory()
        try dir.write("log.jsonl", "{\"id\":1}\n{\"id\":2}\n{\"id\":3,\"te")
        let log = try JSONLinesLog(path: FilePath(dir.file("log.jsonl").path), logger: logger)
        try log.append(Array(#"{"id":4}"#.utf8))
        let text = try String(contentsOf: dir.file("log.jsonl"), encoding: .utf8)
        #expect(text == "{\"id\":1}\n{\"id\":2}\n{\"id\":4}\n")
    }

    /// A log truncated in place behind the writer's back (logrotate's `copytruncate`) has a new first line: the
    /// position the ledger stores carries the new file's fingerprint, not the one remembered from before.
    @Test func thePositionFollowsANewFirstLineAfterATruncation() throws {
        let dir = try TemporaryDirectory()
        let path = FilePath(dir.file("log.jsonl").path)
        let log = try JSONLinesLog(path: path, logger: logger)
        #expect(try log.position().fingerprint == 0)
        try log.append(Array(#"{"id":"a","padding":"xxxxxxxxxxxxxxxx"}"#.utf8))
        let before = try log.position()
        #expect(before.fingerprint == (try LogFingerprint.of(path)) && before.fingerprint != 0)
        let handle = try FileHandle(forWritingTo: dir.file("log.jsonl"))
        try handle.truncate(atOffset: 0)
        try handle.close()
        try log.append(Array(#"{"id":"b"}"#.utf8))
        let after = try log.position()
        #expect(after.fingerprint == (try LogFingerprint.of(path)))
        #expect(!after.sameFile(as: before))
    }

    /// The same when the line written after the truncation is longer than the whole old file: the truncation is
    /// seen by the append (the file is smaller than it was), not only by a position that finds it shorter.
    @Test func thePositionFollowsANewFirstLineWhenTheNextLineIsLonger() throws {
        let dir = try TemporaryDirectory()
        let path = FilePath(dir.file("log.jsonl").path)
        let log = try JSONLinesLog(path: path, logger: logger)
        try log.append(Array(#"{"id":"a"}"#.utf8))
        let before = try log.position()
        let handle = try FileHandle(forWritingTo: dir.file("log.jsonl"))
        try handle.truncate(atOffset: 0)
        try handle.close()
        try log.append(Array(#"{"id":"b","padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#.utf8))
        let after = try log.position()
        #expect(after.offset > before.offset)
        #expect(after.fingerprint == (try LogFingerprint.of(path)))
        #expect(!after.sameFile(as: before))
    }

    @Test func aFileWithNoNewlineAtAllIsEmptied() throws {
        let dir = try TemporaryDirectory()
        try dir.write("log.jsonl", "{\"partial")
        _ = try JSONLinesLog(path: FilePath(dir.file("log.jsonl").path), logger: logger)
        #expect(try Data(contentsOf: dir.file("log.jsonl")).isEmpty)
    }

    func config(_ dir: TemporaryDirectory) -> WatcherConfig {
        var config = WatcherConfig()
        config.dropFolder = FilePath(dir.file("drop").path)
        config.articlesLog = FilePath(dir.file("out/articles.jsonl").path)
        config.alertsLog = FilePath(dir.file("out/alerts.jsonl").path)
        config.stateFolder = FilePath(dir.file("out/state").path)
        return config
    }

    @Test func ledgerSkipsAKeyItHasSeenEvenAfterRestart() async throws {
        let dir = try TemporaryDirectory()
        let key = RecordKey(hashing: Array("hello".utf8))
        let line = Array("{\"id\":\"\(key)\"}".utf8)
        do {
            let ledger = try RecordLedger(config: config(dir), logger: logger)
            #expect(try await ledger.commit(.init(key: key, record: line)) == .written)
            #expect(try await ledger.commit(.init(key: key, record: line)) == .duplicate)
        }
        let reopened = try RecordLedger(config: config(dir), logger: logger)
        #expect(try await reopened.contains(key))
        #expect(try await reopened.commit(.init(key: key, record: line)) == .duplicate)
    }

    /// `duplicates: record` lets the same bytes dropped again be recorded again, but never the same drop: a file seen
    /// again by a reconcile (under `disposition: keep`), after a failed move or after a crash is recorded once.
    @Test func aDropIsRecordedOnceEvenWhenItsBytesMayRepeat() async throws {
        let dir = try TemporaryDirectory()
        let key = RecordKey(hashing: Array("same bytes".utf8))
        let first = DropID(hex: "0123456789abcdef0123456789abcdef")!
        let second = DropID(hex: "fedcba9876543210fedcba9876543210")!
        do {
            let ledger = try RecordLedger(config: config(dir), logger: logger)
            #expect(try await ledger.commit(.init(key: key, record: Array("{}".utf8), drop: first, repeatable: true)) == .written)
            #expect(try await ledger.commit(.init(key: key, record: Array("{}".utf8), drop: first, repeatable: true)) == .recordedBefore)
            #expect(try await ledger.commit(.init(key: key, record: Array("{}".utf8), drop: second, repeatable: true)) == .written)
            #expect(try await ledger.commit(.init(key: key, record: Array("{}".utf8), drop: nil, repeatable: false)) == .duplicate)
            #expect(try await ledger.isRecorded(first))
            #expect(try await !ledger.isRecorded(DropID(hex: "00000000000000000000000000000000")!))
        }
        let reopened = try RecordLedger(config: config(dir), logger: logger)
        #expect(try await reopened.isRecorded(first))
        #expect(try await reopened.isRecorded(second))
        #expect(try await reopened.commit(.init(key: key, record: Array("{}".utf8), drop: second, repeatable: true)) == .recordedBefore)
        let lines = try String(contentsOf: dir.file("out/articles.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
    }

    /// A crash between the record and the key file: the drop id is read back from an `ok` record's `file` object
    /// (not from the article's own fields further on, which a site could fill with anything, nor from an error
    /// record, whose file must be processed again to be quarantined).
    @Test func dropsMissingFromTheKeyFileAreRecoveredFromTheArticleLog() async throws {
        let dir = try TemporaryDirectory()
        let key = RecordKey(hashing: Array("crash".utf8))
        let failedKey = RecordKey(hashing: Array("failed".utf8))
        let drop = "00112233445566778899aabbccddeeff"
        let planted = "ffeeddccbbaa99887766554433221100"
        let failed = "0000000000000000ffffffffffffffff"
        let ok = #"{"id":"sha256:\#(key.hex)","file":{"name":"a, \"drop_id\":\"x.txt","sha256":"\#(key.hex)","drop_id":"\#(drop)"},"#
            + #""ingested_at":"2026-11-24T00:00:00Z","status":"ok","article":{"extra":{"drop_id":"\#(planted)"}}}"#
        let error = #"{"id":"sha256:\#(failedKey.hex)","file":{"name":"b.bin","sha256":"\#(failedKey.hex)","drop_id":"\#(failed)"},"#
            + #""ingested_at":"2026-11-24T00:00:01Z","status":"error","error":{"code":"binary"}}"#
        try FileManager.default.createDirectory(at: dir.file("out/state"), withIntermediateDirectories: true)
        // A drop id with a digit too many is no drop id; its first 32 digits must not be taken for one.
        let longKey = RecordKey(hashing: Array("long".utf8))
        let long = "11111111111111111111111111111111"
        let tooLong = #"{"id":"sha256:\#(longKey.hex)","file":{"name":"c.txt","sha256":"\#(longKey.hex)","drop_id":"\#(long)1"},"#
            + #""ingested_at":"2026-11-24T00:00:02Z","status":"ok"}"#
        try Data((ok + "\n" + error + "\n" + tooLong + "\n").utf8).write(to: dir.file("out/articles.jsonl"))
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        #expect(try await ledger.contains(key))
        #expect(try await ledger.contains(failedKey))
        #expect(try await ledger.isRecorded(DropID(hex: drop)!))
        #expect(try await !ledger.isRecorded(DropID(hex: planted)!))
        #expect(try await !ledger.isRecorded(DropID(hex: failed)!))
        #expect(try await !ledger.isRecorded(DropID(hex: long)!))
    }

    /// Only whole key file lines count: the key alone, or the key, a space and a drop id. A line with anything else
    /// after its 64 digits (written by hand, or by a bug) proves nothing about either.
    @Test func keyFileLinesOfAnyOtherShapeAreNotTrusted() async throws {
        let dir = try TemporaryDirectory()
        let plain = RecordKey(hashing: Array("plain".utf8))
        let withDrop = RecordKey(hashing: Array("with drop".utf8))
        let padded = RecordKey(hashing: Array("padded".utf8))
        let badDrop = RecordKey(hashing: Array("bad drop".utf8))
        let drop = "00112233445566778899aabbccddeeff"
        let lines = [plain.hex, "\(withDrop.hex) \(drop)", "\(padded.hex)x", "\(badDrop.hex) \(drop.dropLast())z"]
        try FileManager.default.createDirectory(at: dir.file("out/state"), withIntermediateDirectories: true)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: dir.file("out/state/recorded.keys"))
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        #expect(try await ledger.contains(plain))
        #expect(try await ledger.contains(withDrop))
        #expect(try await ledger.isRecorded(DropID(hex: drop)!))
        #expect(try await !ledger.contains(padded))
        #expect(try await !ledger.contains(badDrop))
    }

    @Test func dropIDPrintsAndParsesHex() {
        let hex = "0123456789abcdef0fedcba987654321"
        #expect(DropID(hex: hex)?.hex == hex)
        #expect(DropID(hex: "0123456789ABCDEF0FEDCBA987654321")?.hex == hex)
        #expect(DropID(hex: "0123456789abcdef0fedcba98765432g") == nil)
        #expect(DropID(hex: String(hex.dropLast())) == nil)
    }

    @Test func alertsAlreadyInTheLogAreNotWrittenAgain() async throws {
        let dir = try TemporaryDirectory()
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        let alert = (id: "alert:1", line: Array(#"{"id":"alert:1"}"#.utf8))
        _ = try await ledger.commit(.init(key: RecordKey(hashing: [1]), record: Array("{}".utf8), alerts: [alert]))
        _ = try await ledger.commit(.init(key: RecordKey(hashing: [2]), record: Array("{}".utf8), alerts: [alert]))
        let text = try String(contentsOf: dir.file("out/alerts.jsonl"), encoding: .utf8)
        #expect(text.split(separator: "\n").count == 1)
    }

    /// The two halves of a commit: `write` puts the lines in the log in the order it is called (the order the
    /// pipeline decides in), and `durable` does not return before a flush covers them (here, the interval's tick).
    @Test func writesKeepTheirOrderAndDurableWaitsForTheTick() async throws {
        let dir = try TemporaryDirectory()
        var config = config(dir)
        config.fsync = .interval(milliseconds: 60_000)
        let ledger = try RecordLedger(config: config, logger: logger)
        var receipts: [RecordLedger.Receipt] = []
        for n in 0..<3 {
            receipts.append(try await ledger.write(.init(key: RecordKey(hashing: [UInt8(n)]), record: Array("{\"n\":\(n)}".utf8))))
        }
        #expect(receipts.map(\.outcome) == [.written, .written, .written])
        let again = try await ledger.write(.init(key: RecordKey(hashing: [1]), record: Array("{\"n\":9}".utf8)))
        #expect(again.outcome == .duplicate)

        let returned = Atomic<Bool>(false)
        let waiter = Task {
            try await ledger.durable(receipts[2])
            returned.store(true, ordering: .releasing)
        }
        try await Task.sleep(for: .milliseconds(200))
        let early = returned.load(ordering: .acquiring)
        #expect(!early, "durable returned before any flush")
        #expect(await ledger.durableCommits == 0)
        await ledger.flush()
        try await waiter.value
        #expect(await ledger.durableCommits >= 3)
        try await ledger.durable(again)  // the record it duplicates is on disk now
        let lines = try String(contentsOf: dir.file("out/articles.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines == ["{\"n\":0}", "{\"n\":1}", "{\"n\":2}"])
    }

    /// Group commit: concurrent commits share flushes, and none returns before a flush that covers its own line.
    @Test func concurrentCommitsShareFlushesAndEachWaitsForItsOwn() async throws {
        let dir = try TemporaryDirectory()
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        let count = 200
        let observed = try await withThrowingTaskGroup(of: (Int, UInt64).self) { group in
            for n in 0..<count {
                group.addTask {
                    let key = RecordKey(hashing: Array("article \(n)".utf8))
                    let outcome = try await ledger.commit(.init(key: key, record: Array("{\"n\":\(n)}".utf8)))
                    #expect(outcome == .written)
                    return (n, await ledger.durableCommits)
                }
            }
            var observed: [Int: UInt64] = [:]
            for try await (n, durable) in group { observed[n] = durable }
            return observed
        }
        // A commit's ticket is its line's place in the log: it must have been covered when the commit returned.
        let lines = try String(contentsOf: dir.file("out/articles.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == count)
        for (index, line) in lines.enumerated() {
            let n = Int(line.dropFirst(5).dropLast()) ?? -1
            #expect(observed[n].map { $0 >= UInt64(index + 1) } == true, "commit \(n), line \(index + 1), returned when \(observed[n] ?? 0) were durable")
        }
        let flushes = await ledger.completedFlushes
        #expect(flushes >= 1)
        #expect(flushes < count)
    }

    /// Linux reports a failed writeback once: a later fsync that succeeds says nothing about the lost lines. After one
    /// failed flush the ledger records nothing more, and cannot be asked to vouch for a key, so no source is disposed.
    @Test func aFailedFsyncStopsRecordingForTheRestOfTheRun() async throws {
        let dir = try TemporaryDirectory()
        let calls = Mutex(0)
        let failOnce = DurableSync { _, path throws(SystemError) in
            let first = calls.withLock { calls in
                calls += 1
                return calls == 1
            }
            if first { throw SystemError(call: "fsync", path: path, errno: .ioError) }
        }
        let ledger = try RecordLedger(config: config(dir), logger: logger, syncer: failOnce)
        let first = RecordKey(hashing: Array("first".utf8))
        await #expect(throws: (any Error).self) { try await ledger.commit(.init(key: first, record: Array("{}".utf8))) }
        // The next fsync would succeed; the ledger must not believe it.
        let second = RecordKey(hashing: Array("second".utf8))
        await #expect(throws: (any Error).self) { try await ledger.commit(.init(key: second, record: Array("{}".utf8))) }
        await #expect(throws: (any Error).self) { try await ledger.isRecorded(first) }
        await #expect(throws: (any Error).self) { try await ledger.commit(.init(key: first, record: Array("{}".utf8))) }
        let lines = try String(contentsOf: dir.file("out/articles.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)  // only the first record was written; nothing after the failure
    }

    /// The pipeline after a failed fsync: the file stays in the drop folder, and the metrics and systemd's status line
    /// say recording stopped (before, only one log line did; `status` and the metrics looked healthy).
    @Test func aFailedFsyncIsShownInTheMetricsAndTheStatusLine() async throws {
        let dir = try TemporaryDirectory()
        let config = config(dir)
        let failing = DurableSync { _, path throws(SystemError) in throw SystemError(call: "fsync", path: path, errno: .ioError) }
        let ledger = try RecordLedger(config: config, logger: logger, syncer: failing)
        let stats = PipelineStats()
        let queue = IngestQueue()
        let service = PipelineService(settings: LiveSettings(config: config, pipeline: Pipeline()), queue: queue, ledger: ledger,
                                      stats: stats, logger: logger)
        try dir.write("drop/a.txt", "عنوان الخبر\n\nقال مسؤول إن الاجتماع سيعقد غدا في العاصمة.\n")
        queue.offer(FilePath(dir.file("drop/a.txt").path), origin: .event)
        let run = Task { try await service.run() }
        let clock = ContinuousClock()
        // Generous: under a full parallel test run on two cores, building the pipeline and its first flush took over
        // 10 s. The loop ends as soon as the flag is set.
        let deadline = clock.now + .seconds(90)
        while !stats.recordingStopped.load(ordering: .relaxed) && clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        queue.close()
        run.cancel()
        _ = try? await run.value
        let stopped = stats.recordingStopped.load(ordering: .relaxed)
        #expect(stopped)
        #expect(FileManager.default.fileExists(atPath: dir.file("drop/a.txt").path), "the file waits in the drop folder")
        let snapshot = MetricsSnapshot(stats: stats, queueDepth: 0, inFlight: 0, recorded: 0, startedAt: .now())
        #expect(snapshot.render().contains("watcherd_process_id \(getpid())"))
        #expect(snapshot.statusLine.hasPrefix("RECORDING STOPPED"))
        #expect(snapshot.render().contains("\nwatcherd_recording_stopped 1\n"))
        #expect(MetricsSnapshot(stats: PipelineStats(), queueDepth: 0, inFlight: 0, recorded: 0, startedAt: .now()).render()
            .contains("\nwatcherd_recording_stopped 0\n"))
    }

    @Test func recordKeyPrintsAndParsesHex() {
        let key = RecordKey(hashing: Array("abc".utf8))
        #expect(key.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(key.description == "sha256:" + key.hex)
        #expect(RecordKey(hex: key.hex) == key)
        #expect(RecordKey(hex: "xyz") == nil)
    }

    @Test func recordKeyHexFollowsTheDigestBytes() {
        let key = RecordKey(hashing: Array("watcherd".utf8))
        #expect(key.hex == key.bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined())
    }

    /// RFC 3339 in UTC with milliseconds, zero-padded, before and after the epoch; years past 9999 keep every digit.
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"), (1_721_816_102_123, "2024-07-24T10:15:02.123Z"),
        (-1, "1969-12-31T23:59:59.999Z"), (946_684_800_007, "2000-01-01T00:00:00.007Z"),
        (253_402_300_800_000, "10000-01-01T00:00:00.000Z"),
    ])
    func timestampsPrintAsRFC3339(milliseconds: Int64, text: String) {
        #expect(Timestamp(milliseconds: milliseconds).description == text)
    }

    @Test func disposerNeverOverwritesAndKeepsSubfolders() throws {
        let dir = try TemporaryDirectory()
        let processed = FilePath(dir.file("processed").path)
        let disposer = FileDisposer(processedFolder: processed, failedFolder: FilePath(dir.file("failed").path), disposition: .move)
        for round in 0..<3 {
            try dir.write("drop/sub/report.txt", "round \(round)")
            try disposer.dispose(FilePath(dir.file("drop/sub/report.txt").path), relativePath: "sub/report.txt")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.file("processed/sub").path).sorted()
        #expect(names == ["report.2.txt", "report.3.txt", "report.txt"])
        #expect(try String(contentsOf: dir.file("processed/sub/report.txt"), encoding: .utf8) == "round 0")
    }

    /// A fixed-name feed fills `latest.2.txt` … in time; past 99 numbers a name with the time in it is used. Before,
    /// ten thousand names were tried per file, and after them every drop of the name stayed with «File exists».
    @Test func aNameTakenAHundredTimesGetsATimeBasedOne() throws {
        let dir = try TemporaryDirectory()
        let disposer = FileDisposer(processedFolder: FilePath(dir.file("processed").path), failedFolder: FilePath(dir.file("failed").path), disposition: .move)
        try dir.write("processed/latest.txt", "0")
        for n in 2...99 { try dir.write("processed/latest.\(n).txt", "\(n)") }
        for round in 0..<3 {
            try dir.write("drop/latest.txt", "new \(round)")
            let target = try #require(try disposer.dispose(FilePath(dir.file("drop/latest.txt").path), relativePath: "latest.txt"))
            #expect(target.lastComponent?.string.hasPrefix("latest.") == true && target.lastComponent?.string.hasSuffix(".txt") == true)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.file("processed").path)
        #expect(names.count == 102)
        #expect(!FileManager.default.fileExists(atPath: dir.file("drop/latest.txt").path))
    }

    @Test func quarantineWritesASidecar() throws {
        let dir = try TemporaryDirectory()
        let disposer = FileDisposer(processedFolder: FilePath(dir.file("p").path), failedFolder: FilePath(dir.file("failed").path), disposition: .move)
        for _ in 0..<2 {
            try dir.write("drop/bad.bin", "x")
            try disposer.quarantine(FilePath(dir.file("drop/bad.bin").path), relativePath: "bad.bin", sidecar: Array("{\"code\":\"binary\"}\n".utf8))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.file("failed").path).sorted()
        #expect(names == ["bad.2.bin", "bad.2.bin.error.json", "bad.bin", "bad.bin.error.json"])
    }

    /// A name of up to 255 bytes can be dropped, but «.error.json» or «.2» after it would not fit: such a name is cut
    /// (at a character boundary, with a hash of the whole name) so the file still leaves the drop folder.
    @Test func namesNearTheLimitAreCutToFitTheSidecarAndTheNumber() throws {
        let dir = try TemporaryDirectory()
        let disposer = FileDisposer(processedFolder: FilePath(dir.file("processed").path), failedFolder: FilePath(dir.file("failed").path),
                                    disposition: .move)
        let long = String(repeating: "ا", count: 124) + ".json"  // 253 bytes
        let other = String(repeating: "ا", count: 123) + "ب.json"
        for name in [long, long, other] {
            try dir.write("drop/" + name, "{bad")
            try disposer.quarantine(FilePath(dir.file("drop/" + name).path), relativePath: FilePath(name), sidecar: Array("{}\n".utf8))
            #expect(!FileManager.default.fileExists(atPath: dir.file("drop/" + name).path))
        }
        let failed = try FileManager.default.contentsOfDirectory(atPath: dir.file("failed").path).sorted()
        #expect(failed.count == 6)
        for name in failed {
            #expect(name.utf8.count <= 255, "\(name)")
            #expect(name.hasPrefix(String(repeating: "ا", count: 100)), "\(name)")
            #expect(name.hasSuffix(".json"), "\(name)")
        }
        for name in failed where !name.hasSuffix(".error.json") {
            #expect(failed.contains(name + ".error.json"), "\(name)")
        }
        // The two names cut alike keep apart by their hashes; the second drop of one name gets a number.
        #expect(Set(failed.compactMap { $0.split(separator: "~").last.map { String($0.prefix(8)) } }).count == 2)
        #expect(failed.contains { $0.contains(".2.json") })
        for _ in 0..<2 {
            try dir.write("drop/" + long, "ok")
            try disposer.dispose(FilePath(dir.file("drop/" + long).path), relativePath: FilePath(long))
        }
        let processed = try FileManager.default.contentsOfDirectory(atPath: dir.file("processed").path).sorted()
        #expect(processed.count == 2)
        #expect(processed.contains(long))
        #expect(processed.allSatisfy { $0.utf8.count <= 255 })
    }

    @Test func deleteAndKeepDispositions() throws {
        let dir = try TemporaryDirectory()
        try dir.write("drop/a.txt", "a")
        try FileDisposer(processedFolder: "/nonexistent", failedFolder: "/nonexistent", disposition: .delete)
            .dispose(FilePath(dir.file("drop/a.txt").path), relativePath: "a.txt")
        #expect(!FileManager.default.fileExists(atPath: dir.file("drop/a.txt").path))
        try dir.write("drop/b.txt", "b")
        try FileDisposer(processedFolder: "/nonexistent", failedFolder: "/nonexistent", disposition: .keep)
            .dispose(FilePath(dir.file("drop/b.txt").path), relativePath: "b.txt")
        #expect(FileManager.default.fileExists(atPath: dir.file("drop/b.txt").path))
    }
}

/// Moves across file systems (drop folder on tmpfs, quarantine on disk), as under systemd's bind mounts.
@Suite struct CrossDeviceDisposerTests {
    static var shmAvailable: Bool {
        var a = stat(), b = stat()
        return stat("/dev/shm", &a) == 0 && stat(NSTemporaryDirectory(), &b) == 0 && a.st_dev != b.st_dev
    }

    @Test(.enabled(if: shmAvailable)) func regularFilesLinksAndFIFOsCrossDevices() throws {
        let shm = try TemporaryDirectory(under: "/dev/shm")
        let drop = shm.url
        let dir = try TemporaryDirectory()
        let disposer = FileDisposer(processedFolder: FilePath(dir.file("processed").path), failedFolder: FilePath(dir.file("failed").path), disposition: .move)
        try Data("article".utf8).write(to: drop.appendingPathComponent("a.txt"))
        #expect(symlink("/etc/hostname", drop.appendingPathComponent("link").path) == 0)
        #expect(mkfifo(drop.appendingPathComponent("pipe").path, 0o600) == 0)
        try disposer.dispose(FilePath(drop.appendingPathComponent("a.txt").path), relativePath: "a.txt")
        try disposer.quarantine(FilePath(drop.appendingPathComponent("link").path), relativePath: "link", sidecar: Array("{}\n".utf8))
        try disposer.quarantine(FilePath(drop.appendingPathComponent("pipe").path), relativePath: "pipe", sidecar: Array("{}\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: drop.path).isEmpty)
        #expect(try String(contentsOf: dir.file("processed/a.txt"), encoding: .utf8) == "article")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("failed/link").path) == "/etc/hostname")
        var info = stat()
        #expect(lstat(dir.file("failed/pipe").path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    /// A name already taken in the processed folder on the other file system gets the next number, as it does on
    /// the same one (the copy used to fail on it, and the file stayed in the drop folder for good).
    @Test(.enabled(if: shmAvailable)) func aTakenNameAcrossDevicesGetsTheNextNumber() throws {
        let shm = try TemporaryDirectory(under: "/dev/shm")
        let drop = shm.url
        let dir = try TemporaryDirectory()
        let disposer = FileDisposer(processedFolder: FilePath(dir.file("processed").path), failedFolder: FilePath(dir.file("failed").path), disposition: .move)
        for version in ["first", "second", "third"] {
            try Data(version.utf8).write(to: drop.appendingPathComponent("report.txt"))
            try disposer.dispose(FilePath(drop.appendingPathComponent("report.txt").path), relativePath: "report.txt")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: drop.path).isEmpty)
        #expect(try String(contentsOf: dir.file("processed/report.txt"), encoding: .utf8) == "first")
        #expect(try String(contentsOf: dir.file("processed/report.2.txt"), encoding: .utf8) == "second")
        #expect(try String(contentsOf: dir.file("processed/report.3.txt"), encoding: .utf8) == "third")
    }
}

@Suite struct JSONLinesFollowerTests {
    /// `tail` reads a large log in pieces: every line once, in order, however the pieces cut the lines, and the
    /// follower then goes on from where the pieces stopped.
    @Test func theBacklogInPiecesIsEveryLineOnce() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("alerts.jsonl")
        let lines = (0..<200).map { "{\"n\":\($0),\"pad\":\"\(String(repeating: "ب", count: $0 % 17))\"}" }
        try Data((lines.joined(separator: "\n") + "\n{\"n\":").utf8).write(to: path)
        for size in [1, 7, 64, 1 << 20] {
            var follower = JSONLinesFollower(path: path.path)
            var read: [String] = []
            while case let piece = follower.backlog(maxBytes: size), !piece.isEmpty { read += piece }
            #expect(read == lines, "pieces of \(size) bytes")
            #expect(follower.newLines().isEmpty, "the partial last line waits")
        }
        var follower = JSONLinesFollower(path: path.path)
        while !follower.backlog(maxBytes: 100).isEmpty {}
        let handle = try FileHandle(forWritingTo: path)
        handle.seekToEndOfFile()
        handle.write(Data("200}\n".utf8))
        try handle.close()
        #expect(follower.newLines() == ["{\"n\":200}"])
    }

    /// watcherd cuts a torn last line when it starts, then appends: the next alert must come out whole, not glued to
    /// the cut one (which also turned it into another rule's alert, or into no JSON at all).
    @Test func aCutPartialLineIsNotGluedToTheNextLine() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("alerts.jsonl")
        try Data("{\"a\":1}\n{\"rule\":\"torn-".utf8).write(to: path)
        var follower = JSONLinesFollower(path: path.path)
        #expect(follower.newLines() == ["{\"a\":1}"])
        let handle = try FileHandle(forWritingTo: path)
        try handle.truncate(atOffset: 8)
        try handle.seekToEnd()
        handle.write(Data("{\"rule\":\"next\",\"pad\":\"long enough to pass the cut\"}\n".utf8))
        try handle.close()
        #expect(follower.newLines() == ["{\"rule\":\"next\",\"pad\":\"long enough to pass the cut\"}"])
    }

    @Test func partialLinesWaitAndRotationIsFollowed() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("alerts.jsonl")
        try Data("{\"a\":1}\n{\"a\":2}\n{\"a\":".utf8).write(to: path)
        var follower = JSONLinesFollower(path: path.path)
        #expect(follower.newLines() == ["{\"a\":1}", "{\"a\":2}"])
        let handle = try FileHandle(forWritingTo: path)
        handle.seekToEndOfFile()
        handle.write(Data("3}\n".utf8))
        try handle.close()
        #expect(follower.newLines() == ["{\"a\":3}"])
        // logrotate `create`: the old file moves away after one last line, a new one takes the name.
        let rotated = FileManager.default.fileExists(atPath: path.path)
        #expect(rotated)
        let old = try FileHandle(forWritingTo: path)
        old.seekToEndOfFile()
        old.write(Data("{\"a\":4}\n".utf8))
        try old.close()
        try FileManager.default.moveItem(at: path, to: dir.file("alerts.jsonl.1"))
        try Data("{\"a\":5}\n".utf8).write(to: path)
        #expect(follower.newLines() == ["{\"a\":4}", "{\"a\":5}"])
        #expect(follower.newLines().isEmpty)
    }

    /// logrotate `create` renames the log and makes a new one, but watcherd writes to the old file until its SIGHUP:
    /// lines written there after the follower saw the new file must still be read, before the new file's.
    @Test func linesWrittenToTheRotatedFileBeforeTheWriterReopensAreRead() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("alerts.jsonl")
        try Data("{\"n\":1}\n".utf8).write(to: path)
        let writer = try FileHandle(forWritingTo: path)
        writer.seekToEndOfFile()
        var follower = JSONLinesFollower(path: path.path)
        #expect(follower.newLines() == ["{\"n\":1}"])
        try FileManager.default.moveItem(at: path, to: dir.file("alerts.jsonl.1"))
        FileManager.default.createFile(atPath: path.path, contents: nil)
        #expect(follower.newLines().isEmpty)
        writer.write(Data("{\"n\":2}\n".utf8))  // the writer has not reopened yet
        #expect(follower.newLines() == ["{\"n\":2}"])
        writer.write(Data("{\"n\":3}\n".utf8))
        try writer.close()
        let reopened = try FileHandle(forWritingTo: path)
        reopened.write(Data("{\"n\":4}\n".utf8))
        try reopened.close()
        #expect(follower.newLines() == ["{\"n\":3}", "{\"n\":4}"])
        #expect(follower.newLines().isEmpty)
    }

    /// A file that grows while the follower reads it must not look truncated: that re-read the log from its start and
    /// printed every line again (`watcherd tail` under load, and the benchmark's reader falling behind).
    @Test func aFileGrowingWhileItIsReadGivesEveryLineOnce() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("articles.jsonl")
        FileManager.default.createFile(atPath: path.path, contents: nil)
        let count = 4_000
        let padding = String(repeating: "x", count: 2_000)
        let writer = Task.detached {
            let handle = try FileHandle(forWritingTo: path)
            for i in 0..<count { handle.write(Data("{\"n\":\(i),\"pad\":\"\(padding)\"}\n".utf8)) }
            try handle.close()
        }
        var follower = JSONLinesFollower(path: path.path)
        var numbers: [Int] = []
        let deadline = Date().addingTimeInterval(30)
        while numbers.count < count && Date() < deadline {
            for line in follower.newLines() {
                let digits = line.dropFirst(5).prefix { $0.isNumber }
                numbers.append(Int(digits) ?? -1)
            }
        }
        try await writer.value
        numbers += follower.newLines().map { Int($0.dropFirst(5).prefix { $0.isNumber }) ?? -1 }
        #expect(numbers.count == count)
        let firstOutOfPlace = numbers.indices.first { numbers[$0] != $0 }
        #expect(firstOutOfPlace == nil, "line \(firstOutOfPlace ?? -1) came back as \(firstOutOfPlace.map { numbers[$0] } ?? -1)")
    }
}

/// Alert ids are remembered across restarts (the ledger, `stories.jsonl`): the bytes-built id must be the one the
/// string formula always gave.
@Suite struct AlertIDTests {
    @Test func theIdIsTheHashOfTheArticleKeyAndTheRule() {
        for seed in ["", "a", "مقال", String(repeating: "x", count: 300)] {
            let article = RecordKey(hashing: Array(seed.utf8))
            for rule in ["r", "militia-threat-us-forces", "قاعدة-عربية", ""] {
                let formula = "alert:" + String(RecordKey(hashing: Array((article.hex + "\u{0}" + rule).utf8)).hex.prefix(20))
                #expect(StoryMemory.alertID(article: article, rule: rule) == formula, "\(seed) / \(rule)")
            }
        }
    }

    @Test func hexWithAPrefixIsThePrefixAndTheLeadingDigits() {
        let key = RecordKey(hashing: Array("article".utf8))
        #expect(key.hex(prefix: "sha256:", digits: 64) == key.description)
        #expect(key.hex(prefix: "alert:", digits: 20) == "alert:" + key.hex.prefix(20))
        #expect(key.hex(prefix: "", digits: 0) == "")
        var bytes: [UInt8] = [1]
        key.appendHex(to: &bytes)
        #expect(bytes == [1] + Array(key.hex.utf8))
    }

    /// A record written with the parser's block spans (what `Pipeline.process` keeps beside the article) is byte for
    /// byte the one whose spans are counted again from the article, for text, HTML and JSON articles; and the kept
    /// spans are forgotten as soon as the article is set again.
    @Test func recordsWrittenWithTheParsersSpansEqualThoseCountedAgain() throws {
        var files: [(String, [UInt8])] = try (0..<5).map { ("\($0).txt", try Fixtures.seed($0)) }
        for page in ["bbc-arabic.html", "cnn-arabic.html", "alyaum.html", "elbalad.html"] {
            files.append((page, try Fixtures.bytes("Tests/Fixtures/pages/" + page)))
        }
        for file in ["jsonld-article.html", "scraper-article.json"] {
            files.append((file, try Fixtures.bytes("Tests/Fixtures/parse/" + file)))
        }
        for (name, bytes) in files {
            var record = Pipeline().process(DroppedFile(path: FilePath("/drop/" + name), relativePath: FilePath(name), bytes: bytes)).record
            #expect(record.articleSpans != nil && record.article?.body.isEmpty == false, "\(name)")
            let kept = record.jsonLine()
            let article = record.article
            record.article = article
            #expect(record.articleSpans == nil)
            #expect(record.jsonLine() == kept, "\(name)")
        }
    }
}
