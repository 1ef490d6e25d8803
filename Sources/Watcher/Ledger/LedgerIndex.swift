import Dispatch
import SystemPackage

/// Where the ledger's index stands in one of the logs: every complete line before `offset` of the file with this
/// device and inode (and first line, by ``fingerprint``) has its keys in the index.
package struct LogPosition: Sendable, Equatable {
    package var device: UInt64
    package var inode: UInt64
    package var offset: Int64
    /// ``LogFingerprint`` of the file's first line (0: not known, or the file has none yet), so that a new file which
    /// got a deleted one's inode number is not taken for it.
    package var fingerprint: UInt64

    package init(device: UInt64, inode: UInt64, offset: Int64, fingerprint: UInt64 = 0) {
        self.device = device
        self.inode = inode
        self.offset = offset
        self.fingerprint = fingerprint
    }

    /// Same device and inode, and no fingerprint that tells them apart.
    package func sameFile(as other: LogPosition) -> Bool {
        device == other.device && inode == other.inode && LogFingerprint.compatible(fingerprint, other.fingerprint)
    }
}

/// What one commit adds to the index: record keys, drops, alert ids, and how far into each log they reach.
package struct LedgerBatch: Sendable {
    package var keys = Set<RecordKey>()
    package var drops = Set<DropID>()
    package var alerts = Set<String>()
    /// Log name (`articles`, `alerts`) → the position these entries reach.
    package var positions: [String: LogPosition] = [:]

    package init() {}

    package var isEmpty: Bool { keys.isEmpty && drops.isEmpty && alerts.isEmpty && positions.isEmpty }
    package var entryCount: Int { keys.count + drops.count + alerts.count }

    package mutating func formUnion(_ other: LedgerBatch) {
        keys.formUnion(other.keys)
        drops.formUnion(other.drops)
        alerts.formUnion(other.alerts)
        for (name, position) in other.positions where positions[name] == nil { positions[name] = position }
    }
}

