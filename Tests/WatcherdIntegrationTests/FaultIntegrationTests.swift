import Foundation
import Testing

/// Faults a daemon meets on a bad day, against the real binary: reloads asked for by `watcherd reload` and by an
/// early SIGHUP, logs rotated without a reload, a full disk, files from a clock that runs ahead, broken config files.
@Suite(.serialized)
struct FaultIntegrationTests {
    /// `watcherd reload` waits for the daemon's answer: 0 and the rule count when applied, 1 and the reason when the
    /// configuration is refused (the old one stays in force), 3 when no daemon runs.
    @Test func reloadCommandWaitsForTheOutcomeAndFailsWithTheReason() throws {
        let daemon = try DaemonHarness()
        let configFile = try daemon.configure("disposition: move\n")
        let options = ["--config", configFile.path, "--state", daemon.state.path]
        #expect(try runWatcherd(["reload"] + options).exitCode == 3, "no daemon yet")
        #expect(try runWatcherd(["reload", "--if-running"] + options).exitCode == 0)
        try daemon.start()
        let applied = try runWatcherd(["reload"] + options)
        #expect(applied.exitCode == 0, "\(applied.output)")
        #expect(applied.output.contains("configuration reloaded"))
        try Data("disposition: shred\n".utf8).write(to: configFile)
        let refused = try runWatcherd(["reload"] + options)
        #expect(refused.exitCode == 1)
        #expect(refused.output.contains("refused") && refused.output.contains("watcherd.yaml:1") && refused.output.contains("shred"),
                "\(refused.output)")
        try daemon.dropAtomically("still-moved.txt", articleText(11))
        try daemon.waitForRecords(1)
        try daemon.waitUntil(timeout: .seconds(10), "moved under the old config") { daemon.files(in: daemon.processed) == ["still-moved.txt"] }
        // `status` counts both within a second (the metrics are rewritten at most every 750 ms while things change).
        var counts: (Int?, Int?) = (nil, nil)
        try daemon.waitUntil(timeout: .seconds(3), "status to count the reloads") {
            let status = try? runWatcherd(["status", "--json", "--state", daemon.state.path])
            let object = status.flatMap { try? JSONSerialization.jsonObject(with: Data($0.output.utf8)) as? [String: Any] }
            counts = (object?["config_reloads"] as? Int, object?["config_reload_failures"] as? Int)
            return counts == (1, 1)
        }
        #expect(try daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.state.appendingPathComponent("watcherd.pid").path), "removed at a clean stop")
    }

    /// A SIGHUP at any moment after exec reloads (late) and never kills: sent at once after launch, many times.
    @Test func aHangupRightAfterStartNeverKills() throws {
        for attempt in 0..<6 {
            let daemon = try DaemonHarness()
            let process = Process()
            process.executableURL = DaemonHarness.binary
            process.arguments = daemon.arguments
            let log = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = log
            process.standardOutput = log
            try process.run()
            // From the first instruction of the program (the constructor that catches it; only the dynamic loader
            // runs before) to well after READY.
            try waitUntilCaught(process.processIdentifier, signal: SIGHUP)
            usleep(useconds_t(attempt * attempt * 15_000))
            kill(process.processIdentifier, SIGHUP)
            usleep(20_000)
            kill(process.processIdentifier, SIGHUP)
            Thread.sleep(forTimeInterval: 0.8)
            #expect(process.isRunning, "attempt \(attempt): SIGHUP killed the daemon (status \(process.terminationStatus))")
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == 0,
                    "attempt \(attempt): stopped cleanly, got \(process.terminationReason.rawValue)/\(process.terminationStatus)")
        }
    }

    /// Waits until the process catches `signal` (its bit in /proc/PID/status SigCgt).
    func waitUntilCaught(_ pid: Int32, signal: Int32) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while clock.now < deadline {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
               let mask = UInt64(line.split(separator: "\t").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "", radix: 16),
               mask & (1 << UInt64(signal - 1)) != 0 {
                return
            }
            usleep(200)
        }
        throw HarnessError("process \(pid) never caught signal \(signal)")
    }

    /// The daemon runs out of file descriptors: the files it cannot open wait in the drop folder (a warning each,
    /// counted) instead of going to quarantine as unreadable, and are recorded once descriptors are free again.
    @Test func filesTheDaemonCannotOpenForNowWait() throws {
        let daemon = try DaemonHarness()
        try daemon.configure("reconcile_interval_s: 1\n")
        try daemon.start()
        guard let pid = daemon.process?.processIdentifier else { throw HarnessError("no daemon") }
        func limitDescriptors(_ limit: Int) throws {
            let prlimit = Process()
            prlimit.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            prlimit.arguments = ["--pid", "\(pid)", "--nofile=\(limit):"]  // the soft limit only
            try prlimit.run()
            prlimit.waitUntilExit()
            guard prlimit.terminationStatus == 0 else { throw HarnessError("prlimit failed") }
        }
        // The limit caps descriptor numbers: set it at the lowest free one, so that no open can succeed.
        let used = Set(try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap { Int($0) })
        try limitDescriptors((0...).first { !used.contains($0) }!)
        for n in 0..<3 { try daemon.dropAtomically("m\(n).txt", articleText(40 + n)) }
        try daemon.waitUntil(timeout: .seconds(10), "a postponed read") { daemon.logText().contains("cannot read the file right now") }
        usleep(1_500_000)
        #expect(daemon.files(in: daemon.failed).isEmpty)
        #expect(daemon.records().isEmpty)
        try limitDescriptors(1024)
        try daemon.waitForRecords(3, timeout: .seconds(20))
        #expect(daemon.files(in: daemon.failed).isEmpty)
        #expect(try daemon.stop() == 0)
    }

    /// A stop is not held up by `settle_ms` waiting on a file that keeps growing: it used to wait five quiet periods
    /// (15 s here), past systemd's stop timeout.
    @Test func aStopDoesNotWaitForAGrowingFileToSettle() throws {
        let daemon = try DaemonHarness()
        try daemon.configure("settle_ms: 3000\n")
        try daemon.start()
        let path = daemon.drop.appendingPathComponent("grow.txt").path
        let writer = Thread {
            for n in 0..<40 {
                guard let handle = FileHandle(forUpdatingAtPath: path) ?? {
                    FileManager.default.createFile(atPath: path, contents: nil)
                    return FileHandle(forUpdatingAtPath: path)
                }() else { return }
                handle.seekToEndOfFile()
                handle.write(Data("خبر \(n)\n".utf8))
                try? handle.close()  // a close after writing each time: the daemon is offered the file again
                usleep(300_000)
            }
        }
        writer.start()
        usleep(2_000_000)
        let started = ContinuousClock.now
        #expect(try daemon.stop(timeout: .seconds(30)) == 0)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    /// A SIGTERM during start stops the daemon cleanly instead of killing it.
    @Test func aStopDuringStartIsGraceful() throws {
        let daemon = try DaemonHarness()
        let process = Process()
        process.executableURL = DaemonHarness.binary
        process.arguments = daemon.arguments
        try process.run()
        try waitUntilCaught(process.processIdentifier, signal: SIGTERM)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    /// logrotate moved the article log and no reload came (a failed or missing postrotate): the next record goes to a
    /// new file at the configured path, not into the rotated one.
    @Test func logsFollowTheirPathWithoutAReload() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try daemon.dropAtomically("first.txt", articleText(21))
        try daemon.waitForRecords(1)
        let rotated = daemon.out.appendingPathComponent("articles.jsonl.1")
        // logrotate's `create`: the log is renamed and an empty file made in its place.
        try FileManager.default.moveItem(at: daemon.articles, to: rotated)
        FileManager.default.createFile(atPath: daemon.articles.path, contents: nil)
        try daemon.dropAtomically("second.txt", articleText(22))
        try daemon.waitForRecords(1)
        #expect(daemon.records(rotated).count == 1, "nothing more went into the rotated file")
        #expect((daemon.records().first?["file"] as? [String: Any])?["name"] as? String == "second.txt")
        #expect(daemon.logText().contains("is a new file (rotated?) and no reload came"))
        // Moved away with nothing in its place (or deleted): created again.
        try FileManager.default.moveItem(at: daemon.articles, to: daemon.out.appendingPathComponent("articles.jsonl.2"))
        try daemon.dropAtomically("third.txt", articleText(23))
        try daemon.waitForRecords(1)
        #expect((daemon.records().first?["file"] as? [String: Any])?["name"] as? String == "third.txt")
        #expect(daemon.logText().contains("is gone from its path (moved or deleted)"))
        #expect(try daemon.stop() == 0)
    }

    /// A file whose mtime is hours ahead (an archive from another time zone, `cp -p` from a fast clock), found by the
    /// start-up listing, is read within seconds, logged once, and never delays a stop.
    @Test func aFutureModificationTimeNeverWaitsOutTheSkew() throws {
        let daemon = try DaemonHarness()
        for i in 0..<20 {
            let file = daemon.drop.appendingPathComponent("ahead-\(i).txt")
            try articleText(30 + i).write(to: file)
            let ahead = Date().addingTimeInterval(3 * 3600)
            try FileManager.default.setAttributes([.modificationDate: ahead], ofItemAtPath: file.path)
        }
        try daemon.start()
        let clock = ContinuousClock()
        let started = clock.now
        try daemon.waitForRecords(20, timeout: .seconds(20))
        #expect(clock.now - started < .seconds(10))
        #expect(daemon.logText().components(separatedBy: "modification time is in the future").count - 1 == 20, "each logged once")
        try daemon.dropAtomically("later.txt", articleText(60))
        try daemon.waitForRecords(21)
        let stopping = clock.now
        #expect(try daemon.stop() == 0)
        #expect(clock.now - stopping < .seconds(5))
    }

    /// Poll mode (what `watch: auto` picks on NFS, SMB, FUSE or 9p), tried on a local folder: files are found by
    /// listing, with no inotify watch at all, and the start log and `check-config` say which mode and why.
    @Test func pollModeFindsFilesByListing() throws {
        let daemon = try DaemonHarness()
        let config = try daemon.configure("watch: poll\npoll_interval_ms: 200\n")
        let check = try runWatcherd(["check-config", "--config", config.path, "--drop", daemon.drop.path])
        #expect(check.output.contains("watching:         poll every 200 ms (watch: poll in the configuration)"), "\(check.output)")
        let auto = try runWatcherd(["check-config", "--drop", daemon.drop.path])
        #expect(auto.output.contains("watching:         inotify (watch: auto, and the drop folder is on a local file system"), "\(auto.output)")
        try daemon.start()
        #expect(daemon.logText().contains("mode=poll"))
        let clock = ContinuousClock()
        let dropped = clock.now
        try daemon.dropAtomically("polled.txt", articleText(70))
        try daemon.dropInPlace("written-in-place.txt", articleText(71))
        try daemon.waitForRecords(2, timeout: .seconds(10))
        #expect(clock.now - dropped < .seconds(4), "found within a couple of polls and the quiet second")
        #expect(try daemon.stop() == 0)
    }

    /// Whether the name tagger runs is said by `check-config` and the start log: on by default, off with
    /// `name_tagger: false`, so a daemon that finds no new names says why.
    @Test func theNameTaggersStateIsShown() throws {
        let daemon = try DaemonHarness()
        let byDefault = try runWatcherd(["check-config", "--drop", daemon.drop.path])
        #expect(byDefault.exitCode == 0 && byDefault.output.contains("name tagger:      on"), "\(byDefault.output)")
        let config = try daemon.configure("name_tagger: false\n")
        let off = try runWatcherd(["check-config", "--config", config.path])
        #expect(off.exitCode == 0 && off.output.contains("name tagger:      off"), "\(off.output)")
    }

    /// A configuration that is binary or not UTF-8 is refused with its path and what is wrong with it.
    @Test func unreadableConfigFilesAreNamedWithTheProblem() throws {
        let daemon = try DaemonHarness()
        let binary = daemon.root.appendingPathComponent("binary.yaml")
        try Data([0x64, 0x72, 0x00, 0x01, 0xFF]).write(to: binary)
        let result = try runWatcherd(["check-config", "--config", binary.path])
        #expect(result.exitCode != 0)
        #expect(result.output.contains(binary.path) && result.output.contains("not a text file"), "\(result.output)")
        let latin = daemon.root.appendingPathComponent("latin.yaml")
        try Data("log_level: info # caf\u{E9}\n".data(using: .isoLatin1)!).write(to: latin)
        let second = try runWatcherd(["check-config", "--config", latin.path])
        #expect(second.output.contains(latin.path) && second.output.contains("not valid UTF-8"), "\(second.output)")
        let rules = daemon.root.appendingPathComponent("rules.yaml")
        try Data([0xFF, 0xFE, 0x00]).write(to: rules)
        let config = try daemon.configure("alerts:\n  rule_files: [\(rules.path)]\n")
        let third = try runWatcherd(["check-config", "--config", config.path])
        #expect(third.output.contains(rules.path) && third.output.contains("not a text file"), "\(third.output)")
        #expect(!result.output.contains("correct format") && !third.output.contains("correct format"))
    }
}

