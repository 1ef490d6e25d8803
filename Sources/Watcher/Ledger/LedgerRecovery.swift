import Logging
import SystemPackage

/// Brings the ledger index up to date with the logs at start, before anything is recorded, and commits what it found
/// (synced): keys of records written just before a crash are never only in memory, so a later rotation cannot lose
/// them.
///
/// The first start with an index (or after the index file was moved aside) migrates: the old key file (whole lines
/// only, with or without a drop id), the article log and its uncompressed rotated copies, and the alert log. Later
/// starts read only what the logs gained after the position the index last committed.
enum LedgerRecovery {
    /// Entries per transaction while migrating, so memory stays bounded whatever the history.
    static let chunk = 200_000

    static func run(index: LedgerIndex, articles: JSONLinesLog, alerts: JSONLinesLog, keyFile: FilePath,
                    logger: Logger) throws -> Void {
        var collector = Collector(index: index)
        let articlesNow = try articles.position()
        let alertsNow = try alerts.position()
        if index.needsMigration {
            var fromKeyFile = 0
            try JSONLinesLog.forEachLine(at: keyFile) { line in
                guard let entry = RecordLines.keyFileEntry(line) else { return }
                fromKeyFile += 1
                collector.add(key: entry.key, drop: entry.drop)
            }
            let rotated = RotatedLogs.siblings(of: articles.path) + RotatedLogs.siblings(of: alerts.path)
            for path in RotatedLogs.siblings(of: articles.path) + [articles.path] {
                try JSONLinesLog.forEachLine(at: path) { collector.addRecord($0) }
            }
            for path in RotatedLogs.siblings(of: alerts.path) + [alerts.path] {
                try JSONLinesLog.forEachLine(at: path) { collector.addAlert($0) }
            }
            try collector.error.map { throw $0 }
            collector.batch.positions = ["articles": articlesNow, "alerts": alertsNow]
            try collector.commit(completingMigration: true)
            if (try? Syscalls.lstat(keyFile)) != nil {
                var migrated = keyFile
                migrated.removeLastComponent()
                migrated.append((keyFile.lastComponent?.string ?? "recorded.keys") + ".migrated")
                try Syscalls.rename(keyFile, migrated)
            }
            logger.notice("ledger index built", metadata: [
                "index": "\(PathText.display(index.path))", "recorded": "\(index.recordedCount)",
                "key_file_lines": "\(fromKeyFile)", "rotated_logs_read": "\(rotated.count)",
            ])
            return
        }
        let (savedArticles, savedAlerts) = (try index.position(of: "articles"), try index.position(of: "alerts"))
        let articleGap = try RotatedLogs.forEachLine(of: articles.path, since: savedArticles, current: articlesNow) {
            collector.addRecord($0)
        }
        let alertGap = try RotatedLogs.forEachLine(of: alerts.path, since: savedAlerts, current: alertsNow) {
            collector.addAlert($0)
        }
        try collector.error.map { throw $0 }
        for (log, gap) in [(articles.path, articleGap), (alerts.path, alertGap)] {
            guard let gap else { continue }
            logger.warning("the ledger could not read every line since its last commit", metadata: [
                "log": "\(PathText.display(log))", "reason": "\(gap)",
            ])
        }
        // After a clean stop the index reaches the logs' ends already: nothing to commit, no fsync to wait for.
        guard collector.batch.entryCount > 0 || savedArticles != articlesNow || savedAlerts != alertsNow else { return }
        collector.batch.positions = ["articles": articlesNow, "alerts": alertsNow]
        try collector.commit(completingMigration: false)
        if collector.newKeys > 0 {
            logger.notice("recovered recorded keys from the article log", metadata: ["count": "\(collector.newKeys)"])
        }
    }

    /// Gathers entries and commits them in chunks.
    private struct Collector {
        let index: LedgerIndex
        var batch = LedgerBatch()
        var newKeys = 0
        var error: LedgerIndexError?

        init(index: LedgerIndex) { self.index = index }

        mutating func add(key: RecordKey?, drop: DropID?) {
            if let key { batch.keys.insert(key) }
            if let drop { batch.drops.insert(drop) }
            flushIfFull()
        }

        mutating func addRecord(_ line: ArraySlice<UInt8>) {
            add(key: RecordLines.recordKey(line), drop: RecordLines.dropID(line))
        }

        mutating func addAlert(_ line: ArraySlice<UInt8>) {
            if let id = RecordLines.leadingID(line) { batch.alerts.insert(id) }
            flushIfFull()
        }

        private mutating func flushIfFull() {
            guard error == nil, batch.entryCount >= LedgerRecovery.chunk else { return }
            do { try commit(completingMigration: false) } catch { self.error = error }
        }

        mutating func commit(completingMigration: Bool) throws(LedgerIndexError) {
            let added = try index.writer.commitNow(batch, completingMigration: completingMigration)
            index.noteRecorded(added)
            newKeys += added
            batch = LedgerBatch()
        }
    }
}
