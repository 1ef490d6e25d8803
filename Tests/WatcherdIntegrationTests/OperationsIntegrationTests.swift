import Foundation
import Testing

/// systemd protocol, metrics, status and hostile input, checked against the real binary.
@Suite(.serialized)
struct OperationsIntegrationTests {
    @Test func notifySocketReceivesReadyStatusWatchdogThenStopping() throws {
        let daemon = try DaemonHarness()
        let socket = try NotifySocket(directory: daemon.root)
        daemon.environment = ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000"]
        try daemon.start()
        let early = socket.collect(timeout: .seconds(10)) { messages in messages.contains { $0.contains("WATCHDOG=1") } }
        let lines = early.flatMap { $0.split(separator: "\n").map(String.init) }
        let ready = lines.firstIndex(of: "READY=1")
        let status = lines.firstIndex { $0.hasPrefix("STATUS=") && $0.contains("processed") }
        let watchdog = lines.firstIndex(of: "WATCHDOG=1")
        #expect(ready != nil && status != nil && watchdog != nil, "got \(lines)")
        if let ready, let status, let watchdog {
            #expect(ready < status && status <= watchdog, "READY=1, then STATUS=, then WATCHDOG=1: \(lines)")
        }
        daemon.signal(SIGHUP)
        let reload = socket.collect(timeout: .seconds(5)) { $0.contains { $0.contains("READY=1") } }
        #expect(reload.first { $0.contains("RELOADING=1") }?.contains("MONOTONIC_USEC=") == true, "got \(reload)")
        daemon.signal(SIGTERM)
        let late = socket.collect(timeout: .seconds(5)) { $0.contains { $0.contains("STOPPING=1") } }
        #expect(late.contains { $0.contains("STOPPING=1") })
        #expect(try daemon.stop() == 0)
    }

