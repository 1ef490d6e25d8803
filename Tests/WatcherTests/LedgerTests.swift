import Foundation
import Logging
import SystemPackage
import Testing
import Watcher

/// The ledger's on-disk index: keys of records written just before a crash are committed at the next start (so a
/// rotation cannot lose them), the key file of earlier versions is migrated, and alert delivery resumes at its cursor.
@Suite struct LedgerTests {
    let logger = Logger(label: "test")

    func config(_ dir: TemporaryDirectory) -> WatcherConfig {
        var config = WatcherConfig()
        config.dropFolder = FilePath(dir.file("drop").path)
        config.articlesLog = FilePath(dir.file("out/articles.jsonl").path)
        config.alertsLog = FilePath(dir.file("out/alerts.jsonl").path)
        config.stateFolder = FilePath(dir.file("out/state").path)
        return config
    }

    func recordLine(_ key: RecordKey, drop: String? = nil) -> String {
        let file = drop.map { #","drop_id":"\#($0)""# } ?? ""
        return #"{"id":"\#(key)","file":{"name":"x.txt"\#(file)},"ingested_at":"2026-12-05T00:00:00Z","status":"ok"}"#
    }

    func append(_ line: String, to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        try handle.close()
    }

    /// Issue 19, item 4: a record written just before a crash (its key not yet in the index) is found in the log at
    /// the next start and committed there, so after the log is rotated away its bytes are still known.
    @Test func keysRecoveredAtStartSurviveTheRotationOfTheLog() async throws {
        let dir = try TemporaryDirectory()
        let first = RecordKey(hashing: Array("first".utf8))
        let crashed = RecordKey(hashing: Array("crashed".utf8))
        let drop = "00112233445566778899aabbccddeeff"
        do {
            let ledger = try RecordLedger(config: config(dir), logger: logger)
            #expect(try await ledger.commit(.init(key: first, record: Array(recordLine(first).utf8))) == .written)
            await ledger.close()
        }
        // Written, then the crash: no flush, so the index never heard of it.
        try append(recordLine(crashed, drop: drop), to: dir.file("out/articles.jsonl"))
        do {
            let ledger = try RecordLedger(config: config(dir), logger: logger)
            #expect(try await ledger.isRecorded(crashed))
            #expect(await ledger.recordedCount == 2)
        }
        // logrotate, then the old log compressed away: only the index remembers.
        try FileManager.default.removeItem(at: dir.file("out/articles.jsonl"))
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        #expect(try await ledger.isRecorded(first))
        #expect(try await ledger.isRecorded(crashed))
        #expect(try await ledger.isRecorded(DropID(hex: drop)!))
        #expect(try await ledger.commit(.init(key: crashed, record: Array("{}".utf8))) == .duplicate)
        #expect(try String(contentsOf: dir.file("out/articles.jsonl"), encoding: .utf8).isEmpty)
    }

    /// A crash, then logrotate moved the log away before the next start: the rest of the file the index last covered
    /// is read where logrotate left it (`articles.jsonl.1`).
    @Test func linesPastTheIndexAreReadFromTheRotatedFile() async throws {
        let dir = try TemporaryDirectory()
        let crashed = RecordKey(hashing: Array("crashed before rotation".utf8))
        do {
            let ledger = try RecordLedger(config: config(dir), logger: logger)
            _ = try await ledger.commit(.init(key: RecordKey(hashing: [1]), record: Array(recordLine(RecordKey(hashing: [1])).utf8)))
            await ledger.close()
        }
        try append(recordLine(crashed), to: dir.file("out/articles.jsonl"))
        try FileManager.default.moveItem(at: dir.file("out/articles.jsonl"), to: dir.file("out/articles.jsonl.1"))
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        #expect(try await ledger.isRecorded(crashed))
    }

    /// Keys committed in one run are in the index, not in memory: a new ledger over the same state finds them after
    /// the logs are gone, and a fresh key is not taken for one of them.
    @Test func theIndexAnswersExactlyAfterTheLogsAreGone() async throws {
        let dir = try TemporaryDirectory()
        let keys = (0..<500).map { RecordKey(hashing: Array("article \($0)".utf8)) }
        do {
            let ledger = try RecordLedger(config: config(dir), logger: logger)
            for key in keys { _ = try await ledger.write(.init(key: key, record: Array(recordLine(key).utf8))) }
            await ledger.close()
        }
        try FileManager.default.removeItem(at: dir.file("out/articles.jsonl"))
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        for key in keys { #expect(try await ledger.contains(key)) }
        #expect(try await !ledger.contains(RecordKey(hashing: Array("article 500".utf8))))
        #expect(await ledger.recordedCount == 500)
    }

    /// The key file of earlier versions (key-only lines and key + drop lines) is migrated on the first start, then
    /// renamed so it is never read again; what it held stays known after the logs are gone.
    @Test func theKeyFileIsMigratedOnTheFirstStart() async throws {
        let dir = try TemporaryDirectory()
        let keyOnly = RecordKey(hashing: Array("key only".utf8))
        let withDrop = RecordKey(hashing: Array("with drop".utf8))
        let drop = "ffeeddccbbaa99887766554433221100"
        try dir.write("out/state/recorded.keys", "\(keyOnly.hex)\n\(withDrop.hex) \(drop)\n")
        do {
            let ledger = try RecordLedger(config: config(dir), logger: logger)
            #expect(try await ledger.contains(keyOnly))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("out/state/recorded.keys").path))
        #expect(FileManager.default.fileExists(atPath: dir.file("out/state/recorded.keys.migrated").path))
        // A key file written again (by an older binary, by hand) is not read by a migrated index.
        let stray = RecordKey(hashing: Array("stray".utf8))
        try dir.write("out/state/recorded.keys", "\(stray.hex)\n")
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        #expect(try await ledger.contains(keyOnly))
        #expect(try await ledger.contains(withDrop))
        #expect(try await ledger.isRecorded(DropID(hex: drop)!))
        #expect(try await !ledger.contains(stray))
    }

    /// An index moved aside (damaged, or deleted by hand) is rebuilt from the article log and its rotated copies.
    @Test func aLostIndexIsRebuiltFromTheLogsAndTheirRotatedCopies() async throws {
        let dir = try TemporaryDirectory()
        let old = RecordKey(hashing: Array("rotated".utf8))
        let recent = RecordKey(hashing: Array("recent".utf8))
        try dir.write("out/articles.jsonl.1", recordLine(old) + "\n")
        try dir.write("out/articles.jsonl", recordLine(recent) + "\n")
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        #expect(try await ledger.contains(old))
        #expect(try await ledger.contains(recent))
    }

    /// Alert ids live in the index too: an alert written in an earlier run is not written again.
    @Test func alertIDsOfEarlierRunsAreNotWrittenAgain() async throws {
        let dir = try TemporaryDirectory()
        let alert = (id: "alert:1", line: Array(#"{"id":"alert:1"}"#.utf8))
        do {
            let ledger = try RecordLedger(config: config(dir), logger: logger)
            _ = try await ledger.commit(.init(key: RecordKey(hashing: [1]), record: Array("{}".utf8), alerts: [alert]))
            await ledger.close()
        }
        try FileManager.default.removeItem(at: dir.file("out/alerts.jsonl"))
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        _ = try await ledger.commit(.init(key: RecordKey(hashing: [2]), record: Array("{}".utf8), alerts: [alert]))
        #expect(try String(contentsOf: dir.file("out/alerts.jsonl"), encoding: .utf8).isEmpty)
    }

    /// The index built in bulk (as `watcherd-bench --ledger` does) answers exactly: every loaded key, no other.
    @Test func aBulkLoadedIndexAnswersExactly() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.file("state"), withIntermediateDirectories: true)
        let keys = (0..<2_000).map { RecordKey(hashing: Array("bulk \($0)".utf8)) }.sorted { $0.hex < $1.hex }
        try LedgerIndex.bulkLoad(stateFolder: FilePath(dir.file("state").path), count: keys.count) { i in
            (keys[i].bytes, Array(keys[i].bytes.prefix(16)))
        }
        let reopened = try LedgerIndex(stateFolder: FilePath(dir.file("state").path))
        #expect(!reopened.needsMigration)
        #expect(reopened.recordedCount == keys.count)
        for key in keys { #expect(try reopened.contains(key)) }
        for n in 2_000..<2_200 { #expect(try !reopened.contains(RecordKey(hashing: Array("bulk \(n)".utf8)))) }
    }

    /// A crash, then the log deleted and a new one created that got the old file's inode number (logrotate with
    /// `rotate 0`) and grew past the old offset: the index's first-line fingerprint tells the files apart, so the new
    /// file is read from its start and its first record is not missed. (Rewritten in place here, which keeps the
    /// inode for certain.)
    @Test func aNewLogWithTheOldInodeIsReadFromItsStart() async throws {
        let dir = try TemporaryDirectory()
        let first = RecordKey(hashing: Array("first".utf8))
        do {
            let ledger = try RecordLedger(config: config(dir), logger: logger)
            _ = try await ledger.commit(.init(key: first, record: Array(recordLine(first).utf8)))
            await ledger.close()
        }
        let (a, b) = (RecordKey(hashing: Array("new a".utf8)), RecordKey(hashing: Array("new b".utf8)))
        let handle = try FileHandle(forWritingTo: dir.file("out/articles.jsonl"))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data((recordLine(a) + "\n" + recordLine(b) + "\n").utf8))
        try handle.close()
        let ledger = try RecordLedger(config: config(dir), logger: logger)
        #expect(try await ledger.isRecorded(a))
        #expect(try await ledger.isRecorded(b))
    }

    /// An index written before positions had a fingerprint (schema 1 as written by 4160e30 and earlier, from
    /// `Tests/Fixtures/ledger/schema1-ledger.sqlite`) opens, gains the column, and stores fingerprints from then on.
    @Test func anIndexWithoutFingerprintsIsUpgraded() async throws {
        let dir = try TemporaryDirectory()
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir.file("out/state"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: package.appendingPathComponent("Tests/Fixtures/ledger/schema1-ledger.sqlite"),
                                         to: dir.file("out/state/ledger.sqlite"))
        let key = RecordKey(hashing: Array("after the upgrade".utf8))
        try dir.write("out/articles.jsonl", recordLine(key) + "\n")
        do {
            let ledger = try RecordLedger(config: config(dir), logger: logger)
            #expect(try await ledger.isRecorded(key))
            await ledger.close()
        }
        let index = try LedgerIndex(stateFolder: FilePath(dir.file("out/state").path))
        let position = try #require(try index.position(of: "articles"))
        #expect(position.fingerprint == (try LogFingerprint.of(FilePath(dir.file("out/articles.jsonl").path))))
        #expect(position.fingerprint != 0)
    }
}
