import Foundation
import Testing
import Watcher

/// Issue 19, items 4 and 5, through the real binary: the same bytes are never recorded twice across a crash, a
/// rotation and a key file from an earlier version, and every alert reaches the hook at least once across a kill -9.
@Suite struct LedgerIntegrationTests {
    func keyHex(_ data: Data) -> String { RecordKey(hashing: Array(data)).hex }

    /// A record the crash left in the log (written, never flushed into the index) is committed at the next start:
    /// after logrotate moved the log away and its copy was compressed, the same bytes are still not recorded again.
    @Test func theSameBytesAreNeverRecordedTwiceAcrossACrashARotationAndAMigration() throws {
        let daemon = try DaemonHarness()
        try FileManager.default.createDirectory(at: daemon.state, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: daemon.out, withIntermediateDirectories: true)
        // An earlier version's key file, one key-only line: migrated on the first start.
        let migrated = articleText(900)
        try Data((keyHex(migrated) + "\n").utf8).write(to: daemon.state.appendingPathComponent("recorded.keys"))
        try daemon.start()
        for n in 0..<20 { try daemon.dropAtomically("a\(n).txt", articleText(n)) }
        try daemon.waitForRecords(3)
        try daemon.stop(signal: SIGKILL)
        // The power cut: one more record reached the log but nothing else did (not the index, not the move).
        let crashed = articleText(901)
        let line = #"{"id":"sha256:\#(keyHex(crashed))","file":{"name":"crashed.txt"},"ingested_at":"2026-12-05T00:00:00.000Z","status":"ok"}"#
        let handle = try FileHandle(forWritingTo: daemon.articles)
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        try handle.close()
        try daemon.dropAtomically("crashed.txt", crashed)
        try daemon.start()
        try daemon.waitUntil(timeout: .seconds(60), "the drop folder emptied") { daemon.files(in: daemon.drop).isEmpty }
        let first = daemon.records().compactMap { $0["id"] as? String }
        #expect(first.count == 21)
        #expect(Set(first).count == 21, "a file was recorded twice across the kill")
        // logrotate `create`: move the log away, SIGHUP, and the old copy compressed (gone as plain text).
        try FileManager.default.moveItem(at: daemon.articles, to: daemon.out.appendingPathComponent("articles.jsonl.1"))
        daemon.signal(SIGHUP)
        try daemon.waitUntil(timeout: .seconds(10), "logs reopened") { FileManager.default.fileExists(atPath: daemon.articles.path) }
        try daemon.stop()
        try FileManager.default.removeItem(at: daemon.out.appendingPathComponent("articles.jsonl.1"))
        try daemon.start()
        for n in 0..<20 { try daemon.dropAtomically("again-\(n).txt", articleText(n)) }
        try daemon.dropAtomically("again-crashed.txt", crashed)
        try daemon.dropAtomically("again-migrated.txt", migrated)
        try daemon.waitUntil(timeout: .seconds(60), "the drop folder emptied") { daemon.files(in: daemon.drop).isEmpty }
        #expect(daemon.records().isEmpty, "bytes recorded before the rotation were recorded again")
        #expect(daemon.files(in: daemon.processed).filter { $0.hasPrefix("again-") }.count == 22)
        #expect(try daemon.stop() == 0)
    }

    /// A hook that is still running when the daemon is killed never counts its alert; after the restart every
    /// alert id in the alert log reaches the hook (with `WATCHERD_ALERT_ID` set) and the journal again.
    @Test func everyAlertReachesTheHookAtLeastOnceAcrossAKill() throws {
        let daemon = try DaemonHarness()
        let seen = daemon.root.appendingPathComponent("seen.txt")
        let delay = daemon.root.appendingPathComponent("delay")
        let hook = daemon.root.appendingPathComponent("hook.sh")
        try Data("3".utf8).write(to: delay)
        // Counts an alert only if the daemon that started it is still alive when it is done.
        try Data("""
            #!/bin/sh
            cat > /dev/null
            sleep "$(cat '\(delay.path)')"
            kill -0 "$PPID" 2>/dev/null || exit 1
            echo "$WATCHERD_ALERT_ID" >> '\(seen.path)'

            """.utf8).write(to: hook)
        chmod(hook.path, 0o755)
        try daemon.configure("alerts:\n  hook:\n    command: [\(hook.path)]\n    timeout_s: 30\n    retries: 0\n")
        let (name, data) = try AlertIntegrationTests.seedData("000")
        try daemon.start()
        try daemon.dropAtomically(name, data)
        try daemon.waitForRecords(1)
        let ids = daemon.records(daemon.alerts).compactMap { $0["id"] as? String }
        #expect(ids.count >= 2)
        try daemon.stop(signal: SIGKILL)
        #expect(!FileManager.default.fileExists(atPath: seen.path), "the hook finished before the kill; the test proves nothing")
        try Data("0".utf8).write(to: delay)
        try daemon.start()
        try daemon.waitUntil(timeout: .seconds(30), "every alert reached the hook") {
            let got = Set(((try? String(contentsOf: seen, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init))
            return Set(ids).isSubset(of: got)
        }
        for id in ids { #expect(daemon.logText().contains("alert=\(id)") ) }
        #expect(daemon.logText().contains("redelivered=true"))
        #expect(daemon.records().count == 1, "the article is recorded once")
        #expect(try daemon.stop() == 0)
        // Delivered now: a further restart hands nothing out again.
        try Data().write(to: seen)
        try daemon.start()
        usleep(1_500_000)
        #expect(((try? String(contentsOf: seen, encoding: .utf8)) ?? "").isEmpty)
        #expect(try daemon.stop() == 0)
    }
}
