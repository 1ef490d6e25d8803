#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization
import SystemPackage

/// Publishes every line of the article and alert logs to JetStream, in order, from a cursor in the state folder.
///
/// The cursor moves past a line only after the stream acknowledged it, and is saved at most every
/// ``cursorSaveSeconds`` (well inside the duplicate window) and when the forwarder stops: an outage delays
/// publishing, and after a crash the lines since the last save are published again with the same `Nats-Msg-Id`,
/// which the stream's duplicate window drops. The JSON Lines logs stay the source of truth.
/// Runs on its own thread (the C client's calls block) until ``stop()``.
public final class StreamForwarder: Sendable {
    public let settings: NatsSettings
    private let logs: [(name: String, path: FilePath)]
    private let cursorPath: FilePath
    private let stats: ForwarderStats
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    /// How long a stopping forwarder keeps publishing what the logs still hold.
    private let drainSeconds: Double
    private let batch = 256
    /// How often an advanced cursor is written (temp file, fsync, rename): at most once a second, and at most a
    /// quarter of the duplicate window, so what a crash publishes again is always dropped as a duplicate.
    let cursorSaveSeconds: Double
    /// Looks at the logs while records flow, and after ``idlePollSeconds`` without any, less often. Once it has
    /// caught up it also waits this long after a batch, so the next one gathers 50 ms of records: most of what
    /// publishing costs is per batch and per wake of the client's threads, not per byte (at 1,000 files/s, 20 ms
    /// and no wait after a batch cost about twice the CPU; `make bench-nats`). A record reaches the stream at most
    /// about this much later than it would otherwise.
    private let busyPollMicroseconds: UInt32 = 50_000
    private let idlePollMicroseconds: UInt32 = 200_000
    private let idlePollSeconds = 2.0
    private static let articleFields: Set<String> = ["id"]
    private static let alertFields: Set<String> = ["id", "rule", "severity"]
    /// Alert subjects by severity and rule (a handful of rules: each subject is made once).
    private let alertSubjects = Mutex<[String: String]>([:])

    public init(settings: NatsSettings, articlesLog: FilePath, alertsLog: FilePath, stateFolder: FilePath, stats: ForwarderStats,
                logger: Logger, drainSeconds: Double = 5) {
        self.settings = settings
        self.logs = [("articles", articlesLog), ("alerts", alertsLog)]
        self.cursorPath = stateFolder.appending("nats-cursor.json")
        self.stats = stats
        self.logger = logger
        self.drainSeconds = drainSeconds
        self.cursorSaveSeconds = min(1, Double(settings.duplicateWindowSeconds) / 4)
    }

    /// Asks ``run()`` to publish what is left (for a few seconds, when connected) and return.
    public func stop() { stopping.store(true, ordering: .relaxed) }

