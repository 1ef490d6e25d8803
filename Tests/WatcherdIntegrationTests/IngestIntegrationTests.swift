import Foundation
import Testing

/// The ingest core's promises, checked against the real binary: never miss, never half-read, never duplicate,
/// never lose a dropped file.
@Suite(.serialized)
struct IngestIntegrationTests {
    @Test func atomicRenameGivesOneRecord() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try daemon.dropAtomically("renamed.txt", articleText(1))
        let records = try daemon.waitForRecords(1)
        try daemon.waitUntil(timeout: .seconds(10), "source moved") { daemon.files(in: daemon.processed) == ["renamed.txt"] }
        #expect(records.count == 1)
        #expect(records[0]["status"] as? String == "ok")
        #expect((records[0]["file"] as? [String: Any])?["name"] as? String == "renamed.txt")
        #expect((records[0]["id"] as? String)?.hasPrefix("sha256:") == true)
        #expect(try daemon.stop() == 0)
    }

    @Test func slowInPlaceWriterGivesOneFullRecord() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let path = daemon.drop.appendingPathComponent("slow.txt").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        let chunks = ["الجزء الأول من الخبر.\n", "الجزء الثاني من الخبر.\n", "الجزء الثالث والأخير.\n"]
        for chunk in chunks {
            let bytes = Array(chunk.utf8)
            #expect(write(fd, bytes, bytes.count) == bytes.count)
            usleep(300_000)
        }
        close(fd)
        let records = try daemon.waitForRecords(1)
        usleep(1_500_000)  // anything partial would have been recorded by now
        #expect(daemon.records().count == 1)
        let text = records[0]["text"] as? String ?? ""
        for chunk in chunks {
            #expect(text.contains(chunk.trimmingCharacters(in: .whitespacesAndNewlines)), "the record has every chunk: \(text)")
        }
        #expect(try daemon.stop() == 0)
    }

    @Test func burstOfAThousandFiles() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        for i in 0..<1_000 {
            if i % 2 == 0 {
                try daemon.dropAtomically("burst-\(i).txt", articleText(i, size: 600))
            } else {
                try daemon.dropInPlace("burst-\(i).txt", articleText(i, size: 600))
            }
        }
        try daemon.waitForRecords(1_000, timeout: .seconds(120))
        try daemon.waitUntil(timeout: .seconds(30), "all sources moved") { daemon.files(in: daemon.processed).count == 1_000 }
        let records = daemon.records()
        #expect(records.count == 1_000)
        #expect(Set(records.compactMap { $0["id"] as? String }).count == 1_000)
        #expect(daemon.files(in: daemon.drop).isEmpty)
        #expect(try daemon.stop() == 0)
    }

    @Test func backlogDroppedWhileStoppedIsRecordedAtStart() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        #expect(try daemon.stop() == 0)
        for i in 0..<20 { try daemon.dropAtomically("offline-\(i).txt", articleText(i)) }
        try FileManager.default.createDirectory(at: daemon.drop.appendingPathComponent("nested"), withIntermediateDirectories: true)
        try daemon.dropAtomically("deep.txt", articleText(99), subfolder: "nested")
        try daemon.start()
        try daemon.waitForRecords(21)
        try daemon.waitUntil(timeout: .seconds(10), "backlog moved") { daemon.files(in: daemon.drop).isEmpty }
        #expect(daemon.files(in: daemon.processed).contains("nested/deep.txt"))
        #expect(try daemon.stop() == 0)
    }

    @Test func killNineMidBurstThenRestartRecordsEveryFileOnce() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let total = 2_000
        var killed = false
        for i in 0..<total {
            try daemon.dropAtomically("crash-\(i).txt", articleText(i, size: 800 + (i % 7) * 300))
            if !killed && i >= 600 && i % 20 == 0 && daemon.lineCount() >= 200 {
                _ = try daemon.stop(signal: SIGKILL)
                killed = true
            }
        }
        if !killed { _ = try daemon.stop(signal: SIGKILL) }
        try daemon.start()
        try daemon.waitForRecords(total, timeout: .seconds(180))
        try daemon.waitUntil(timeout: .seconds(30), "drop folder empty") { daemon.files(in: daemon.drop).isEmpty }
        let raw = daemon.rawBytes()
        #expect(raw.last == UInt8(ascii: "\n"), "the log ends with a complete line")
        let lines = raw.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == total, "one line per file, no torn line")
        let names = daemon.records().compactMap { ($0["file"] as? [String: Any])?["name"] as? String }
        #expect(Set(names).count == total)
        #expect(names.count == total)
        #expect(daemon.files(in: daemon.processed).count == total)
        #expect(try daemon.stop() == 0)
    }

    @Test func badInputIsQuarantinedAndTheDaemonGoesOn() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        // A secret outside the drop folder that a symlink points to: it must never be read.
        let secret = daemon.root.appendingPathComponent("secret.txt")
        try Data("TOP-SECRET-CONTENT".utf8).write(to: secret)
        let staging = daemon.root.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        #expect(symlink(secret.path, staging.appendingPathComponent("link.txt").path) == 0)
        #expect(rename(staging.appendingPathComponent("link.txt").path, daemon.drop.appendingPathComponent("link.txt").path) == 0)
        #expect(mkfifo(daemon.drop.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        try daemon.dropAtomically("empty.txt", Data())
        try daemon.dropAtomically("huge.txt", Data(repeating: UInt8(ascii: "a"), count: 20 * 1024 * 1024))
        var binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        binary[0] = 0x7F
        try daemon.dropAtomically("image.txt", binary)  // binary content under a text name
        try daemon.dropAtomically("good.txt", articleText(7))
        let records = try daemon.waitForRecords(6)
        func record(_ name: String) -> [String: Any]? {
            records.first { ($0["file"] as? [String: Any])?["name"] as? String == name }
        }
        let expected = ["link.txt": "symlink", "pipe.txt": "not_regular_file", "empty.txt": "empty", "huge.txt": "too_large", "image.txt": "binary"]
        for (name, code) in expected {
            let r = record(name)
            #expect(r?["status"] as? String == "error", "\(name) gets an error record")
            #expect((r?["error"] as? [String: Any])?["code"] as? String == code, "\(name) has code \(code)")
            #expect(((r?["error"] as? [String: Any])?["message"] as? String ?? "").count > 20, "\(name) has a message")
        }
        #expect(record("good.txt")?["status"] as? String == "ok")
        try daemon.waitUntil(timeout: .seconds(10), "quarantine") { daemon.files(in: daemon.failed).count == 10 }
        for name in expected.keys {
            #expect(FileManager.default.fileExists(atPath: daemon.failed.appendingPathComponent(name + ".error.json").path))
            let sidecar = try Data(contentsOf: daemon.failed.appendingPathComponent(name + ".error.json"))
            let object = try JSONSerialization.jsonObject(with: sidecar) as? [String: Any]
            #expect(object?["code"] as? String == expected[name])
        }
        #expect(!String(decoding: daemon.rawBytes(), as: UTF8.self).contains("TOP-SECRET"), "the link's target is never read")
        #expect(try String(contentsOf: secret, encoding: .utf8) == "TOP-SECRET-CONTENT")
        try daemon.waitUntil(timeout: .seconds(10), "good file moved") { daemon.files(in: daemon.processed) == ["good.txt"] }
        #expect(daemon.isRunning)
        #expect(try daemon.stop() == 0)
    }

    @Test func fileInANewSubdirectoryIsRecorded() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        for i in 0..<5 {
            let sub = daemon.drop.appendingPathComponent("new-\(i)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
            try articleText(100 + i).write(to: sub.appendingPathComponent("inside.txt"))
        }
        try daemon.waitForRecords(5)
        let paths = daemon.records().compactMap { ($0["file"] as? [String: Any])?["path"] as? String }
        for i in 0..<5 { #expect(paths.contains { $0.hasSuffix("new-\(i)/inside.txt") }) }
        #expect(try daemon.stop() == 0)
    }

    @Test func sigtermWithFilesInFlightLosesNothing() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        for i in 0..<300 { try daemon.dropAtomically("term-\(i).txt", articleText(i, size: 3_000)) }
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try daemon.stop(signal: SIGTERM) == 0)
        #expect(clock.now - start < .seconds(5))
        // Every file is either recorded and moved, or still in the drop folder: nothing is lost or half-done.
        let recorded = Set(daemon.records().compactMap { ($0["file"] as? [String: Any])?["name"] as? String })
        let left = Set(daemon.files(in: daemon.drop))
        let moved = Set(daemon.files(in: daemon.processed))
        #expect(recorded.isDisjoint(with: left), "a recorded file is never left behind")
        #expect(moved.isSubset(of: recorded))
        #expect(recorded.union(left).count == 300)
        try daemon.start()
        try daemon.waitForRecords(300)
        try daemon.waitUntil(timeout: .seconds(10), "drop folder empty") { daemon.files(in: daemon.drop).isEmpty }
        #expect(daemon.records().count == 300)
        #expect(try daemon.stop() == 0)
    }

    @Test func sighupReopensARotatedLog() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try daemon.dropAtomically("before.txt", articleText(1))
        try daemon.waitForRecords(1)
        let rotated = daemon.out.appendingPathComponent("articles.jsonl.1")
        try FileManager.default.moveItem(at: daemon.articles, to: rotated)
        daemon.signal(SIGHUP)
        try daemon.waitUntil(timeout: .seconds(10), "new log created") { FileManager.default.fileExists(atPath: daemon.articles.path) }
        try daemon.dropAtomically("after.txt", articleText(2))
        let records = try daemon.waitForRecords(1)
        #expect((records[0]["file"] as? [String: Any])?["name"] as? String == "after.txt")
        #expect(daemon.records(rotated).count == 1)
        #expect(daemon.isRunning)
        #expect(try daemon.stop() == 0)
    }

    @Test func duplicateDropIsNotRecordedTwice() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try daemon.dropAtomically("first.txt", articleText(5))
        try daemon.waitForRecords(1)
        try daemon.dropAtomically("second-copy.txt", articleText(5))
        try daemon.waitUntil(timeout: .seconds(10), "duplicate handled") { daemon.files(in: daemon.processed).count == 2 }
        #expect(daemon.records().count == 1)
        #expect(daemon.logText().contains("already recorded"))
        #expect(try daemon.stop() == 0)
    }

    /// `duplicates: record` with `disposition: keep`: every reconcile sees the kept file again, and so does a restart
    /// (which asks the ledger index); the drop is still recorded once. The same bytes dropped as a new file are a new
    /// drop and get their own record.
    @Test func keptFileUnderRecordModeIsRecordedOnceAcrossReconcilesAndRestarts() throws {
        let daemon = try DaemonHarness()
        try daemon.configure("disposition: keep\nduplicates: record\nreconcile_interval_s: 1\n")
        try daemon.start()
        try daemon.dropAtomically("kept.txt", articleText(7))
        try daemon.waitForRecords(1)
        usleep(3_500_000)  // three reconciles
        #expect(daemon.records().count == 1)
        #expect(try daemon.stop() == 0)
        try daemon.start()
        usleep(2_500_000)
        #expect(daemon.records().count == 1)
        try daemon.dropAtomically("kept-again.txt", articleText(7))
        let records = try daemon.waitForRecords(2)
        let names = records.compactMap { ($0["file"] as? [String: Any])?["name"] as? String }
        #expect(names == ["kept.txt", "kept-again.txt"])
        let drops = Set(records.compactMap { ($0["file"] as? [String: Any])?["drop_id"] as? String })
        #expect(drops.count == 2)
        #expect(daemon.files(in: daemon.drop).sorted() == ["kept-again.txt", "kept.txt"])
        #expect(try daemon.stop() == 0)
    }

    /// A file written straight into the drop folder whose writer pauses (sftp, scp, an SMB client) is not read
    /// half-written by a listing: it waits for its close event, and its record holds every byte.
    @Test func aPausedWriterIsNotReadHalfWritten() throws {
        let daemon = try DaemonHarness()
        try daemon.configure("reconcile_interval_s: 1\n")
        try daemon.start()
        let contents = articleText(11, size: 6_000)
        let path = daemon.drop.appendingPathComponent("slow.txt").path
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(fd >= 0)
        let half = contents.count / 2
        contents.withUnsafeBytes { _ = write(fd, $0.baseAddress, half) }
        usleep(4_000_000)  // three listings, each longer after the last write than their quiet window
        #expect(daemon.records().isEmpty)
        #expect(daemon.logText().contains("still open for writing"))
        contents.withUnsafeBytes { _ = write(fd, $0.baseAddress! + half, contents.count - half) }
        close(fd)
        let records = try daemon.waitForRecords(1, timeout: .seconds(20))
        #expect((records[0]["file"] as? [String: Any])?["bytes"] as? Int == contents.count)
        #expect(try daemon.stop() == 0)
    }

    /// A feed that replaces one name over and over (`latest.txt`, renamed in every few milliseconds): a version that
    /// replaced the one being read is never moved into the processed folder unread. Every file there has a record.
    @Test func aFileReplacedWhileReadIsNotDisposedUnread() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        for version in 0..<200 {
            try daemon.dropAtomically("latest.txt", articleText(1_000 + version))
            usleep(2_000)
        }
        try daemon.waitUntil(timeout: .seconds(30), "the last version processed") { daemon.files(in: daemon.drop).isEmpty }
        #expect(try daemon.stop() == 0)
        let recorded = Set(daemon.records().compactMap { $0["id"] as? String })
        let processed = daemon.files(in: daemon.processed)
        #expect(!processed.isEmpty)
        for name in processed {
            let id = "sha256:" + (try sha256Hex(try Data(contentsOf: daemon.processed.appendingPathComponent(name))))
            #expect(recorded.contains(id), "\(name) is in the processed folder without a record")
        }
    }

    /// A subfolder the daemon may not list (a dropper with umask 077 made it) is named in an error, and the rest of
    /// the tree is still read: it used to stop the whole listing. As root the command runs as `nobody`, who may not
    /// list a 0700 folder of root's.
    @Test func anUnreadableSubfolderDoesNotHideTheRest() throws {
        let daemon = try DaemonHarness()
        let fm = FileManager.default
        for folder in ["public", "private"] { try fm.createDirectory(at: daemon.drop.appendingPathComponent(folder), withIntermediateDirectories: true) }
        try articleText(31).write(to: daemon.drop.appendingPathComponent("top.txt"))
        try articleText(32).write(to: daemon.drop.appendingPathComponent("public/inner.txt"))
        try articleText(33).write(to: daemon.drop.appendingPathComponent("private/hidden.txt"))
        for folder in [daemon.root, daemon.drop, daemon.drop.appendingPathComponent("public")] {
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        }
        try fm.setAttributes([.posixPermissions: getuid() == 0 ? 0o700 : 0o000], ofItemAtPath: daemon.drop.appendingPathComponent("private").path)
        defer { try? fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: daemon.drop.appendingPathComponent("private").path) }
        // A copy of the binary that `nobody` may run, wherever the build lives.
        let binary = daemon.root.appendingPathComponent("watcherd")
        try fm.copyItem(at: DaemonHarness.binary, to: binary)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        let arguments = getuid() == 0
            ? ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", binary.path, "process", daemon.drop.path]
            : [binary.path, "process", daemon.drop.path]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let records = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let names = String(decoding: records, as: UTF8.self).split(separator: "\n").compactMap { line in
            ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]).flatMap { ($0["file"] as? [String: Any])?["name"] as? String }
        }
        #expect(names.sorted() == ["inner.txt", "top.txt"])
        #expect(message.contains("private is a folder that cannot be read"))
        #expect(process.terminationStatus != 0)
    }

    /// The same bad file dropped again (a feed retrying it) gets no second error record, but is counted and said
    /// again: it used to go to quarantine with only an info line.
    @Test func aBadFileDroppedAgainIsSaidAgain() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let bad = Data("{\"title\": \"خبر\", ".utf8)
        try daemon.dropAtomically("feed.json", bad)
        try daemon.waitForRecords(1)
        try daemon.waitUntil(timeout: .seconds(10), "first quarantine") { daemon.files(in: daemon.failed).contains("feed.json") }
        try daemon.dropAtomically("feed.json", bad)
        try daemon.waitUntil(timeout: .seconds(10), "second quarantine") { daemon.files(in: daemon.failed).contains("feed.2.json") }
        #expect(daemon.records().count == 1)
        #expect(daemon.logText().contains("file rejected again"))
        #expect(try daemon.stop() == 0)
    }

    /// Times set on a file right after it is written (`scp -p`, an FTP server keeping the sender's times) are not a
    /// replacement: the file is disposed of after its one record. Comparing the stat alone took it for a new file,
    /// and under `duplicates: record` recorded it again.
    @Test func newTimesOnAFileJustWrittenAreNotAReplacement() throws {
        let daemon = try DaemonHarness()
        try daemon.configure("duplicates: record\nreconcile_interval_s: 1\n")
        try daemon.start()
        for n in 0..<8 {
            let url = daemon.drop.appendingPathComponent("a\(n).txt")
            try daemon.dropInPlace("a\(n).txt", articleText(60 + n))
            usleep(3_000)
            var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_000, tv_nsec: 0)]
            _ = utimensat(AT_FDCWD, url.path, &times, 0)
            usleep(300_000)
        }
        try daemon.waitUntil(timeout: .seconds(20), "every file disposed of") { daemon.files(in: daemon.processed).count == 8 }
        usleep(2_500_000)  // two more listings
        #expect(daemon.records().count == 8)
        #expect(!daemon.logText().contains("was replaced under the same name"))
        #expect(try daemon.stop() == 0)
    }

    /// A hard link made in the drop folder gets no close event: it is recorded at once, not at the next listing
    /// (a minute away by default).
    @Test func aHardLinkIsRecordedWithoutWaitingForAListing() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let outside = daemon.root.appendingPathComponent("linked.txt")
        try articleText(12).write(to: outside)
        try FileManager.default.linkItem(at: outside, to: daemon.drop.appendingPathComponent("linked.txt"))
        try daemon.waitForRecords(1, timeout: .seconds(15))
        #expect(try daemon.stop() == 0)
    }

    @Test func deletedDropFolderIsRecreated() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try FileManager.default.removeItem(at: daemon.drop)
        try daemon.waitUntil(timeout: .seconds(10), "drop folder re-created") { FileManager.default.fileExists(atPath: daemon.drop.path) }
        try daemon.waitUntil(timeout: .seconds(10), "watch restored") { daemon.logText().contains("watching the re-created drop folder") }
        try daemon.dropAtomically("after-recreate.txt", articleText(3))
        try daemon.waitForRecords(1)
        #expect(try daemon.stop() == 0)
    }
    /// A feed creates `latestN.txt` empty, then renames the article over it. The empty file was rejected and the
    /// quarantine moved whatever had the name by then: the article went to failed/ as «empty», never recorded (15%
    /// of 100 before). A file of another identity is left, or put back when it took the name during the move.
    @Test func anArticleRenamedOverAnEmptyPlaceholderIsRecorded() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        for index in 0..<100 {
            let name = "latest\(index).txt"
            FileManager.default.createFile(atPath: daemon.drop.appendingPathComponent(name).path, contents: Data())
            usleep(UInt32.random(in: 0...6_000))
            try daemon.dropAtomically(name, articleText(2_000 + index))
            usleep(20_000)
        }
        try daemon.waitUntil(timeout: .seconds(60), "every article recorded") {
            Set(daemon.records().filter { $0["status"] as? String == "ok" }.compactMap { ($0["file"] as? [String: Any])?["name"] as? String }).count == 100
        }
        try daemon.waitUntil(timeout: .seconds(20), "the drop folder empty") { daemon.files(in: daemon.drop).isEmpty }
        let quarantined = daemon.files(in: daemon.failed).filter { !$0.hasSuffix(".error.json") }
        for name in quarantined {
            let size = (try FileManager.default.attributesOfItem(atPath: daemon.failed.appendingPathComponent(name).path)[.size] as? Int) ?? -1
            #expect(size == 0, "\(name) in failed/ is an article, not the empty placeholder")
        }
        #expect(try daemon.stop() == 0)
    }

    /// `feed.txt` uploaded again over itself (truncate, then slow writes) while the daemon works through a backlog:
    /// the first close event, handled late, read part of the second upload; the whole of it went to processed/
    /// unrecorded. The late event is passed over (the file was written after it), and a read during a rewrite is
    /// not taken; the upload's own close event records it whole.
    @Test func aFileRewrittenInPlaceDuringABacklogIsRecordedWhole() throws {
        let daemon = try DaemonHarness()
        daemon.extraArguments = ["--workers", "1"]
        // The backlog is there at start (the daemon keeps up with files written one by one), and takes seconds.
        for index in 0..<3_000 { try daemon.dropInPlace("b\(index).txt", articleText(3_000 + index, size: 8_000)) }
        try daemon.start()
        let feed = daemon.drop.appendingPathComponent("feed.txt")
        let first = articleText(1)
        try first.write(to: feed)
        var second = articleText(2, size: 6_000)
        second.append(Data("\nالنسخة الثانية\n".utf8))
        // As scp does, a moment later (a new upload, not the same instant: a rewrite that starts within the
        // microseconds before the close event is even read cannot be told from the write it closed): open with
        // O_TRUNC while the first close event still waits behind the backlog, then write slowly.
        usleep(100_000)
        let fd = open(feed.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        var offset = 0
        while offset < second.count {
            let end = min(offset + 400, second.count)
            let written = second[offset..<end].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            #expect(written == end - offset)
            offset = end
            usleep(250_000)
        }
        close(fd)
        try daemon.waitUntil(timeout: .seconds(120), "the backlog and the feed recorded") {
            daemon.records().contains { ($0["file"] as? [String: Any])?["name"] as? String == "feed.txt" } && daemon.files(in: daemon.drop).isEmpty
        }
        let feeds = daemon.records().filter { ($0["file"] as? [String: Any])?["name"] as? String == "feed.txt" }
        // The first upload is recorded too when the backlog drained before the second began: a whole version
        // either way. What must never be is a part of the second.
        let ok = feeds.filter { $0["status"] as? String == "ok" }.compactMap { ($0["file"] as? [String: Any])?["bytes"] as? Int }
        #expect(ok.filter { $0 == second.count }.count == 1 && ok.allSatisfy { $0 == second.count || $0 == first.count },
                "\(feeds.map { $0["file"] ?? "" })")
        // When the late event is read in the instant after the truncation (before the coarse file clock moves past
        // the event), the file is empty then: that gets an error record of its own, and the file is not quarantined
        // (it grew since), so the upload is still recorded whole. No part of it is ever recorded.
        #expect(feeds.filter { $0["status"] as? String != "ok" }.allSatisfy { ($0["error"] as? [String: Any])?["code"] as? String == "empty" },
                "\(feeds)")
        #expect(try daemon.stop() == 0)
    }
    /// A folder moved into the drop folder made the watcher start inotify over, which dropped the events not yet
    /// read: uploads closed in that instant kept their «open for writing» mark and waited ten minutes, unseen. Such
    /// a mark is now honoured only until the file has been unchanged for 30 s; an upload still being written (a
    /// writer that pauses mid-file) is not read half-written meanwhile.
    @Test func uploadsClosedWhileAFolderIsMovedInAreNotLeftWaiting() throws {
        let daemon = try DaemonHarness()
        try daemon.configure("reconcile_interval_s: 5\n")
        try daemon.start()
        let incoming = daemon.root.appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        try articleText(900).write(to: incoming.appendingPathComponent("x.txt"))
        var descriptors: [Int32] = []
        for index in 0..<20 {
            let fd = open(daemon.drop.appendingPathComponent("up\(index).txt").path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let text = articleText(910 + index)
            _ = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            descriptors.append(fd)
        }
        let slow = articleText(950, size: 6_000)
        let paused = open(daemon.drop.appendingPathComponent("paused.txt").path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = slow.prefix(2_000).withUnsafeBytes { write(paused, $0.baseAddress, $0.count) }
        usleep(500_000)
        #expect(rename(incoming.path, daemon.drop.appendingPathComponent("incoming").path) == 0)
        for fd in descriptors { close(fd) }
        usleep(8_000_000)  // the paused writer: longer than a listing's one-second quiet, shorter than 30 s
        _ = slow.dropFirst(2_000).withUnsafeBytes { write(paused, $0.baseAddress, $0.count) }
        close(paused)
        let records = try daemon.waitForRecords(22, timeout: .seconds(60))
        let pausedRecord = records.filter { ($0["file"] as? [String: Any])?["name"] as? String == "paused.txt" }
        #expect(pausedRecord.count == 1 && (pausedRecord.first?["file"] as? [String: Any])?["bytes"] as? Int == slow.count, "\(pausedRecord)")
        #expect(try daemon.stop() == 0)
    }

    /// A rejected file that cannot be quarantined (here the failed folder's path is a file) stays in the drop folder
    /// and is tried at every listing; each try counted one more failure and logged one more error. It is one failure.
    @Test func aFileThatCannotBeQuarantinedIsCountedOnce() throws {
        let daemon = try DaemonHarness()
        try daemon.configure("reconcile_interval_s: 1\nmetrics_interval_s: 1\n")
        try FileManager.default.createDirectory(at: daemon.out, withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: daemon.failed)
        try daemon.start()
        FileManager.default.createFile(atPath: daemon.drop.appendingPathComponent("empty.txt").path, contents: Data())
        try daemon.waitUntil(timeout: .seconds(10), "the first quarantine attempt") { daemon.logText().contains("cannot quarantine the file") }
        usleep(4_000_000)  // four more listings
        let status = try runWatcherd(["status", "--state", daemon.state.path])
        #expect(status.output.contains("1 failed (empty 1)"), "\(status.output)")
        #expect(daemon.logText().components(separatedBy: "cannot quarantine the file; it stays").count - 1 == 1)
        #expect(!daemon.logText().contains("file rejected again"))
        #expect(try daemon.stop() == 0)
    }
}
