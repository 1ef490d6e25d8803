import Logging
import SystemPackage

/// Remembers recent stories and which rules fired for them, so the same story from ten outlets raises one alert per
/// rule within the cooldown, and later hits become `repeat_of` records (or are suppressed).
///
/// State survives restarts in `<state_folder>/stories.jsonl`, appended only after the article's record is durable.
public actor StoryMemory {
    /// What to do with a later hit of a rule on a story that already alerted within the cooldown.
    public enum RepeatPolicy: String, Sendable, CaseIterable {
        case record
        case suppress
    }

    /// The outcome for one article.
    public struct Decision: Sendable {
        public let story: String
        /// True when the article started a new story.
        public let isNewStory: Bool
        public let signature: StorySignature
        public let at: Timestamp
        /// Alerts to write: the match, the alert id, and the earlier alert it repeats.
        public let alerts: [(match: RuleMatch, id: String, repeatOf: String?)]
        /// Rules that matched but were suppressed as repeats.
        public let suppressed: [String]
        /// What the decision changed in the memory, for ``retract(_:)``: the story's earlier last-seen time and the
        /// cooldown entries it replaced.
        fileprivate var undo = Undo()
    }

    fileprivate struct Undo: Sendable {
        var story = KeyPrefix(first: 0, next: 0)
        var lastSeen: (story: Int, at: Timestamp)?
        var fires: [(key: FireKey, fire: Fire?)] = []
    }

    /// Ids are kept as numbers (``KeyPrefix``), not strings: one per story and one per rule that fired on it, as
    /// strings they were the larger part of the memory's size (two heap strings and a joined key per alert).
    fileprivate struct Story {
        let id: KeyPrefix  // "story:" and 16 hex digits
        var lastSeen: Timestamp
    }

    fileprivate struct Fire: Sendable {
        let alert: KeyPrefix  // "alert:" and 20 hex digits
        let at: Timestamp
    }

    /// A rule (numbered in ``ruleNumbers``) on a story.
    fileprivate struct FireKey: Hashable, Sendable {
        let story: UInt64
        let rule: UInt32
    }

    /// The stories kept, their sketches, and the sketches' 64-byte fingerprints: three arrays in the same order,
    /// changed together. Each article is compared with the stories ``StorySlotIndex`` finds (every one that can reach
    /// the threshold, none missed). When its lists hold over a sixteenth of all stories (text shared by many
    /// articles), the fingerprints are scanned in ``FingerprintColumns`` (a few instructions a story) and only the
    /// stories with enough equal bytes are compared; without an index (a threshold of 0) every story is compared,
    /// through its fingerprint first (64 bytes a story, so 20,000 stories stay in cache) and the full sketch of the
    /// few that could match.
    private var stories: [Story] = []
    private var signatures: [StorySignature] = []
    private var fingerprints: [StorySignature.Fingerprint] = []
    /// The same fingerprints in blocks of sixteen stories, for the scan when an index is kept.
    private var columns = FingerprintColumns()
    private var storyIndex: StorySlotIndex?
    private var lastPruneMilliseconds: Int64?
    private var fires: [FireKey: Fire] = [:]  // rule and story → first alert in the cooldown
    /// Lines of `stories.jsonl` that could not be read when the memory was loaded (logged as a warning).
    package private(set) var linesSkippedAtLoad = 0
    /// A number per rule id seen, for ``FireKey``; as many as rule ids have ever fired (rules are few).
    private var ruleNumbers: [String: UInt32] = [:]
    private let threshold: Double
    private let cooldownMilliseconds: Int64
    private let retentionMilliseconds: Int64

    /// How far back stories are matched: the cooldown, and at least three days.
    public static func retentionMilliseconds(cooldownHours: Int) -> Int64 { max(Int64(cooldownHours), 72) * 3_600_000 }
    private let policy: RepeatPolicy
    private let file: JSONLinesLog?
    private let logger: Logger

    /// `stateFolder` nil keeps everything in memory (for `watcherd process`).
    public init(stateFolder: FilePath?, threshold: Double, cooldownHours: Int, policy: RepeatPolicy, logger: Logger) throws(SystemError) {
        self.threshold = threshold
        self.cooldownMilliseconds = Int64(cooldownHours) * 3_600_000
        self.retentionMilliseconds = Self.retentionMilliseconds(cooldownHours: cooldownHours)
        self.policy = policy
        self.logger = logger
        self.storyIndex = StorySlotIndex(threshold: threshold)
        guard let stateFolder else {
            file = nil
            return
        }
        try Syscalls.makeDirectories(stateFolder)
        let path = stateFolder.appending("stories.jsonl")
        file = try JSONLinesLog(path: path, logger: logger)
        let horizon = Timestamp.now().milliseconds - retentionMilliseconds
        var loadedStories: [KeyPrefix: (story: Story, signature: StorySignature)] = [:]
        // Stories begun before the horizon: a story line is written once, when the story starts, so a long-running
        // story that alerted since (a later rule line) is still live and comes back; the others are dropped. Only
        // their ids are kept while reading (the file holds the whole history); the sketches of the few that come back
        // are read in a second pass.
        var older = Set<KeyPrefix>()
        var revived: [KeyPrefix: Timestamp] = [:]
        var order: [KeyPrefix] = []
        var loadedFires: [FireKey: Fire] = [:]
        var loadedRules: [String: UInt32] = [:]
        var unreadable = 0
        var lines = 0
        try JSONLinesLog.forEachLine(at: path) { line in
            lines += 1
            // A line is a story (its sketch) or a rule that fired on it (the rule and the alert id): anything else, or
            // a part of either that does not parse, makes the whole line unreadable.
            guard let fields = StoryLine(line), let story = KeyPrefix(fields.story, prefix: "story:", digits: 16),
                  fields.hasMinhash == (fields.signature != nil), (fields.rule == nil) == (fields.alert == nil) else {
                unreadable += 1
                return
            }
            var alert: KeyPrefix?
            if let text = fields.alert {
                guard let parsed = KeyPrefix(text, prefix: "alert:", digits: 20) else {
                    unreadable += 1
                    return
                }
                alert = parsed
            }
            guard fields.at >= horizon else {
                if fields.signature != nil { older.insert(story) }
                return
            }
            let at = Timestamp(milliseconds: fields.at)
            if let signature = fields.signature {
                if loadedStories[story] == nil && revived[story] == nil { order.append(story) }
                loadedStories[story] = (Story(id: story, lastSeen: at), signature)
            } else if fields.rule != nil {
                if let loaded = loadedStories[story] {
                    loadedStories[story]?.story.lastSeen = max(loaded.story.lastSeen, at)
                } else if older.contains(story) {
                    if revived[story] == nil { order.append(story) }
                    revived[story] = max(revived[story] ?? at, at)
                }
            }
            if let rule = fields.rule, let alert {
                loadedFires[FireKey(story: story.first, rule: Self.number(rule, in: &loadedRules))] = Fire(alert: alert, at: Timestamp(milliseconds: fields.at))
            }
        }
        if !revived.isEmpty {
            try JSONLinesLog.forEachLine(at: path) { line in
                guard let fields = StoryLine(line), let signature = fields.signature,
                      let story = KeyPrefix(fields.story, prefix: "story:", digits: 16), let lastSeen = revived[story],
                      loadedStories[story] == nil else { return }
                loadedStories[story] = (Story(id: story, lastSeen: lastSeen), signature)
            }
        }
        linesSkippedAtLoad = unreadable
        if unreadable > 0 {
            // Lines this build cannot read (a damaged file, or another version's ids): those stories and cooldowns are
            // forgotten, so their next articles may alert again. Said, not skipped silently.
            logger.warning("story memory: lines not understood were skipped; their stories may alert again",
                           metadata: ["file": "\(path)", "skipped": "\(unreadable)", "lines": "\(lines)"])
        }
        let kept = order.compactMap { loadedStories[$0] }
        stories = kept.map(\.story)
        signatures = kept.map(\.signature)
        fingerprints = signatures.map(\.fingerprint)
        storyIndex?.rebuild(signatures)
        if storyIndex != nil { columns.rebuild(fingerprints) }
        fires = loadedFires
        ruleNumbers = loadedRules
        logger.info("story memory loaded", metadata: ["stories": "\(kept.count)", "alerted": "\(loadedFires.count)"])
    }

    /// Assigns the article to a story and decides, rule by rule, whether it alerts, repeats or is suppressed.
    public func decide(article: RecordKey, signature: StorySignature, matches: [RuleMatch], at: Timestamp) -> Decision {
        prune(now: at)
        var best: (index: Int, similarity: Double)?
        let query = signature.fingerprint
        // Candidates come in no order: the most similar wins, and on a tie the earliest story, as in a scan.
        func consider(_ index: Int) {
            guard stories[index].lastSeen.milliseconds >= liveFrom,  // pruned, not yet compacted
                  query.similarityBound(to: fingerprints[index]) >= threshold else { return }
            let similarity = signature.similarity(to: signatures[index])
            guard similarity >= threshold else { return }
            if let current = best, similarity < current.similarity || (similarity == current.similarity && index > current.index) { return }
            best = (index, similarity)
        }
        // Walking the index's lists costs a cache miss or two per story; the column scan a few instructions.
        let indexed = storyIndex?.visitCandidates(of: signature, limit: max(64, stories.count / 16), consider) ?? false
        if !indexed, storyIndex != nil {
            // Every story with enough equal fingerprint bytes to possibly reach the threshold, checked exactly.
            let filled = query.bytes.reduce(0) { $0 + ($1 == 0xFF ? 0 : 1) }
            if let least = StorySlotIndex.leastEqual(filled: filled, threshold: threshold) {
                columns.visit(query: query, least: least, consider)
            }
        } else if !indexed {
            fingerprints.withUnsafeBufferPointer { kept in
                for index in kept.indices where query.similarityBound(to: kept[index]) >= threshold {
                    // The bound is never below the similarity: only these can reach the threshold, and they are checked exactly.
                    guard stories[index].lastSeen.milliseconds >= liveFrom else { continue }  // pruned, not yet compacted
                    let similarity = signature.similarity(to: signatures[index])
                    if similarity >= threshold, similarity > (best?.similarity ?? 0) { best = (index, similarity) }
                }
            }
        }
        let story: KeyPrefix
        let isNew = best == nil
        var undo = Undo()
        if let best {
            story = stories[best.index].id
            undo.lastSeen = (best.index, stories[best.index].lastSeen)
            stories[best.index].lastSeen = at
        } else {
            story = KeyPrefix(story: article)
            storyIndex?.insert(signature, at: stories.count)
            stories.append(Story(id: story, lastSeen: at))
            signatures.append(signature)
            fingerprints.append(query)
            if storyIndex != nil { columns.append(query) }
        }
        var alerts: [(match: RuleMatch, id: String, repeatOf: String?)] = []  // the Decision's own type: no cast when it is made
        var suppressed: [String] = []
        undo.story = story
        for match in matches {
            let alertKey = Self.alertKey(article: article, rule: match.rule.id)
            let alertID = alertKey.hex(prefix: "alert:", digits: 20), alert = KeyPrefix(alertKey)
            let key = FireKey(story: story.first, rule: ruleNumber(match.rule.id))
            if let fire = fires[key], at.milliseconds - fire.at.milliseconds < cooldownMilliseconds, fire.alert != alert {
                if policy == .record {
                    alerts.append((match, alertID, fire.alert.text(prefix: "alert:", digits: 20)))
                } else {
                    suppressed.append(match.rule.id)
                }
            } else {
                undo.fires.append((key, fires[key]))
                fires[key] = Fire(alert: alert, at: at)
                alerts.append((match, alertID, nil))
            }
        }
        return Decision(story: story.text(prefix: "story:", digits: 16), isNewStory: isNew, signature: signature, at: at, alerts: alerts, suppressed: suppressed,
                        undo: undo)
    }

    /// Takes back the latest ``decide(article:signature:matches:at:)``, whose record could not be written (or turned
    /// out to be recorded already): a later article must not start from a story or an alert that is in no log. Only
    /// valid while no other decision has been made since, which the caller ensures (see ``PipelineService``).
    public func retract(_ decision: Decision) {
        for (key, fire) in decision.undo.fires.reversed() { fires[key] = fire }
        if let (index, lastSeen) = decision.undo.lastSeen, index < stories.count, stories[index].id == decision.undo.story {
            stories[index].lastSeen = lastSeen
        }
        if decision.isNewStory, let last = stories.last, last.id == decision.undo.story {
            storyIndex?.removeLast(signatures[stories.count - 1], at: stories.count - 1)
            stories.removeLast()
            signatures.removeLast()
            fingerprints.removeLast()
            if storyIndex != nil { columns.removeLast() }
        }
    }

    /// Appends the decision to the state file; called once the article's record is durable.
    public func persist(_ decision: Decision) {
        guard let file else { return }
        do {
            if decision.isNewStory {
                var w = JSONWriter()
                w.object { w in
                    w.field("story", decision.story)
                    w.field("at", Int(decision.at.milliseconds))
                    w.field("minhash", decision.signature.hex)
                }
                try file.append(w.bytes)
            }
            for alert in decision.alerts where alert.repeatOf == nil {
                var w = JSONWriter()
                w.object { w in
                    w.field("story", decision.story)
                    w.field("at", Int(decision.at.milliseconds))
                    w.field("rule", alert.match.rule.id)
                    w.field("alert", alert.id)
                }
                try file.append(w.bytes)
            }
        } catch {
            logger.warning("cannot remember the story; a restart may alert on it again", metadata: ["error": "\(error)"])
        }
    }

    /// A stable id per article and rule, so an alert re-derived after a crash is recognised as already written.
    public static func alertID(article: RecordKey, rule: String) -> String {
        alertKey(article: article, rule: rule).hex(prefix: "alert:", digits: 20)
    }

    /// The hash of the article's 64 hex digits, a NUL and the rule id, built as bytes: the strings joined and cut
    /// here before cost more than the hash (0.65% of `watcherd process`, three or four alerts an article).
    private static func alertKey(article: RecordKey, rule: String) -> RecordKey {
        var material: [UInt8] = []
        material.reserveCapacity(65 + rule.utf8.count)
        article.appendHex(to: &material)
        material.append(0)
        material.append(contentsOf: rule.utf8)
        return RecordKey(hashing: material)
    }

    /// The number standing for a rule id in ``FireKey``.
    private func ruleNumber(_ rule: String) -> UInt32 { Self.number(rule, in: &ruleNumbers) }

    private static func number(_ rule: String, in numbers: inout [String: UInt32]) -> UInt32 {
        if let number = numbers[rule] { return number }
        let number = UInt32(numbers.count)
        numbers[rule] = number
        return number
    }

    public var storyCount: Int { stories.filter { $0.lastSeen.milliseconds >= liveFrom }.count }

    /// Stories last seen before this are pruned: the horizon of the latest prune, as ``prune(now:)`` sets it.
    private var liveFrom: Int64 = .min
    private var lastCompactionMilliseconds: Int64?

    /// Drops stories not seen within the retention. Decided once a minute at most: from then on, stories last seen
    /// before the horizon no longer match (``liveFrom``). The arrays are compacted, over every story (the oldest story
    /// is not always the first, since a story seen again keeps its place), once those pruned are a quarter of all
    /// stories held, checked at most once an hour of article time: `watcherd replay` goes through an hour of articles in a
    /// moment, and rebuilding the index of thirty thousand sketches and the cooldown table every hour of them cost
    /// a third of a replay. Pruned stories match nothing while they wait, and cooldown entries older than the horizon
    /// are older than the cooldown, so when the compaction comes changes no decision.
    private func prune(now: Timestamp) {
        let horizon = now.milliseconds - retentionMilliseconds
        if let last = lastPruneMilliseconds, now.milliseconds >= last, now.milliseconds - last < 60_000 { return }
        lastPruneMilliseconds = now.milliseconds
        liveFrom = max(liveFrom, horizon)  // a story once pruned stays pruned, as when it was removed at once
        if let last = lastCompactionMilliseconds, now.milliseconds >= last, now.milliseconds - last < 3_600_000 { return }
        lastCompactionMilliseconds = now.milliseconds
        let cutoff = liveFrom
        var pruned = 0
        for story in stories where story.lastSeen.milliseconds < cutoff { pruned += 1 }
        if pruned > 0, pruned * 4 >= stories.count {
            let kept = stories.indices.filter { stories[$0].lastSeen.milliseconds >= cutoff }
            stories = kept.map { stories[$0] }
            signatures = kept.map { signatures[$0] }
            fingerprints = kept.map { fingerprints[$0] }
            storyIndex?.rebuild(signatures)
            if storyIndex != nil { columns.rebuild(fingerprints) }
            fires = fires.filter { $0.value.at.milliseconds >= cutoff }
        }
    }
}