/// The output disk fills up: every failed append is cut back, so once space returns every file has exactly one
/// parsable record; while it is full the log says so once per reconcile, not once per file. Needs root to mount a
/// small tmpfs; skipped (with the reason printed) where mounting is not allowed.
@Suite(.serialized)
struct FullDiskIntegrationTests {
    static func mountTmpfs(_ directory: URL, size: String, options: String = "") -> String? {
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(size)\(options)", "tmpfs", directory.path]
        let pipe = Pipe()
        mount.standardError = pipe
        mount.standardOutput = pipe
        do { try mount.run() } catch { return "cannot run mount: \(error)" }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        mount.waitUntilExit()
        return mount.terminationStatus == 0 ? nil : "mount -t tmpfs failed: \(output)"
    }

    /// Makes `directory` a small tmpfs (a disk of `size`, with extra mount `options`); false, with the reason printed,
    /// where mounting is not allowed, so the test is skipped.
    static func mountSmallDisk(_ directory: URL, size: String, options: String = "") throws -> Bool {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard let reason = mountTmpfs(directory, size: size, options: options) else { return true }
        print("FullDiskIntegrationTests: skipped: \(reason)")
        return false
    }

    static func unmount(_ directory: URL) {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = ["-l", directory.path]
        try? umount.run()
        umount.waitUntilExit()
    }