/// The on-disk sets of recorded keys, drops and alert ids (SQLite, `state/ledger.sqlite`): exact lookups in bounded
/// memory and a start time that does not grow with history.
///
/// Two connections: this object reads (on the ledger actor), its ``Writer`` commits on a thread of its own, in WAL
/// mode with `synchronous=FULL`, so a commit that returned is on disk and readers never wait for it.
package final class LedgerIndex {
    package static let fileName = "ledger.sqlite"
    static let schemaVersion: Int64 = 1

    package let path: FilePath
    /// Whether the index had never been completed (a first start, or a rebuild): then it must be filled from the key
    /// file and the logs before anything is recorded.
    package let needsMigration: Bool
    /// Rows in the key table, kept in the meta table (counting ten million rows would take a second).
    package private(set) var recordedCount: Int
    private let reader: SQLiteConnection
    private let hasKey: SQLiteConnection.Statement
    private let hasDrop: SQLiteConnection.Statement
    private let hasAlert: SQLiteConnection.Statement
    private let position: SQLiteConnection.Statement
    private let meta: SQLiteConnection.Statement
    package let writer: Writer

    /// Opens or creates the index in `stateFolder`.
    package init(stateFolder: FilePath) throws(LedgerIndexError) {
        path = stateFolder.appending(Self.fileName)
        // The writer first: it creates the tables and turns on WAL, which the reader then finds.
        writer = try Writer(path: path)
        reader = try SQLiteConnection(path: path)
        try reader.execute("PRAGMA cache_size=-4096; PRAGMA query_only=1;")
        hasKey = try reader.prepare("SELECT 1 FROM keys WHERE key = ?")
        hasDrop = try reader.prepare("SELECT 1 FROM drops WHERE drop_id = ?")
        hasAlert = try reader.prepare("SELECT 1 FROM alerts WHERE id = ?")
        position = try reader.prepare("SELECT device, inode, offset, fingerprint FROM positions WHERE log = ?")
        meta = try reader.prepare("SELECT value FROM meta WHERE name = ?")
        let version = try meta.run([.text("version")]) { $0.integer(0) }
        needsMigration = version == nil
        recordedCount = Int(try meta.run([.text("recorded")]) { $0.integer(0) } ?? 0)
    }

    package func contains(_ key: RecordKey) throws(LedgerIndexError) -> Bool {
        try hasKey.run([.blob(key.bytes)]) { _ in true } ?? false
    }

    package func contains(_ drop: DropID) throws(LedgerIndexError) -> Bool {
        try hasDrop.run([.blob(drop.bytes)]) { _ in true } ?? false
    }

    package func contains(alert id: String) throws(LedgerIndexError) -> Bool {
        try hasAlert.run([.text(id)]) { _ in true } ?? false
    }

    /// How far into the named log the index reaches, if it was ever committed.
    package func position(of log: String) throws(LedgerIndexError) -> LogPosition? {
        try position.run([.text(log)]) { row in
            LogPosition(device: UInt64(bitPattern: row.integer(0)), inode: UInt64(bitPattern: row.integer(1)), offset: row.integer(2),
                        fingerprint: UInt64(bitPattern: row.integer(3)))
        }
    }

    /// Creates (or adds to) the index in `stateFolder` with `count` keys and drop ids from `next`, written straight
    /// into it in bulk: how `watcherd-bench --ledger` makes a history of millions of files without the daemon.
    package static func bulkLoad(stateFolder: FilePath, count: Int, next: (Int) -> (key: [UInt8], drop: [UInt8])) throws(LedgerIndexError) {
        let writer = try Writer(path: stateFolder.appending(fileName))
        try writer.bulkLoad(count: count, next: next)
    }

    /// Counts keys a ``Writer/commit(_:completingMigration:)`` found new.
    package func noteRecorded(_ added: Int) { recordedCount += added }

    /// The committing side: one connection, used only on its own serial queue.
    package final class Writer: @unchecked Sendable {
        private let connection: SQLiteConnection
        private let queue = DispatchQueue(label: "watcherd.ledger-index")
        private let insertKey: SQLiteConnection.Statement
        private let insertDrop: SQLiteConnection.Statement
        private let insertAlert: SQLiteConnection.Statement
        private let setPosition: SQLiteConnection.Statement
        private let setMeta: SQLiteConnection.Statement
        private let getMeta: SQLiteConnection.Statement

        fileprivate init(path: FilePath) throws(LedgerIndexError) {
            connection = try SQLiteConnection(path: path)
            try connection.execute("""
                PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-4096;
                PRAGMA wal_autocheckpoint=64; PRAGMA journal_size_limit=1048576;
                CREATE TABLE IF NOT EXISTS keys (key BLOB PRIMARY KEY) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS drops (drop_id BLOB PRIMARY KEY) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS alerts (id TEXT PRIMARY KEY) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS positions (log TEXT PRIMARY KEY, device INTEGER, inode INTEGER, offset INTEGER) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER) WITHOUT ROWID;
                """)
            // Indexes written before positions had a first-line fingerprint gain the column (0: not known).
            let hasFingerprint = try connection.prepare("SELECT 1 FROM pragma_table_info('positions') WHERE name = 'fingerprint'")
                .run([]) { _ in true } ?? false
            if !hasFingerprint {
                try connection.execute("ALTER TABLE positions ADD COLUMN fingerprint INTEGER NOT NULL DEFAULT 0")
            }
            insertKey = try connection.prepare("INSERT OR IGNORE INTO keys (key) VALUES (?)")
            insertDrop = try connection.prepare("INSERT OR IGNORE INTO drops (drop_id) VALUES (?)")
            insertAlert = try connection.prepare("INSERT OR IGNORE INTO alerts (id) VALUES (?)")
            setPosition = try connection.prepare("INSERT OR REPLACE INTO positions (log, device, inode, offset, fingerprint) VALUES (?, ?, ?, ?, ?)")
            setMeta = try connection.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)")
            getMeta = try connection.prepare("SELECT value FROM meta WHERE name = ?")
        }

        /// Commits `batch` in one transaction that is on disk when this returns; returns how many keys were new.
        package func commit(_ batch: LedgerBatch, completingMigration: Bool = false) async throws(LedgerIndexError) -> Int {
            let result: Result<Int, LedgerIndexError> = await withCheckedContinuation { continuation in
                queue.async {
                    continuation.resume(returning: Result { () throws(LedgerIndexError) -> Int in
                        try self.commitNow(batch, completingMigration: completingMigration)
                    })
                }
            }
            return try result.get()
        }

        /// ``commit(_:completingMigration:)`` on the calling thread (at start, before anything else uses the writer).
        package func commitNow(_ batch: LedgerBatch, completingMigration: Bool = false) throws(LedgerIndexError) -> Int {
            try connection.execute("BEGIN IMMEDIATE")
            do throws(LedgerIndexError) {
                var added = 0
                for key in batch.keys {
                    try insertKey.run([.blob(key.bytes)])
                    added += connection.changes
                }
                for drop in batch.drops { try insertDrop.run([.blob(drop.bytes)]) }
                for id in batch.alerts { try insertAlert.run([.text(id)]) }
                for (log, position) in batch.positions {
                    try setPosition.run([.text(log), .integer(Int64(bitPattern: position.device)),
                                         .integer(Int64(bitPattern: position.inode)), .integer(position.offset),
                                         .integer(Int64(bitPattern: position.fingerprint))])
                }
                if added > 0 {
                    let recorded = try getMeta.run([.text("recorded")]) { $0.integer(0) } ?? 0
                    try setMeta.run([.text("recorded"), .integer(recorded + Int64(added))])
                }
                if completingMigration { try setMeta.run([.text("version"), .integer(LedgerIndex.schemaVersion)]) }
                try connection.execute("COMMIT")
                return added
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }

        /// Fills the index with `count` keys and drops from `next` as fast as SQLite takes them (no journal, no fsync
        /// until the end; best in ascending order), for `watcherd-bench --ledger`. Needs the file to itself: call it
        /// before any ``LedgerIndex`` is opened on this state folder.
        fileprivate func bulkLoad(count: Int, next: (Int) -> (key: [UInt8], drop: [UInt8])) throws(LedgerIndexError) {
            try connection.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN")
            var added: Int64 = 0
            for index in 0..<count {
                let entry = next(index)
                try insertKey.run([.blob(entry.key)])
                added += Int64(connection.changes)
                try insertDrop.run([.blob(entry.drop)])
                if index % 1_000_000 == 999_999 { try connection.execute("COMMIT; BEGIN") }
            }
            let recorded = try getMeta.run([.text("recorded")]) { $0.integer(0) } ?? 0
            try setMeta.run([.text("recorded"), .integer(recorded + added)])
            try setMeta.run([.text("version"), .integer(LedgerIndex.schemaVersion)])
            try connection.execute("COMMIT; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL")
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}
