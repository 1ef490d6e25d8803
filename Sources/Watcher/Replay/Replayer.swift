import Logging
import SystemPackage

/// Re-runs entity recognition, the rules, story grouping and the cooldown over stored article records, without the
/// source files: what a new name or rule would have raised over the archive.
///
/// The analysis is rebuilt from each record's `text`, `article.title` and `article.blocks`, exactly as the pipeline built it from the
/// parsed article, and runs on every worker; stories and cooldown are decided in log order, at each record's
/// `ingested_at`, in a memory of the replay's own (the daemon's state is never read or written).
public struct Replayer: Sendable {
    public let recognizer: EntityRecognizer?
    public let rules: RuleSet
    public let alerts: AlertSettings

    public init(recognizer: EntityRecognizer?, rules: RuleSet, alerts: AlertSettings) {
        self.recognizer = recognizer
        self.rules = rules
        self.alerts = alerts
    }

    /// The records replayed: those ingested at or after `since` and before `until`.
    public struct Window: Sendable {
        public var since: Timestamp?
        public var until: Timestamp?

        public init(since: Timestamp? = nil, until: Timestamp? = nil) {
            self.since = since
            self.until = until
        }

        public func contains(_ time: Timestamp) -> Bool {
            if let since, time < since { return false }
            if let until, !(time < until) { return false }
            return true
        }
    }

    /// What the replay read and skipped; every line is counted once.
    public struct Stats: Sendable {
        public var files = 0
        public var lines = 0
        /// Records analysed (inside the window, with text).
        public var replayed = 0
        public var outsideWindow = 0
        /// Error records, which have no text to analyse.
        public var withoutText = 0
        /// Lines that are not a readable record.
        public var unreadable = 0
        /// Where the first of them is: the file and its line number.
        public var firstUnreadable: String?
        /// Records of the story memory's reach before `since` (the cooldown, at least three days), read into the
        /// memory and not replayed, so that a window repeats and suppresses what the daemon did.
        public var warmUp = 0
        /// Alerts not emitted because this replay emitted the same id already: a file recorded twice
        /// (`duplicates: record`) has one id and its alerts were logged once, as the daemon writes them.
        public var repeatedAlerts = 0
        /// With ``run(files:window:workers:logger:keepArticleIDs:emit:)``'s `keepArticleIDs`: the ids of alerts decided
        /// again but not emitted (above), which `--diff` must not count as no longer raised.
        public var repeatedAlertIDs: Set<String> = []
        /// Records ingested more than an hour before the record read just before them: logs given out of order
        /// (`articles.jsonl*` sorts the live log first), which makes the story and cooldown decisions wrong.
        public var outOfOrder = 0
        public var alerts = 0
        /// Bytes of record text analysed.
        public var textBytes = 0
        /// Files that could not be read to their end, with why.
        public var failures: [String] = []
        /// The ids of the records replayed, when asked for (to compare with the alert log).
        public var articles: Set<RecordKey> = []
    }

    /// One line after the worker's part.
    public enum Analysed: Sendable {
        /// `replayed` is false for a record of the warm-up before the window, which only the story memory reads.
        case record(StoredRecord, matches: [RuleMatch], signature: StorySignature, replayed: Bool)
        case outside
        case skipped(StoredRecord.Skip)
    }

    /// The worker's part for one line: parse, rebuild the analysis, recognise, evaluate, sketch the story.
    public func analyse(_ line: [UInt8], window: Window) -> Analysed {
        let parsed = line.withUnsafeBufferPointer { StoredRecord.parse($0) }
        switch parsed {
        case .failure(let skip):
            return .skipped(skip)
        case .success(let record):
            let replayed = window.contains(record.ingestedAt)
            guard replayed || isWarmUp(record.ingestedAt, window: window) else { return .outside }
            var analysis = ArticleAnalysis(text: record.text, title: record.title, blocks: record.blocks)
            if let recognizer { analysis.entities = recognizer.recognize(analysis) }
            return .record(record, matches: rules.evaluate(analysis), signature: StorySignature(analysis), replayed: replayed)
        }
    }

    /// Whether `time` lies within the story memory's reach before the window's start (the cooldown, and at least
    /// three days): the daemon's memory held those articles when the window's first ones came, so the replay's must.
    private func isWarmUp(_ time: Timestamp, window: Window) -> Bool {
        guard let since = window.since, time < since else { return false }
        let reach = StoryMemory.retentionMilliseconds(cooldownHours: max(alerts.cooldownHours, 0))
        return !(time < Timestamp(milliseconds: since.milliseconds - reach))
    }