    /// A notification reader that stops reading (a busy or hung systemd, a test harness) fills the socket's queue;
    /// sending must then fail fast, not park the daemon's threads: files are still processed and SIGTERM still ends it.
    @Test func aNotifySocketNobodyReadsNeverStallsTheDaemon() throws {
        let daemon = try DaemonHarness()
        let socket = try NotifySocket(directory: daemon.root)
        #expect(socket.fillQueue() > 0)
        daemon.environment = ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "200000"]
        try daemon.start()
        for n in 0..<3 { try daemon.dropAtomically("n\(n).txt", articleText(n)) }
        #expect(try daemon.waitForRecords(3, timeout: .seconds(30)).count == 3)
        #expect(try daemon.stop(timeout: .seconds(10)) == 0)
    }

    @Test func metricsFileAndStatusCommandReportWhatHappened() throws {
        let daemon = try DaemonHarness()
        daemon.extraArguments = ["--metrics-interval", "1"]
        try daemon.start()
        for i in 0..<3 { try daemon.dropAtomically("m\(i).txt", articleText(i)) }
        try daemon.dropAtomically("bad.txt", Data([0, 1, 2, 3]))
        try daemon.waitForRecords(4)
        let metricsFile = daemon.state.appendingPathComponent("watcherd.prom")
        try daemon.waitUntil(timeout: .seconds(10), "metrics updated") {
            ((try? String(contentsOf: metricsFile, encoding: .utf8)) ?? "").contains("watcherd_files_processed_total 3")
        }
        let metrics = try String(contentsOf: metricsFile, encoding: .utf8)
        #expect(metrics.contains(#"watcherd_files_failed_total{reason="binary"} 1"#))
        #expect(metrics.contains("# TYPE watcherd_processing_duration_seconds histogram"))
        #expect(metrics.contains(#"watcherd_processing_duration_seconds_bucket{le="+Inf"} 4"#))
        let status = try runWatcherd(["status", "--json", "--state", daemon.state.path])
        #expect(status.exitCode == 0)
        let object = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any]
        #expect((object?["files"] as? [String: Any])?["processed"] as? Int == 3)
        #expect(((object?["files"] as? [String: Any])?["failed"] as? [String: Int])?["binary"] == 1)
        #expect(object?["running"] as? Bool == true)
        let text = try runWatcherd(["status", "--state", daemon.state.path])
        #expect(text.output.contains("3 processed, 1 failed (binary 1)"))
        #expect(try daemon.stop() == 0)
    }

    /// After a kill -9 the metrics file stays fresh for three intervals; `status` must not call a dead daemon
    /// running for that long. It names the process, which is gone at once. A copy of the live daemon's metrics with
    /// recording stopped shows the fault and exits 4.
    @Test func statusTellsADeadDaemonAndAStoppedRecorder() throws {
        let daemon = try DaemonHarness()
        daemon.extraArguments = ["--metrics-interval", "30"]
        try daemon.start()
        let metricsFile = daemon.state.appendingPathComponent("watcherd.prom")
        try daemon.waitUntil(timeout: .seconds(10), "first metrics") { FileManager.default.fileExists(atPath: metricsFile.path) }
        #expect(try runWatcherd(["status", "--state", daemon.state.path]).exitCode == 0)
        let live = try String(contentsOf: metricsFile, encoding: .utf8)
        #expect(live.contains("watcherd_recording_stopped 0"))
        let copy = daemon.root.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try Data(live.replacingOccurrences(of: "watcherd_recording_stopped 0", with: "watcherd_recording_stopped 1").utf8)
            .write(to: copy.appendingPathComponent("watcherd.prom"))
        let stopped = try runWatcherd(["status", "--state", copy.path])
        #expect(stopped.exitCode == 4 && stopped.output.contains("RECORDING STOPPED"), "\(stopped.output)")
        let json = try runWatcherd(["status", "--json", "--state", copy.path])
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(object?["recording_stopped"] as? Bool == true && object?["running"] as? Bool == true)
        // A live daemon whose metrics are stale (a full state disk) is running, not stopped, and says why the
        // figures are old; a process id that is no number does not crash `status`.
        try Data(live.utf8).write(to: copy.appendingPathComponent("watcherd.prom"))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -600)],
                                              ofItemAtPath: copy.appendingPathComponent("watcherd.prom").path)
        let stale = try runWatcherd(["status", "--state", copy.path])
        #expect(stale.exitCode == 4 && stale.output.contains("is running") && stale.output.contains("METRICS STALE"), "\(stale.output)")
        for bad in ["NaN", "4294967296", "-1"] {
            let line = live.split(separator: "\n").first { $0.hasPrefix("watcherd_process_id ") }.map(String.init) ?? ""
            try Data(live.replacingOccurrences(of: line, with: "watcherd_process_id \(bad)").utf8).write(to: copy.appendingPathComponent("watcherd.prom"))
            let odd = try runWatcherd(["status", "--state", copy.path])
            #expect(odd.exitCode == 0 || odd.exitCode == 3, "\(bad): \(odd.exitCode) \(odd.output)")
        }
        // A pid reused by another program (after a reboot) is not the daemon.
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/bin/sleep")
        other.arguments = ["30"]
        try other.run()
        defer { other.terminate() }
        let line = live.split(separator: "\n").first { $0.hasPrefix("watcherd_process_id ") }.map(String.init) ?? ""
        try Data(live.replacingOccurrences(of: line, with: "watcherd_process_id \(other.processIdentifier)").utf8)
            .write(to: copy.appendingPathComponent("watcherd.prom"))
        #expect(try runWatcherd(["status", "--state", copy.path]).exitCode == 3)
        _ = try daemon.stop(signal: SIGKILL)
        let dead = try runWatcherd(["status", "--state", daemon.state.path])
        #expect(dead.exitCode == 3 && dead.output.contains("not running"), "\(dead.output)")
    }

    /// With the default 10 s interval, `status` still tells the truth about a drop a user checks right away: a change
    /// is written within a second.
    @Test func statusShowsADropWithinASecondOfItsRecord() throws {
        let daemon = try DaemonHarness()
        daemon.extraArguments = ["--metrics-interval", "60"]
        try daemon.start()
        try daemon.waitUntil(timeout: .seconds(5), "first metrics") {
            FileManager.default.fileExists(atPath: daemon.state.appendingPathComponent("watcherd.prom").path)
        }
        try daemon.dropAtomically("now.txt", articleText(7))
        try daemon.waitForRecords(1)
        let recordedAt = ContinuousClock.now
        var processed = 0
        while processed != 1 && ContinuousClock.now - recordedAt < .seconds(3) {
            let status = try runWatcherd(["status", "--json", "--state", daemon.state.path, "--metrics-interval", "60"])
            let object = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any]
            processed = (object?["files"] as? [String: Any])?["processed"] as? Int ?? 0
            if processed != 1 { Thread.sleep(forTimeInterval: 0.05) }
        }
        let waited = ContinuousClock.now - recordedAt
        #expect(processed == 1)
        #expect(waited < .milliseconds(1_500), "status caught up after \(waited)")
        #expect(try daemon.stop() == 0)
    }

    @Test func hostileFileNamesAreRecordedFaithfullyAndProcessed() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let newlineName = "evil\nname.txt"
        try daemon.dropAtomically(newlineName, articleText(1))
        // A name that is not valid UTF-8: bytes 0xFF 0xFE.
        let rawName: [UInt8] = Array("raw-".utf8) + [0xFF, 0xFE] + Array(".txt".utf8)
        let staging = daemon.root.appendingPathComponent("staging/raw")
        try articleText(2).write(to: staging)
        let target = Array(daemon.drop.path.utf8) + [UInt8(ascii: "/")] + rawName + [0]
        let moved = target.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { rename(staging.path, $0.baseAddress!) }
        }
        #expect(moved == 0)
        let records = try daemon.waitForRecords(2)
        let names = records.compactMap { ($0["file"] as? [String: Any])?["name"] as? String }
        #expect(names.contains(newlineName), "the newline survives as data: \(names)")
        #expect(names.contains("raw-\\xff\\xfe.txt"), "invalid bytes are spelled out: \(names)")
        let base64 = records.compactMap { ($0["file"] as? [String: Any])?["name_base64"] as? String }
        #expect(base64 == [Data(rawName).base64EncodedString()])
        // No record line and no log line is broken by the newline in the name.
        #expect(daemon.lineCount() == 2)
        #expect(!daemon.logText().contains("evil\nname"), "the log escapes the newline")
        try daemon.waitUntil(timeout: .seconds(10), "both moved") { daemon.files(in: daemon.processed).count == 2 }
        #expect(try daemon.stop() == 0)
    }

    @Test func aReloadAppliesTheLogLevel() throws {
        let daemon = try DaemonHarness()
        daemon.logLevelArguments = []
        let configFile = try daemon.configure("log_level: info\n")
        try daemon.start()
        // `watcherd reload` waits for the daemon's answer, which a quiet level would keep out of the log.
        func reload() throws -> Int32 { try runWatcherd(["reload", "--state", daemon.state.path, "--config", configFile.path]).exitCode }
        try Data("log_level: warning\n".utf8).write(to: configFile)
        #expect(try reload() == 0)
        try daemon.dropAtomically("quiet.txt", articleText(1))
        try daemon.waitForRecords(1)
        try Data("log_level: info\n".utf8).write(to: configFile)
        #expect(try reload() == 0)
        #expect(daemon.logText().contains("log level changed from=warning to=info"))
        try daemon.dropAtomically("heard.txt", articleText(2))
        try daemon.waitForRecords(2)
        try daemon.waitUntil(timeout: .seconds(10), "info logged") { daemon.logText().contains("recorded file=heard.txt") }
        #expect(!daemon.logText().contains("recorded file=quiet.txt"), "at warning, a recorded file is not logged")
        #expect(try daemon.stop() == 0)
    }

    @Test func badConfigurationOnReloadKeepsTheOldOne() throws {
        let daemon = try DaemonHarness()
        let configFile = try daemon.configure("disposition: move\n")
        try daemon.start()
        try Data("disposition: shred\n".utf8).write(to: configFile)
        daemon.signal(SIGHUP)
        try daemon.waitUntil(timeout: .seconds(10), "reload refused") { daemon.logText().contains("configuration not reloaded") }
        #expect(daemon.logText().contains("watcherd.yaml:1"))
        try daemon.dropAtomically("still-works.txt", articleText(4))
        try daemon.waitForRecords(1)
        try daemon.waitUntil(timeout: .seconds(10), "moved as before") { daemon.files(in: daemon.processed) == ["still-works.txt"] }
        try Data("disposition: delete\n".utf8).write(to: configFile)
        daemon.signal(SIGHUP)
        try daemon.waitUntil(timeout: .seconds(10), "reload applied") { daemon.logText().contains("configuration reloaded") }
        try daemon.dropAtomically("deleted.txt", articleText(5))
        try daemon.waitForRecords(2)
        try daemon.waitUntil(timeout: .seconds(10), "deleted") { daemon.files(in: daemon.drop).isEmpty }
        #expect(daemon.files(in: daemon.processed) == ["still-works.txt"])
        #expect(try daemon.stop() == 0)
    }

    @Test func underTheJournalLinesCarryPriorityPrefixesAndNoTimestamp() throws {
        let daemon = try DaemonHarness()
        daemon.environment = ["JOURNAL_STREAM": "8:12345"]
        try daemon.start()
        try daemon.dropAtomically("bad.txt", Data([0, 0, 0]))
        try daemon.waitForRecords(1)
        #expect(try daemon.stop() == 0)
        let lines = daemon.logText().split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.first == "<" && line.dropFirst(2).first == ">", "sd-daemon prefix: \(line)")
            #expect(!line.contains("\u{1B}["), "no colour")
            #expect(!line.contains("Z info"), "no timestamp")
        }
        #expect(lines.contains { $0.hasPrefix("<4>file rejected") }, "a warning is priority 4")
        #expect(lines.contains { $0.hasPrefix("<6>recorded") } == false)
    }

    @Test func aSecondDaemonOnTheSameStateFolderRefusesToStart() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { _ = try? daemon.stop() }
        // The same folders: the second would record every file again.
        let same = try runWatcherd(daemon.arguments)
        #expect(same.exitCode == 1)
        #expect(same.output.contains("another watcherd is already running on the state folder \(daemon.state.path)"))
        #expect(same.output.contains("PID \(daemon.process!.processIdentifier)"))
        // The first daemon was not disturbed: it still records.
        try daemon.dropAtomically("a.txt", articleText(1))
        #expect(try daemon.waitForRecords(1).count == 1)
    }

    @Test func checkConfigNamesTheLine() throws {
        let dir = try DaemonHarness()
        let configFile = dir.root.appendingPathComponent("bad.yaml")
        try Data("workers: 2\nwatch_folder: /tmp/x\n".utf8).write(to: configFile)
        let result = try runWatcherd(["check-config", "--config", configFile.path])
        #expect(result.exitCode == 1)
        #expect(result.output.contains("bad.yaml:2"))
        #expect(result.output.contains("watch_folder"))
        let good = try runWatcherd(["check-config"])
        #expect(good.exitCode == 0)
        #expect(good.output.contains("rules:            8 (from the embedded watchlist)"))
        // A configuration that loads no rule is valid, but a monitor that can never alert is worth a word.
        let silent = dir.root.appendingPathComponent("silent.yaml")
        try Data("alerts:\n  watchlist: false\n".utf8).write(to: silent)
        let none = try runWatcherd(["check-config", "--config", silent.path])
        #expect(none.exitCode == 0 && none.output.contains("rules:            0 (from nothing); no alert will be raised"))
    }
}

