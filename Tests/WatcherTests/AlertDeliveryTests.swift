import Foundation
import Logging
import SystemPackage
import Testing
import Watcher

/// The delivery cursor: alerts finish out of order, the cursor stops before the first undelivered one, and a
/// restart hands every alert after it out again (at least once; the id tells repeats apart).
@Suite struct AlertDeliveryTests {
    let logger = Logger(label: "test")

    func line(_ id: String) -> String { #"{"id":"\#(id)","rule":"r","severity":"high","file":"a.txt"}"# }

    func positions(_ dir: TemporaryDirectory, ids: [String]) throws -> [(id: String, end: LogPosition)] {
        let url = dir.file("alerts.jsonl")
        let info = try FileManager.default.attributesOfItem(atPath: url.path)
        var offset = Int64((info[.size] as? Int) ?? 0)
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        var result: [(id: String, end: LogPosition)] = []
        var st = stat()
        stat(url.path, &st)
        for id in ids {
            let bytes = Data((line(id) + "\n").utf8)
            handle.write(bytes)
            offset += Int64(bytes.count)
            result.append((id, LogPosition(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), offset: offset)))
        }
        try handle.close()
        // As the ledger gives them: with the file's first line.
        let fingerprint = try LogFingerprint.of(FilePath(url.path))
        return result.map { ($0.id, LogPosition(device: $0.end.device, inode: $0.end.inode, offset: $0.end.offset, fingerprint: fingerprint)) }
    }

    /// Writes each alert to `log` as the ledger does (its position from the writer) and has it delivered at once;
    /// `padding` lengthens each line by that many bytes.
    func writeDelivered(_ ids: [String], padding: Int = 0, to log: JSONLinesLog, _ delivery: AlertDelivery) async throws {
        for id in ids {
            let json = padding == 0 ? line(id) : String(line(id).dropLast()) + #","padding":"\#(String(repeating: "x", count: padding))"}"#
            try log.append(Array(json.utf8))
            await delivery.expect([(id, try log.position())])
            await delivery.delivered(id)
        }
    }

    @Test func aRestartDeliversEveryAlertAfterTheFirstUndeliveredOne() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("alerts.jsonl", line("old") + "\n")
        let log = FilePath(dir.file("alerts.jsonl").path)
        do {
            // First start: what is in the log already is not delivered again.
            let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: log, logger: logger)
            #expect(await delivery.takeBacklog().isEmpty)
            let written = try positions(dir, ids: ["a", "b", "c"])
            await delivery.expect(written)
            await delivery.delivered("a")
            await delivery.delivered("c")  // b's hook is still running when the daemon dies
            #expect(await delivery.position == written[0].end)
            await delivery.save()
        }
        let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: log, logger: logger)
        #expect(await delivery.takeBacklog().map(\.id) == ["b", "c"])
        #expect(await delivery.takeBacklog().isEmpty)
        await delivery.delivered("b")
        await delivery.delivered("c")
        await delivery.save()
        let after = try AlertDelivery(stateFolder: dir.path, alertsLog: log, logger: logger)
        #expect(await after.takeBacklog().isEmpty)
    }

    /// Rotated while alerts were outstanding: the rest of the old file (where logrotate left it), then the new one.
    @Test func undeliveredAlertsAreFoundInTheRotatedLog() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("alerts.jsonl", "")
        let log = FilePath(dir.file("alerts.jsonl").path)
        do {
            let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: log, logger: logger)
            let written = try positions(dir, ids: ["a", "b"])
            await delivery.expect(written)
            await delivery.delivered("a")
            await delivery.save()
        }
        try FileManager.default.moveItem(at: dir.file("alerts.jsonl"), to: dir.file("alerts.jsonl.1"))
        try dir.write("alerts.jsonl", line("c") + "\n")
        let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: log, logger: logger)
        #expect(await delivery.takeBacklog().map(\.id) == ["b", "c"])
    }

    /// The log deleted and a new one created in its place that got the old file's inode number (logrotate with
    /// `rotate 0`): the cursor's first-line fingerprint tells them apart, so every alert of the new file is delivered,
    /// not only those past the old file's offset. (Rewritten in place here, which keeps the inode for certain.)
    @Test func aNewLogWithTheOldInodeIsDeliveredFromItsStart() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("alerts.jsonl", line("old") + "\n")
        let log = FilePath(dir.file("alerts.jsonl").path)
        do {
            let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: log, logger: logger)
            let written = try positions(dir, ids: ["a", "b"])
            await delivery.expect(written)
            await delivery.delivered("a")
            await delivery.delivered("b")
            await delivery.save()
        }
        let inode = try FileManager.default.attributesOfItem(atPath: log.string)[.systemFileNumber] as? Int
        let handle = try FileHandle(forWritingTo: dir.file("alerts.jsonl"))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(["x", "y", "z", "w"].map { line($0) + "\n" }.joined().utf8))
        try handle.close()
        #expect(try FileManager.default.attributesOfItem(atPath: log.string)[.systemFileNumber] as? Int == inode)
        let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: log, logger: logger)
        #expect(await delivery.takeBacklog().map(\.id) == ["x", "y", "z", "w"])
    }

    /// A cursor file of an earlier version (three fields, no fingerprint) is still read.
    @Test func aCursorWithoutAFingerprintIsStillRead() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("alerts.jsonl", line("a") + "\n" + line("b") + "\n")
        let log = FilePath(dir.file("alerts.jsonl").path)
        var st = stat()
        stat(log.string, &st)
        try dir.write("alerts.delivered", "\(st.st_dev) \(st.st_ino) \(line("a").utf8.count + 1)\n")
        let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: log, logger: logger)
        #expect(await delivery.takeBacklog().map(\.id) == ["b"])
    }

    /// logrotate's `copytruncate` on a quiet alert log, then alerts longer than the old file: the positions the writer
    /// hands out name the new first line, so a restart delivers nothing again (and logs no false rotation).
    @Test func alertsAfterACopytruncateAreNotDeliveredAgain() async throws {
        let dir = try TemporaryDirectory()
        let path = FilePath(dir.file("alerts.jsonl").path)
        let log = try JSONLinesLog(path: path, logger: logger)
        do {
            let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: path, logger: logger)
            try await writeDelivered(["a"], to: log, delivery)
            await delivery.save()
            let handle = try FileHandle(forWritingTo: dir.file("alerts.jsonl"))
            try handle.truncate(atOffset: 0)
            try handle.close()
            try await writeDelivered(["b", "c", "d"], padding: 50, to: log, delivery)
            await delivery.save()
        }
        let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: path, logger: logger)
        #expect(await delivery.takeBacklog().isEmpty)
    }

    /// An alert log that is a symbolic link: the cursor names the file the link points to, as the writer does, so a
    /// restart does not deliver every alert again.
    @Test func aSymlinkedAlertLogIsNotDeliveredAgain() async throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.file("real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.file("alerts.jsonl").path,
                                                   withDestinationPath: dir.file("real/alerts.jsonl").path)
        let path = FilePath(dir.file("alerts.jsonl").path)
        let log = try JSONLinesLog(path: path, logger: logger)
        do {
            let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: path, logger: logger)
            try await writeDelivered(["a"], to: log, delivery)
            await delivery.save()
        }
        let delivery = try AlertDelivery(stateFolder: dir.path, alertsLog: path, logger: logger)
        #expect(await delivery.takeBacklog().isEmpty)
    }
}