    @Test func aFullDiskNeverLeavesAPartialLineAndEveryFileGetsOneRecord() throws {
        let daemon = try DaemonHarness()
        // The whole out/ folder on a 1 MiB tmpfs, as a small disk; a filler leaves about 256 KiB. Later the file
        // system grows, which gives the space back.
        guard try Self.mountSmallDisk(daemon.out, size: "1m") else { return }
        defer { Self.unmount(daemon.out) }
        let filler = daemon.out.appendingPathComponent("filler")
        try Data(count: 768 * 1024).write(to: filler)
        let articles = daemon.articles
        let metricsFile = daemon.root.appendingPathComponent("watcherd.prom")
        try daemon.configure("reconcile_interval_s: 1\nmetrics_file: \(metricsFile.path)\n")
        try daemon.start()
        let count = 60
        for i in 0..<count { try daemon.dropAtomically("f\(i).txt", articleText(100 + i, size: 8_000)) }
        try daemon.waitUntil(timeout: .seconds(30), "the disk to fill") { daemon.logText().contains("disk holding the output logs is full") }
        Thread.sleep(forTimeInterval: 3)
        let fullLines = daemon.logText().components(separatedBy: "output disk is still full").count - 1
        #expect(fullLines <= 5, "one line per reconcile, not per file: \(fullLines) in ~3 s")
        #expect(daemon.files(in: daemon.drop).count > 0, "files wait in the drop folder")
        let metrics = (try? String(contentsOf: metricsFile, encoding: .utf8)) ?? ""
        #expect(metrics.contains("\nwatcherd_output_disk_full 1\n"))
        let status = try runWatcherd(["status", "--config", daemon.root.appendingPathComponent("watcherd.yaml").path, "--state", daemon.state.path])
        #expect(status.exitCode == 4 && status.output.contains("DISK FULL"), "\(status.output)")
        for name in ["articles.jsonl", "alerts.jsonl"] {
            let data = (try? Data(contentsOf: daemon.out.appendingPathComponent(name))) ?? Data()
            #expect(data.isEmpty || data.last == UInt8(ascii: "\n"), "\(name) ends in a whole line while the disk is full")
        }
        let grow = Process()
        grow.executableURL = URL(fileURLWithPath: "/bin/mount")
        grow.arguments = ["-o", "remount,size=64m", daemon.out.path]
        try grow.run()
        grow.waitUntilExit()
        #expect(grow.terminationStatus == 0, "the tmpfs grows")
        try daemon.waitUntil(timeout: .seconds(40), "every file recorded") { daemon.records(articles).count >= count }
        Thread.sleep(forTimeInterval: 1.5)
        let raw = (try? Data(contentsOf: articles)) ?? Data()
        let lines = raw.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        #expect(raw.last == UInt8(ascii: "\n"))
        #expect(lines.count == count, "exactly one line per file, got \(lines.count)")
        let names = daemon.records(articles).compactMap { ($0["file"] as? [String: Any])?["name"] as? String }
        #expect(names.count == count && Set(names).count == count, "every line parses, one per file")
        #expect(daemon.logText().contains("space on the output disk is back"))
        #expect(try daemon.stop() == 0)
    }