    /// Replays every line of `files` in order and hands each alert to `emit`, in log order. A file that cannot be
    /// read to its end is counted in ``Stats/failures`` and the replay goes on with the next one.
    public func run(files: [FilePath], window: Window, workers: Int, logger: Logger, keepArticleIDs: Bool = false,
                    emit: (AlertRecord) async throws -> Void) async throws -> Stats {
        let memory = try StoryMemory(stateFolder: nil, threshold: alerts.storySimilarity, cooldownHours: alerts.cooldownHours,
                                     policy: alerts.repeats, logger: logger)
        var stats = Stats()
        var batches = LineBatches(files: files)
        // Hashes of the alert ids emitted (or decided in the warm-up): 8 bytes an alert, not a string.
        var emitted = Set<Int>()
        var latest: Timestamp?
        func noteOrder(_ time: Timestamp) {
            if let latest, time.milliseconds < latest.milliseconds - 3_600_000 { stats.outOfOrder += 1 }
            if latest.map({ time > $0 }) ?? true { latest = time }
        }
        try await OrderedParallel.run(workers: workers, next: {
            let batch = batches.next()
            stats.lines += batch?.count ?? 0
            return batch
        }, transform: { line in
            (analyse(line.bytes, window: window), line.place)
        }, consume: { (analysed, place) in
            switch analysed {
            case .outside:
                stats.outsideWindow += 1
            case .skipped(.unreadable):
                stats.unreadable += 1
                if stats.firstUnreadable == nil { stats.firstUnreadable = batches.describe(place) }
            case .skipped(.noText):
                stats.withoutText += 1
            case .record(let record, let matches, let signature, replayed: false):
                noteOrder(record.ingestedAt)
                stats.warmUp += 1
                let decision = await memory.decide(article: record.id, signature: signature, matches: matches, at: record.ingestedAt)
                for alert in decision.alerts { emitted.insert(alert.id.hashValue) }
            case .record(let record, let matches, let signature, replayed: true):
                noteOrder(record.ingestedAt)
                stats.replayed += 1
                stats.textBytes += record.text.utf8.count
                if keepArticleIDs { stats.articles.insert(record.id) }
                let decision = await memory.decide(article: record.id, signature: signature, matches: matches, at: record.ingestedAt)
                for alert in decision.alerts {
                    guard emitted.insert(alert.id.hashValue).inserted else {
                        stats.repeatedAlerts += 1
                        if keepArticleIDs { stats.repeatedAlertIDs.insert(alert.id) }
                        continue
                    }
                    stats.alerts += 1
                    try await emit(AlertRecord(id: alert.id, at: record.ingestedAt, match: alert.match, article: record.id,
                                               file: record.fileName, title: record.title, source: record.source,
                                               published: record.published, story: decision.story, repeatOf: alert.repeatOf))
                }
            }
        })
        stats.files = batches.opened
        stats.failures = batches.failures
        return stats
    }
}

/// The lines of several logs in order, a batch at a time, read on the caller's thread.
struct LineBatches {
    private var files: ArraySlice<FilePath>
    private var reader: FileLines?
    private(set) var opened = 0
    private(set) var failures: [String] = []
    private static let batch = 32

    init(files: [FilePath]) {
        self.files = files[...]
    }

    /// One line and where it is: the index of its file among those opened, and its number there.
    struct Line: Sendable {
        var bytes: [UInt8]
        var place: (file: Int, line: Int)
    }

    /// The files opened so far, for ``describe(_:)``.
    private var paths: [FilePath] = []
    private var lineNumber = 0

    /// «FILE line N».
    func describe(_ place: (file: Int, line: Int)) -> String {
        "\(PathText.display(paths[place.file])) line \(place.line)"
    }

    /// Up to a batch of lines; nil when every file is read.
    mutating func next() -> [Line]? {
        var lines: [Line] = []
        while lines.count < Self.batch {
            if reader == nil {
                guard let path = files.popFirst() else { break }
                opened += 1
                paths.append(path)
                lineNumber = 0
                do {
                    reader = try FileLines(path: path)
                } catch {
                    failures.append(error.description)
                    continue
                }
            }
            do {
                if let line = try reader?.next() {
                    lineNumber = reader?.lineNumber ?? lineNumber + 1
                    lines.append(Line(bytes: line, place: (paths.count - 1, lineNumber)))
                } else {
                    reader = nil
                }
            } catch {
                failures.append(error.description)
                reader = nil
            }
        }
        return lines.isEmpty ? nil : lines
    }
}
