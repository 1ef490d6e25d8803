import SystemPackage

/// Composes the stages that turn a dropped file into its record: bytes → text → article → record.
///
/// Pure and `Sendable`: it does no I/O, so any number of workers share one instance and `watcherd process` uses the
/// same code as the daemon.
public struct Pipeline: Sendable {
    public let decoder: TextDecoder
    public let parser: ArticleParser
    /// Finds the actors of each article; without one, records carry no `entities`.
    public let recognizer: EntityRecognizer?
    /// The watch rules; empty means no alerts.
    public let rules: RuleSet

    public init(decoder: TextDecoder = TextDecoder(), parser: ArticleParser = ArticleParser(), recognizer: EntityRecognizer? = nil,
                rules: RuleSet = .empty) {
        self.decoder = decoder
        self.parser = parser
        self.recognizer = recognizer
        self.rules = rules
    }

    /// The pipeline a configuration asks for: parser tables, gazetteer and watch rules, each the embedded one plus the
    /// user's files. Any error in any file throws before anything is half-built, so a reload either applies whole or
    /// keeps the pipeline in force.
    public init(config: WatcherConfig) throws(ConfigError) {
        let parser = ArticleParser(tables: try ParserTables.load(paths: config.parserTables.map { PathText.display($0) }))
        let recognizer = try Self.recognizer(for: config)
        let rules = try WatchRules.load(config.alerts, gazetteer: recognizer.gazetteer)
        self.init(parser: parser, recognizer: recognizer, rules: rules)
    }

    /// The entity recogniser a configuration asks for (its gazetteers, and the name tagger unless `name_tagger: false`): the
    /// one place that decides, so that replay finds the entities the daemon found.
    public static func recognizer(for config: WatcherConfig) throws(ConfigError) -> EntityRecognizer {
        try EntityRecognizer.load(extraFiles: config.gazetteers.map { PathText.display($0) }, tagger: config.nameTagger)
    }

    /// What processing one file produced.
    public struct Result: Sendable {
        /// The record; the alerting step adds `alerts` and `story` before it is written.
        public var record: ArticleRecord
        /// Set when the file must be quarantined.
        public let failure: IngestError?
        /// The rules that held, before story grouping and cooldown decide which alert.
        public let matches: [RuleMatch]
        /// The article's story sketch (nil for error records).
        public let signature: StorySignature?
        /// A file rejected without a record of its bytes (empty, too large, not a regular file): the identity the
        /// reader saw, so that a file renamed over it since is not quarantined in its place. Not written anywhere.
        public var seen: FileIdentity?

        init(record: ArticleRecord, failure: IngestError?, matches: [RuleMatch] = [], signature: StorySignature? = nil) {
            self.record = record
            self.failure = failure
            self.matches = matches
            self.signature = signature
        }

        /// The record's JSON line.
        public var line: [UInt8] { record.jsonLine() }
    }

    /// Runs every stage over a file that was read.
    public func process(_ file: DroppedFile, at time: Timestamp = .now()) -> Result {
        let info = ArticleRecord.FileInfo(path: file.path, relativePath: file.relativePath, bytes: file.bytes.count, sha256: file.digest,
                                          drop: file.drop)
        do throws(IngestError) {
            guard let format = ArticleFormat(fileName: info.name) else {
                throw IngestError.unsupportedFormat(name: info.name)
            }
            let decoded = try decoder.decode(file.bytes)
            let parsed = try parser.parse(decoded.text, format: format)
            var record = ArticleRecord(id: file.digest, file: info, ingestedAt: time, status: .ok,
                                       encoding: decoded.encoding, text: parsed.text)
            record.article = parsed.article
            record.articleSpans = parsed.blocks
            record.dates = parsed.dates
            // Fold and tokenise once; entities, rules and the story sketch all read the same analysis.
            var analysis = ArticleAnalysis(text: parsed.text, title: parsed.article.title, blocks: parsed.blocks)
            if let recognizer {
                analysis.entities = recognizer.recognize(analysis)
                record.entities = analysis.entities
            }
            return Result(record: record, failure: nil, matches: rules.evaluate(analysis), signature: StorySignature(analysis))
        } catch {
            return rejection(info: info, relativePath: file.relativePath, error: error, at: time)
        }
    }

    /// The error record of a file that could not be read or processed.
    public func rejection(path: FilePath, relativePath: FilePath, error: IngestError, size: Int?, at time: Timestamp = .now()) -> Result {
        let info = ArticleRecord.FileInfo(path: path, relativePath: relativePath, bytes: size, sha256: nil)
        return rejection(info: info, relativePath: relativePath, error: error, at: time)
    }

    private func rejection(info: ArticleRecord.FileInfo, relativePath: FilePath, error: IngestError, at time: Timestamp) -> Result {
        // Keyed by name and content (or, unread, by size): the same failed file seen again after a crash is not
        // recorded twice, while another file with the same bad content still gets its own record.
        var keyMaterial = Array("error\0".utf8) + PathText.bytes(of: relativePath) + [0]
        keyMaterial += Array((info.sha256?.hex ?? "unread:\(info.bytes ?? -1)").utf8)
        let record = ArticleRecord(id: RecordKey(hashing: keyMaterial), file: info, ingestedAt: time, status: .error, error: error)
        return Result(record: record, failure: error)
    }

    /// The `NAME.error.json` sidecar written next to a quarantined file: what, where and why.
    public static func sidecar(for result: Result) -> [UInt8] {
        var w = JSONWriter()
        w.object { w in
            w.field("record", result.record.id.description)
            w.field("file", result.record.file.name)
            w.field("path", result.record.file.path)
            w.field("at", result.record.ingestedAt.description)
            w.field("code", result.failure?.code.rawValue ?? "unknown")
            w.field("message", result.failure?.message ?? "")
        }
        return w.bytes + [UInt8(ascii: "\n")]
    }
}