    /// A disk that filled up while watcherd was stopped: it used to exit at start (the ledger index could not be
    /// opened), so systemd restarted it until the unit failed for good. It now waits, says so once, stops cleanly
    /// when asked, and starts by itself once space is freed, recording what waited.
    @Test func aFullDiskAtStartIsWaitedOut() throws {
        let daemon = try DaemonHarness()
        guard try Self.mountSmallDisk(daemon.out, size: "1m") else { return }
        defer { Self.unmount(daemon.out) }
        try daemon.start()
        try daemon.dropAtomically("before.txt", articleText(1))
        try daemon.waitForRecords(1)
        #expect(try daemon.stop() == 0)
        let filler = daemon.out.appendingPathComponent("filler")
        let dd = Process()
        dd.executableURL = URL(fileURLWithPath: "/bin/dd")
        dd.arguments = ["if=/dev/zero", "of=\(filler.path)", "bs=4k", "count=1024"]
        dd.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try dd.run()
        dd.waitUntilExit()
        // Asked to stop while it waits: a clean exit, at once.
        try? daemon.start(timeout: .seconds(2))
        try daemon.waitUntil(timeout: .seconds(10), "the wait to be said") { daemon.logText().contains("cannot be opened. watcherd waits") }
        #expect(daemon.isRunning)
        #expect(try daemon.stop(timeout: .seconds(3)) == 0)
        try? daemon.start(timeout: .seconds(2))
        #expect(daemon.isRunning, "waits for space instead of exiting")
        try daemon.dropAtomically("during.txt", articleText(2))
        try FileManager.default.removeItem(at: filler)
        try daemon.waitUntil(timeout: .seconds(15), "the start once space is back") { daemon.logText().contains("space on the disk is back") }
        let names = try daemon.waitForRecords(2).compactMap { ($0["file"] as? [String: Any])?["name"] as? String }
        #expect(names.sorted() == ["before.txt", "during.txt"])
        #expect(daemon.logText().components(separatedBy: "cannot be opened. watcherd waits").count - 1 == 2, "said once per start")
        #expect(try daemon.stop() == 0)
    }

