import CSQLite
import SystemPackage

/// One SQLite connection and its prepared statements: the only file that holds SQLite's C pointers.
///
/// Not thread-safe (opened with `SQLITE_OPEN_NOMUTEX`): one owner uses it at a time.
final class SQLiteConnection {
    let path: FilePath
    private var handle: OpaquePointer?

    /// Opens (creating) the database file.
    init(path: FilePath) throws(LedgerIndexError) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = path.withPlatformString { sqlite3_open_v2($0, &db, flags, nil) }
        handle = db
        guard rc == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            handle = nil
            throw LedgerIndexError(path: path, doing: "open", message: message)
        }
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(LedgerIndexError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(message)
            throw LedgerIndexError(path: path, doing: String(sql.prefix(60)), message: text)
        }
    }

    func prepare(_ sql: String) throws(LedgerIndexError) -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else {
            throw LedgerIndexError(path: path, doing: "prepare \(sql.prefix(60))", message: errorMessage)
        }
        return Statement(statement, connection: self)
    }

    /// Rows changed by the last insert, update or delete.
    var changes: Int { Int(sqlite3_changes(handle)) }

    fileprivate var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// A prepared statement, reset after every use.
    final class Statement {
        private let statement: OpaquePointer
        private unowned let connection: SQLiteConnection

        fileprivate init(_ statement: OpaquePointer, connection: SQLiteConnection) {
            self.statement = statement
            self.connection = connection
        }

        deinit { sqlite3_finalize(statement) }

        /// The values a statement's `?` placeholders take, in order.
        enum Value {
            case blob([UInt8])
            case text(String)
            case integer(Int64)
        }

        /// Binds `values` and steps once (an insert or update); then resets.
        func run(_ values: [Value]) throws(LedgerIndexError) {
            let _: Bool? = try run(values) { _ in nil }
        }

        /// Binds `values`, steps once, and hands the first row's columns (if any) to `row`; then resets.
        func run<T>(_ values: [Value], row: (Row) -> T?) throws(LedgerIndexError) -> T? {
            defer {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            }
            for (index, value) in values.enumerated() {
                let position = Int32(index + 1)
                let rc: Int32
                switch value {
                case .blob(let bytes):
                    rc = bytes.withUnsafeBytes { sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), Self.transient) }
                case .text(let text):
                    rc = sqlite3_bind_text(statement, position, text, -1, Self.transient)
                case .integer(let number):
                    rc = sqlite3_bind_int64(statement, position, number)
                }
                guard rc == SQLITE_OK else { throw failure("bind") }
            }
            switch sqlite3_step(statement) {
            case SQLITE_ROW: return row(Row(statement: statement))
            case SQLITE_DONE: return nil
            default: throw failure("step")
            }
        }

        private func failure(_ doing: String) -> LedgerIndexError {
            let sql = sqlite3_sql(statement).map { String(cString: $0) } ?? ""
            return LedgerIndexError(path: connection.path, doing: "\(doing) \(sql.prefix(60))", message: connection.errorMessage)
        }

        /// SQLite copies bound values before the call returns.
        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    }

    /// The current row of a statement, read by column number.
    struct Row {
        fileprivate let statement: OpaquePointer

        func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    }
}

/// A failed operation on the ledger's index file, as a sentence naming the file.
public struct LedgerIndexError: Error, Sendable, CustomStringConvertible {
    public let path: FilePath
    public let doing: String
    public let message: String

    public var description: String {
        "the ledger index \(PathText.display(path)) failed (\(doing)): \(message). Check the disk and the file's permissions; "
            + "if the file is damaged, move it aside and restart watcherd, which rebuilds it from the article log"
    }
}