    /// The publishing loop; returns after ``stop()``. Throws only when the cursor file cannot be read.
    public func run() throws(ForwardCursorError) {
        var cursor = try ForwardCursor.load(from: cursorPath)
        var tails = logs.map { LogTail(path: $0.path, position: cursor.positions[$0.name]) }
        for (index, tail) in tails.enumerated() { stats.setPosition(logs[index].name, tail.position) }
        var connection: NatsConnection?
        var reportedOutage = false
        var drainDeadline: Double?
        var savedCursor = cursor
        var lastSave = 0.0
        var lastRecords = Self.now()
        // Connecting again after a failure waits longer each time (0.5 s to 30 s): a wrong token must not hammer
        // the server twice a second for ever.
        var connectBackoff = 0.5
        var nextConnect = 0.0
        // The state last seen on an open connection, to say when it is lost and when it is back.
        var lastState: NatsConnectionState?
        // When the streams were last checked during a spell of failed publishes (a server that lost its store, or a
        // `nats stream rm`, answers every publish with «no responders» until they are made again).
        var streamsCheckedAt: Double?
        // Each stream's own `max_msg_size`, where it has one: a record over it fails like one over `max_payload`.
        var streamLimits: [String: Int] = [:]
        func saveCursor() {
            guard cursor != savedCursor else { return }
            do {
                try cursor.save(to: cursorPath)
                savedCursor = cursor
            } catch {
                // The acks stand; at worst the next start publishes these lines again and the window drops them.
                logger.error("cannot save the NATS cursor", metadata: ["error": "\(error)"])
            }
            lastSave = Self.now()
        }
        defer { saveCursor() }
        while true {
            if stopping.load(ordering: .relaxed) && drainDeadline == nil { drainDeadline = Self.now() + drainSeconds }
            if let deadline = drainDeadline, Self.now() >= deadline { break }
            if connection == nil && (Self.now() >= nextConnect || drainDeadline != nil) {
                do {
                    let opened = try NatsConnection(settings.endpoint)
                    streamLimits = try NatsStreams.ensure([settings.articlesSpec, settings.alertsSpec], on: opened, logger: logger)
                        .compactMapValues(\.maxMessageSize)
                    connection = opened
                    logger.info("connected to NATS", metadata: ["servers": "\(settings.endpoint.displayServers)"])
                    reportedOutage = false
                    connectBackoff = 0.5
                } catch {
                    stats.connectFailures.add(1, ordering: .relaxed)
                    stats.connectionState.store(NatsConnectionState.disconnected.code, ordering: .relaxed)
                    nextConnect = Self.now() + connectBackoff
                    connectBackoff = min(connectBackoff * 2, 30)
                    if !reportedOutage {
                        var metadata: Logger.Metadata = ["error": "\(error)", "servers": "\(settings.endpoint.displayServers)"]
                        let text = "\(error)".lowercased()
                        if text.contains("authoriz") || text.contains("authentic") || text.contains("credential") {
                            metadata["hint"] = "the server refused the credentials: check nats.token or nats.credentials"
                        }
                        logger.warning("cannot publish to NATS yet; records wait in the logs and are published once it answers", metadata: metadata)
                        reportedOutage = true
                    }
                }
            }
            let state = connection?.state ?? .disconnected
            stats.connectionState.store(state.code, ordering: .relaxed)
            if connection != nil {
                // The client reconnects by itself; the log says when the connection went and when it came back.
                if lastState == .connected && state != .connected {
                    logger.warning("the connection to NATS was lost; records wait in the logs and are published once it is back",
                                   metadata: ["state": "\(state.rawValue)"])
                } else if let lastState, lastState != .connected, state == .connected {
                    logger.notice("the connection to NATS is back")
                }
                lastState = state
            }
            if state == .closed { connection = nil; lastState = nil }
            var published = 0
            var failed = false
            for index in tails.indices where !failed {
                let lines: [LogLine]
                do {
                    lines = try tails[index].next(maxLines: batch)
                } catch {
                    logger.error("cannot read the log to publish it", metadata: ["log": "\(PathText.display(logs[index].path))", "error": "\(error)"])
                    continue
                }
                report(&tails[index])
                refreshLag(index, tails[index], lines, from: 0)
                guard let connection, state == .connected else { continue }
                guard !lines.isEmpty else { continue }
                // A line the server can never take (a huge article's record) would fail its batch for ever and hold
                // every later line back: a notice naming it goes in its place, and it is counted and logged.
                let limit = Self.payloadLimit(maxPayload: connection.maxPayload, stream: streamName(logs[index].name), streamLimits: streamLimits)
                let messages = lines.map { self.message(for: $0, log: logs[index].name) }
                let outgoing = zip(lines, messages).map { line, message in
                    guard line.bytes.count > limit.bytes else {
                        return NatsOutgoingMessage(subject: message.subject, data: line.bytes, messageID: message.id)
                    }
                    return NatsOutgoingMessage(subject: message.subject, data: oversizedNotice(id: message.id, bytes: line.bytes.count,
                                                                                               log: logs[index].name, limit: limit)[...],
                                               messageID: message.id)
                }
                let outcome = connection.publish(batch: outgoing)
                stats.duplicates.add(outcome.duplicates, ordering: .relaxed)
                guard outcome.failed == 0 else {
                    // The cursor stays before the whole batch: it goes again, and the stream drops what it already has.
                    stats.publishFailures.add(outcome.failed, ordering: .relaxed)
                    if !reportedOutage {
                        logger.warning("publishing to NATS failed; retrying", metadata: [
                            "log": "\(logs[index].name)", "failed": "\(outcome.failed) of \(lines.count)",
                            "stray_acks": "\(outcome.stray)",
                            "error": "\(outcome.error.map { "\($0)" } ?? "no ack came for them within the timeout")"])
                        reportedOutage = true
                    }
                    failed = true
                    // Only over a connection that answers: during an outage the look-ups would only wait and fail.
                    if connection.state == .connected, streamsCheckedAt.map({ Self.now() - $0 >= 10 }) ?? true {
                        streamsCheckedAt = Self.now()
                        do {
                            // A stream whose `max_msg_size` was lowered meanwhile refuses the record: its new limit is read here.
                            streamLimits = try NatsStreams.ensure([settings.articlesSpec, settings.alertsSpec], on: connection, logger: logger)
                                .compactMapValues(\.maxMessageSize)
                        } catch {
                            logger.warning("cannot check the NATS streams", metadata: ["error": "\(error)"])
                        }
                    }
                    break
                }
                streamsCheckedAt = nil
                if reportedOutage {
                    logger.info("publishing to NATS again")
                    reportedOutage = false
                }
                for (line, message) in zip(lines, messages) where line.bytes.count > limit.bytes {
                    stats.oversized.add(1, ordering: .relaxed)
                    logger.error("a record is larger than NATS takes; a notice naming it was published instead",
                                 metadata: ["log": "\(logs[index].name)", "id": "\(message.id)",
                                            "bytes": "\(line.bytes.count)", "limit": "\(limit.description)"])
                }
                lines.forEach { tails[index].commit($0) }
                stats.setPosition(logs[index].name, tails[index].position)
                stats.lastAckMilliseconds.store(Timestamp.now().milliseconds, ordering: .relaxed)
                stats.update(logs[index].name) { $0.published += lines.count }
                published += lines.count
                refreshLag(index, tails[index], lines, from: lines.count)
            }
            for (index, tail) in tails.enumerated() where cursor.positions[logs[index].name] != tail.position {
                cursor.positions[logs[index].name] = tail.position
            }
            if Self.now() - lastSave >= cursorSaveSeconds { saveCursor() }
            if published > 0 { lastRecords = Self.now() }
            if published > 0 && !failed && drainDeadline == nil && !tails.contains(where: { $0.pendingLines > 0 }) {
                usleep(busyPollMicroseconds)  // caught up: let the next batch gather (while behind, go on at once)
            }
            if published == 0 {
                if drainDeadline != nil && state == .connected && !failed { break }  // drained
                if drainDeadline != nil && connection == nil { break }  // nothing to drain into
                // Nothing new: look again soon while records flow (a look is an open, an fstat and a small read per
                // log), less often once they stopped.
                let idle = Self.now() - lastRecords >= idlePollSeconds && drainDeadline == nil
                usleep(failed || connection == nil ? 500_000 : idle ? idlePollMicroseconds : busyPollMicroseconds)
            }
        }
        stats.connectionState.store(NatsConnectionState.closed.code, ordering: .relaxed)
    }