/// The name tagger's training and evaluation refuse extra-data options that would do nothing or train nothing,
/// before reading any file.
@Suite struct NameTaggerCommandLineTests {
    @Test func extraDataOptionsAreChecked() throws {
        let cases: [([String], String)] = [
            (["train-ner", "--conll", "a.conll", "--out", "m", "--extra-train", "b.conll", "--extra-epochs", "0"],
             "--extra-epochs must be at least 1"),
            (["train-ner", "--conll", "a.conll", "--out", "m", "--extra-epochs", "2"], "apply to --extra-train"),
            (["eval", "--conll", "a.conll", "--cross-validate", "2", "--extra-document-sentences", "3"], "apply to --extra-train"),
            (["eval", "--conll", "a.conll", "--extra-train", "b.conll"], "apply to --cross-validate"),
            (["eval", "--conll", "a.conll", "--cross-validate", "2", "--extra-train", "b.conll", "--extra-epochs=-3"],
             "--extra-epochs must be at least 1"),
            // Training options where nothing is trained, or that the chosen update does not read, would be ignored.
            (["eval", "--conll", "a.conll", "--miss-cost", "4"], "apply to --cross-validate and --learning-curve"),
            (["eval", "--conll", "a.conll", "--no-bias"], "apply to --cross-validate and --learning-curve"),
            (["train-ner", "--conll", "a.conll", "--out", "m", "--aggressiveness", "0.5"], "applies to --update pa only"),
            (["train-ner", "--conll", "a.conll", "--out", "m", "--miss-cost", "inf"], "--miss-cost must be a number"),
            // The error lists are printed for --conll only.
            (["eval", "--error-names", "40"], "--error-names apply to --conll"),
            (["eval", "--conll", "a.conll", "--error-names=-1"], "--error-names needs a count of 0 or more"),
            (["eval", "--conll", "a.conll", "--error-names", "40"], "--error-names applies to the error table"),
        ]
        for (arguments, message) in cases {
            let result = try runWatcherd(arguments)
            #expect(result.exitCode == 64, "\(arguments)")
            #expect(result.output.contains(message), "\(arguments): \(result.output)")
        }
    }
}