    /// Only a full disk is waited out. A read-only state folder fails the start at once with the reason; a disk
    /// with blocks free but no inode left is full too. (A first start whose state folder cannot even be made fails
    /// at the folder lock, as before.)
    @Test func onlyAFullStateDiskIsWaitedOut() throws {
        let readOnly = try DaemonHarness()
        guard try Self.mountSmallDisk(readOnly.out, size: "1m", options: ",ro") else { return }
        defer { Self.unmount(readOnly.out) }
        #expect(throws: (any Error).self) { try readOnly.start(timeout: .seconds(10)) }
        #expect(!readOnly.isRunning)
        #expect(readOnly.logText().contains("Read-only file system") && !readOnly.logText().contains("watcherd waits"), "\(readOnly.logText())")

        let inodes = try DaemonHarness()
        guard try Self.mountSmallDisk(inodes.out, size: "64m", options: ",nr_inodes=64") else { return }
        defer { Self.unmount(inodes.out) }
        // The state folder of an earlier run is there; its ledger is not (moved aside to be rebuilt).
        try FileManager.default.createDirectory(at: inodes.state, withIntermediateDirectories: true)
        var made = 0
        while FileManager.default.createFile(atPath: inodes.out.appendingPathComponent("f\(made)").path, contents: nil) { made += 1 }
        try? inodes.start(timeout: .seconds(2))
        try inodes.waitUntil(timeout: .seconds(10), "the wait to be said") { inodes.logText().contains("no inode left") }
        #expect(inodes.isRunning)
        for i in 0..<made { try? FileManager.default.removeItem(at: inodes.out.appendingPathComponent("f\(i)")) }
        try inodes.waitUntil(timeout: .seconds(15), "the start once inodes are back") { inodes.logText().contains("space on the disk is back") }
        #expect(try inodes.stop() == 0)
    }