/// The first 80 bits of a ``RecordKey``, which is all a story's id (`story:` and 16 hex digits) or an alert's
/// (`alert:` and 20) holds: the story memory keeps these instead of the strings.
struct KeyPrefix: Hashable, Sendable {
    /// Digest bytes 0–7 and 8–9 (see ``RecordKey/prefix80``).
    let first: UInt64
    let next: UInt16

    init(first: UInt64, next: UInt16) {
        self.first = first
        self.next = next
    }

    init(_ key: RecordKey) { (first, next) = key.prefix80 }

    /// A story's id: the first 16 digits of the key of the article that started it.
    init(story article: RecordKey) { self.init(first: article.prefix80.first, next: 0) }

    /// Reads `prefix` followed by exactly `digits` (16 or 20) hex digits; nil for anything else.
    init?(_ text: String, prefix: String, digits: Int) {
        var utf8 = text.utf8[...]
        guard digits == 16 || digits == 20, utf8.starts(with: prefix.utf8) else { return nil }
        utf8 = utf8.dropFirst(prefix.utf8.count)
        guard utf8.count == digits else { return nil }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = Hex.nibble(high), let l = Hex.nibble(low) else { return nil }
            bytes.append(h << 4 | l)
        }
        first = bytes[0..<8].reversed().reduce(0) { $0 << 8 | UInt64($1) }
        next = digits == 20 ? UInt16(bytes[8]) | UInt16(bytes[9]) << 8 : 0
    }

    /// `prefix` and the first `digits` (16 or 20) hex digits, as ``RecordKey/hex(prefix:digits:)`` writes them.
    func text(prefix: StaticString, digits: Int) -> String {
        Hex.prefixed(prefix, count: digits / 2) { i in
            i < 8 ? UInt8(truncatingIfNeeded: first >> UInt64(8 * i)) : UInt8(truncatingIfNeeded: next >> UInt16(8 * (i - 8)))
        }
    }
}

/// One line of `stories.jsonl`, read without a JSON parser (the daemon writes the field order).
struct StoryLine {
    let story: String
    let at: Int64
    let signature: StorySignature?
    /// Whether the line has a `minhash` field at all (``signature`` is nil also when it is damaged).
    let hasMinhash: Bool
    let rule: String?
    let alert: String?

    init?(_ line: ArraySlice<UInt8>) {
        let text = String(decoding: line, as: UTF8.self)
        func field(_ name: String) -> String? {
            guard let range = text.range(of: "\"\(name)\":") else { return nil }
            var rest = text[range.upperBound...]
            if rest.first == "\"" {
                rest = rest.dropFirst()
                guard let end = rest.firstIndex(of: "\"") else { return nil }
                return String(rest[..<end])
            }
            return String(rest.prefix { $0.isNumber })
        }
        guard let story = field("story"), let at = field("at").flatMap({ Int64($0) }) else { return nil }
        self.story = story
        self.at = at
        let minhash = field("minhash")
        self.hasMinhash = minhash != nil
        self.signature = minhash.flatMap { StorySignature(hex: $0) }
        self.rule = field("rule")
        self.alert = field("alert")
    }
}