    /// Room left under `max_payload` for the message's headers (`Nats-Msg-Id` and the protocol line).
    static let headerRoom = 1_024

    /// The largest line published whole, and which limit sets it, for a sentence.
    struct PayloadLimit: Equatable {
        let bytes: Int
        let description: String
    }

    /// The smaller of the server's `max_payload` and the stream's own `max_msg_size`, less the header room.
    static func payloadLimit(maxPayload: Int, stream: String, streamLimits: [String: Int]) -> PayloadLimit {
        if let size = streamLimits[stream], size < maxPayload {
            return PayloadLimit(bytes: max(0, size - headerRoom), description: "the stream \(stream)'s max_msg_size (\(size) bytes)")
        }
        return PayloadLimit(bytes: max(0, maxPayload - headerRoom), description: "the server's max_payload (\(maxPayload) bytes)")
    }

    /// The stream a log's lines go to.
    func streamName(_ log: String) -> String { log == "articles" ? settings.articlesStream : settings.alertsStream }

    /// What is published for a line larger than NATS takes: `{"id":…,"oversized":true,"bytes":N,"log":…}`, so a
    /// reader of the stream knows the record exists and where to read it.
    func oversizedNotice(id: String, bytes: Int, log: String, limit: PayloadLimit) -> [UInt8] {
        var writer = JSONWriter()
        writer.object { w in
            w.field("id", id)
            w.field("oversized", true)
            w.field("bytes", bytes)
            w.field("log", log)
            w.field("note", "The record is larger than \(limit.description); read it from the \(log) log by its id.")
        }
        return writer.bytes
    }

    /// Subject and message id of one line: the record's or alert's own id, or the line's SHA-256 when it has none.
    func message(for line: LogLine, log: String) -> (subject: String, id: String) {
        let articles = log == "articles"
        let fields = RecordFields(line.bytes, wanted: articles ? Self.articleFields : Self.alertFields)
        var id = fields?["id"] ?? ""
        if id.isEmpty {
            stats.unidentified.add(1, ordering: .relaxed)
            id = RecordKey(hashing: Array(line.bytes)).description
        }
        if articles { return (settings.articlesSubject, id) }
        let severity = fields?["severity"] ?? "unknown", rule = fields?["rule"] ?? "unknown"
        let key = severity + "\u{0}" + rule
        if let subject = alertSubjects.withLock({ $0[key] }) { return (subject, id) }
        let subject = settings.alertSubject(severity: severity, rule: rule)
        alertSubjects.withLock { $0[key] = subject }
        return (subject, id)
    }

    private func report(_ tail: inout LogTail) {
        for event in tail.events { logger.warning("\(event)") }
        for notice in tail.notices { logger.info("\(notice)") }
        let abandoned = tail.takeAbandoned()
        if abandoned > 0 { stats.abandonedFiles.add(abandoned, ordering: .relaxed) }
        let restarts = tail.takeTruncations()
        if restarts > 0 { stats.logRestarts.add(restarts, ordering: .relaxed) }
    }

    /// Lag of log `index`: lines after the cursor, and the time of the first of `lines` not yet published.
    private func refreshLag(_ index: Int, _ tail: LogTail, _ lines: [LogLine], from pendingIndex: Int) {
        let log = logs[index].name
        var oldest: Int64 = 0
        if pendingIndex < lines.count {
            let fields = RecordFields(lines[pendingIndex].bytes, wanted: [log == "articles" ? "ingested_at" : "at"])
            oldest = (fields?.values.values.first).flatMap { Timestamp(rfc3339: $0)?.milliseconds } ?? Timestamp.now().milliseconds
        }
        stats.update(log) {
            $0.pending = tail.pendingLines
            $0.oldestPendingMilliseconds = oldest
        }
    }

    private static func now() -> Double { Double(Syscalls.monotonicMicroseconds()) / 1e6 }
}
