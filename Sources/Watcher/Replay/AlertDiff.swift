import SystemPackage

/// Compares the alerts a replay raised with those in the alert log, by alert id (one per article and rule, the same
/// in both): which the replayed rules would add, which they would no longer raise, and which they would raise
/// otherwise (another severity or description, or other matched actors or keywords).
///
/// Only alerts of replayed articles count, so a window of last week compares last week's alerts alone.
public struct AlertDiff: Sendable {
    /// An alert of the log: its id, its article, what it said, and the line as written.
    public struct Logged: Sendable {
        public let id: String
        public let article: RecordKey
        public let content: Content
        public let line: [UInt8]
    }

    /// What an alert says beyond its id: the parts a rule edit changes.
    public struct Content: Sendable, Equatable {
        public var severity: String?
        public var description: String?
        /// The `matched` object as written (actors with mentions, keywords).
        public var matched: [UInt8] = []

        /// The names of the parts that differ from `other`, in the alert's field order.
        public func differences(from other: Content) -> [String] {
            [("severity", severity != other.severity), ("description", description != other.description),
             ("matched", matched != other.matched)].filter(\.1).map(\.0)
        }
    }

    /// A logged alert the replay raised again, but not as it was logged.
    public struct Changed: Sendable {
        public let replayed: AlertRecord
        public let logged: Logged
        /// Which parts differ: `severity`, `description`, `matched`.
        public let fields: [String]
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
        guard let fields = Self.fields(of: line), let id = fields.id, let article = fields.article, article.hasPrefix("sha256:"),
              let key = RecordKey(hex: article.dropFirst(7)) else {
            unreadable += 1
            return
        }
        if logged[id] == nil { order.append(id) }
        logged[id] = Logged(id: id, article: key, content: fields.content, line: line)
    }

    /// The id, article and content of one alert line, or nil when it is not one JSON object.
    static func fields(of line: [UInt8]) -> (id: String?, article: String?, content: Content)? {
        var id: String?, article: String?
        var content = Content()
        let readable: Bool = line.withUnsafeBufferPointer { buffer in
            var scanner = JSONFieldScanner(buffer)
            do throws(JSONFieldScanner.Malformed) {
                try scanner.object { (s, key) throws(JSONFieldScanner.Malformed) in
                    if JSONFieldScanner.matches(key, "id") {
                        id = try s.string()
                    } else if JSONFieldScanner.matches(key, "article") {
                        article = try s.string()
                    } else if JSONFieldScanner.matches(key, "severity") {
                        content.severity = try s.string()
                    } else if JSONFieldScanner.matches(key, "description") {
                        content.description = try s.string()
                    } else if JSONFieldScanner.matches(key, "matched") {
                        content.matched = try s.rawValue()
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
        return readable ? (id, article, content) : nil
    }

    public var count: Int { logged.count }

    /// What changed: alerts of the replay missing from the log, logged alerts of replayed articles the replay did
    /// not raise (in log order), and alerts raised again with another severity, description or match.
    /// `alsoRaised`: ids the replay decided but did not emit again (a record that appears twice).
    public func compare(replayed: [AlertRecord], articles: Set<RecordKey>, alsoRaised: Set<String> = [])
        -> (added: [AlertRecord], removed: [Logged], changed: [Changed]) {
        let raised = Set(replayed.map(\.id)).union(alsoRaised)
        var added: [AlertRecord] = []
        var changed: [Changed] = []
        for alert in replayed {
            guard let before = logged[alert.id] else {
                added.append(alert)
                continue
            }
            let now = Self.fields(of: alert.jsonLine())?.content ?? Content()
            let fields = now.differences(from: before.content)
            if !fields.isEmpty { changed.append(Changed(replayed: alert, logged: before, fields: fields)) }
        }
        let removed = order.compactMap { logged[$0] }.filter { articles.contains($0.article) && !raised.contains($0.id) }
        return (added, removed, changed)
    }
}