    /// A file whose every read fails with an I/O error (a failing disk or share) is not retried for ever: after
    /// five tries in a row over at least 30 s it gets an error record that says why, and the other files go on. The fault is real: this
    /// process's `/proc/PID/mem`, bind-mounted over a drop file, fails to read at offset 0 with EIO. (Its quarantine
    /// fails here, since a mount point cannot be renamed; on a real disk the rename reads nothing and succeeds.)
    @Test func aFileThatAlwaysFailsWithAnIOErrorGetsAnErrorRecord() throws {
        let daemon = try DaemonHarness()
        try daemon.configure("reconcile_interval_s: 1\n")
        let broken = daemon.drop.appendingPathComponent("broken.txt")
        FileManager.default.createFile(atPath: broken.path, contents: nil)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["--bind", "/proc/\(getpid())/mem", broken.path]
        mount.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else {
            print("FullDiskIntegrationTests: skipped: mount --bind is not allowed here")
            return
        }
        defer { Self.unmount(broken) }
        try daemon.dropAtomically("good.txt", articleText(7))
        try daemon.start()
        let records = try daemon.waitForRecords(2, timeout: .seconds(90))
        #expect(try daemon.stop() == 0)
        let error = records.first { ($0["file"] as? [String: Any])?["name"] as? String == "broken.txt" }
        #expect(error?["status"] as? String == "error")
        let detail = error?["error"] as? [String: Any]
        #expect(detail?["code"] as? String == "unreadable")
        let message = detail?["message"] as? String ?? ""
        #expect(message.contains("tries in a row, over more than 30 seconds") && message.contains("Input/output error"), "\(message)")
        // Not before 30 s of failures: a share's glitch of a few seconds is no failing disk.
        #expect(daemon.logText().contains("try=\"5 of at least 5 over 30 s\""), "the fifth try alone did not give up")
        #expect(records.contains { ($0["file"] as? [String: Any])?["name"] as? String == "good.txt" && $0["status"] as? String == "ok" })
        let log = daemon.logText()
        #expect(log.contains("4 of at least 5"), "each postponed read says which try it was")
    }
}
