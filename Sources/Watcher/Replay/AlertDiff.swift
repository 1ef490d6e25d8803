import SystemPackage

/// Compares the alerts a replay raised with those in the alert log, by alert id (one per article and rule, the same
/// in both): which the replayed rules would add, and which they would no longer raise.
///
/// Only alerts of replayed articles count, so a window of last week compares last week's alerts alone.
public struct AlertDiff: Sendable {
    /// An alert of the log: its id, its article, and the line as written.
    public struct Logged: Sendable {
        public let id: String
        public let article: RecordKey
        public let line: [UInt8]
    }

    private var logged: [String: Logged] = [:]
    private var order: [String] = []
    /// Alert-log lines that are not a readable alert.
    public private(set) var unreadable = 0
    /// Alert-log files that could not be read to their end, with why.
    public private(set) var failures: [String] = []

    public init() {}

    /// Reads the alert logs (gzip or plain), in order; a later line with the same id replaces an earlier one.
    public init(alertLogs: [FilePath]) {
        for path in alertLogs {
            do {
                try LogArchive.forEachLine(in: path) { line in add(line) }
            } catch {
                failures.append("\(error)")
            }
        }
    }

    /// Adds one line of an alert log.
    public mutating func add(_ line: [UInt8]) {
        var id: String?, article: String?
        let readable: Bool = line.withUnsafeBufferPointer { buffer in
            var scanner = JSONFieldScanner(buffer)
            do throws(JSONFieldScanner.Malformed) {
                try scanner.object { (s, key) throws(JSONFieldScanner.Malformed) in
                    if JSONFieldScanner.matches(key, "id") {
                        id = try s.string()
                    } else if JSONFieldScanner.matches(key, "article") {
                        article = try s.string()
                    } else {
                        try s.skipValue()
                    }
                }
                try scanner.end()
                return true
            } catch {
                return false
            }
        }
        guard readable, let id, let article, article.hasPrefix("sha256:"), let key = RecordKey(hex: article.dropFirst(7)) else {
            unreadable += 1
            return
        }
        if logged[id] == nil { order.append(id) }
        logged[id] = Logged(id: id, article: key, line: line)
    }

    public var count: Int { logged.count }

    /// What changed: alerts of the replay missing from the log, and logged alerts of replayed articles the replay
    /// did not raise (in log order).
    /// `alsoRaised`: ids the replay decided but did not emit again (a record that appears twice).
    public func compare(replayed: [AlertRecord], articles: Set<RecordKey>, alsoRaised: Set<String> = []) -> (added: [AlertRecord], removed: [Logged]) {
        let raised = Set(replayed.map(\.id)).union(alsoRaised)
        let added = replayed.filter { logged[$0.id] == nil }
        let removed = order.compactMap { logged[$0] }.filter { articles.contains($0.article) && !raised.contains($0.id) }
        return (added, removed)
    }
}