/// Runs `watcherd` with arguments, returning stdout+stderr and the exit code.
func runWatcherd(_ arguments: [String]) throws -> (output: String, exitCode: Int32) {
    let process = Process()
    process.executableURL = DaemonHarness.binary
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), process.terminationStatus)
}

/// Pathological articles are processed (bounded by max_file_size), and the daemon goes on; how long they take is
/// measured by `make bench`, not asserted here.
@Suite(.serialized)
struct PathologicalInputTests {
    @Test func fiveMebibytesOnOneLineAndAHundredThousandNamesAreRecorded() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let sentence = "قال مسؤول عراقي في بغداد إن المحادثات مع واشنطن مستمرة بشأن مستقبل التحالف الدولي "
        let oneLine = "عنوان\n\n" + String(repeating: sentence, count: (5 << 20) / sentence.utf8.count)
        try daemon.dropAtomically("one-line.txt", Data(oneLine.utf8))
        let names = "عنوان\n\n" + String(repeating: "كتائب حزب الله وإيران والولايات المتحدة والعراق ", count: 25_000)
        try daemon.dropAtomically("names.txt", Data(names.utf8))
        try daemon.dropAtomically("after.txt", articleText(1))
        let records = try daemon.waitForRecords(3, timeout: .seconds(120))
        for name in ["one-line.txt", "names.txt", "after.txt"] {
            let record = records.first { ($0["file"] as? [String: Any])?["name"] as? String == name }
            #expect(record?["status"] as? String == "ok", "\(name) is processed")
        }
        let namesRecord = records.first { ($0["file"] as? [String: Any])?["name"] as? String == "names.txt" }
        let hezbollah = (namesRecord?["entities"] as? [[String: Any]])?.first { $0["id"] as? String == "kataib-hezbollah" }
        #expect(hezbollah?["count"] as? Int == 25_000)
        #expect(daemon.isRunning)
        #expect(try daemon.stop() == 0)
    }
}
