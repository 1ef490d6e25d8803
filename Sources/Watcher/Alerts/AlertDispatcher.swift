import Foundation
import Logging

/// The stateful end of alerting, between the pure pipeline and the ledger: it groups the article into a story,
/// applies the cooldown, builds the alert lines to commit with the record, and after the commit tells the journal
/// and the hook.
public struct AlertDispatcher: Sendable {
    public let memory: StoryMemory
    public let hook: AlertHook?
    /// The delivery cursor, when alerts must reach the journal and the hook at least once across crashes.
    public let delivery: AlertDelivery?
    private let stats: PipelineStats?
    private let logger: Logger

    public init(memory: StoryMemory, hook: AlertHook?, delivery: AlertDelivery? = nil, stats: PipelineStats?, logger: Logger) {
        self.memory = memory
        self.hook = hook
        self.delivery = delivery
        self.stats = stats
        self.logger = logger
    }

    /// Alerts decided for one article, ready to be committed with its record.
    public struct Prepared: Sendable {
        public let decision: StoryMemory.Decision
        public let records: [AlertRecord]
        public var lines: [(id: String, line: [UInt8])] { records.map { ($0.id, $0.jsonLine()) } }
    }

    /// Decides the article's story and alerts, and fills the record's `story` and `alerts`.
    public func prepare(_ result: inout Pipeline.Result, at time: Timestamp = .now()) async -> Prepared? {
        guard result.failure == nil, let signature = result.signature else { return nil }
        let decision = await memory.decide(article: result.record.id, signature: signature, matches: result.matches, at: time)
        let article = result.record.article
        let records = decision.alerts.map { alert in
            AlertRecord(id: alert.id, at: time, match: alert.match, article: result.record.id, file: result.record.file.name,
                        title: article?.title, source: article?.source, published: article?.published?.isoTimestamp, story: decision.story,
                        repeatOf: alert.repeatOf)
        }
        result.record.story = decision.story
        result.record.alerts = records.map { $0.match.rule.id }
        return Prepared(decision: decision, records: records)
    }

    /// Takes back a ``prepare(_:at:)`` whose record was not written, before any other article is prepared.
    public func retract(_ prepared: Prepared) async {
        await memory.retract(prepared.decision)
    }

    /// Notes the alert lines a write appended, in log order, so the delivery cursor waits for them.
    package func expect(_ lines: [(id: String, end: LogPosition)]) async {
        guard !lines.isEmpty else { return }
        await delivery?.expect(lines)
    }

    /// Once the record is durable: remember the story, log one journal line per alert this write added to the log
    /// (`written`, all when nil), hand it to the hook.
    public func announce(_ prepared: Prepared, written: Set<String>? = nil) async {
        await memory.persist(prepared.decision)
        // An alert already in the log (the same bytes dropped again under `duplicates: record`) was announced when
        // it was written: a second journal line or hook run would be a second alert to whoever reads them.
        for record in prepared.records where written?.contains(record.id) ?? true {
            let rule = record.match.rule
            stats?.countAlert(rule: rule.id, severity: rule.severity.rawValue)
            logger.log(level: rule.severity.logLevel, "alert: \(rule.id): \(record.title ?? record.file)", metadata: [
                "alert": "\(record.id)", "severity": "\(rule.severity.rawValue)", "source": "\(record.source ?? "")",
                "story": "\(record.story)", "repeat_of": "\(record.repeatOf ?? "")", "file": "\(record.file)",
            ])
            let delivery = delivery, id = record.id
            if let hook {
                hook.submit(id: id, json: record.jsonLine()) { await delivery?.delivered(id) }
            } else {
                await delivery?.delivered(id)
            }
        }
    }

    /// Delivers the alerts the delivery cursor found undelivered at start (written before a crash, their journal
    /// line or hook run lost), from the alert log: a journal line each, marked as a redelivery, and the hook.
    public func redeliverBacklog() async {
        guard let delivery else { return }
        for line in await delivery.takeBacklog() {
            let fields = (try? JSONSerialization.jsonObject(with: Data(line.json))) as? [String: Any] ?? [:]
            let rule = fields["rule"] as? String ?? "?"
            let severity = (fields["severity"] as? String).flatMap(Severity.init(rawValue:)) ?? .info
            let file = fields["file"] as? String ?? ""
            logger.log(level: severity.logLevel, "alert: \(rule): \(fields["title"] as? String ?? file)", metadata: [
                "alert": "\(line.id)", "severity": "\(severity.rawValue)", "source": "\(fields["source"] as? String ?? "")",
                "story": "\(fields["story"] as? String ?? "")", "repeat_of": "\(fields["repeat_of"] as? String ?? "")", "file": "\(file)",
                "redelivered": "true",
            ])
            if let hook {
                let id = line.id
                await hook.submitWaitingForRoom(id: id, json: line.json) { await delivery.delivered(id) }
            } else {
                await delivery.delivered(line.id)
            }
        }
    }
}
