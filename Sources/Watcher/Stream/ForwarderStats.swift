import Synchronization

/// What the forwarder shares with the metrics file and `watcherd status`: connection state, last ack, and the lag
/// of each log in records and seconds.
public final class ForwarderStats: Sendable {
    /// The logs the forwarder reads, in the order they are published and reported.
    public static let logs = ["articles", "alerts"]

    public let connectionState = Atomic<Int>(NatsConnectionState.disconnected.code)
    /// Milliseconds since the epoch of the last acknowledged publish (0: none yet).
    public let lastAckMilliseconds = Atomic<Int64>(0)
    public let duplicates = Atomic<Int>(0)
    public let publishFailures = Atomic<Int>(0)
    public let connectFailures = Atomic<Int>(0)
    /// Rotated logs that were gone before all their lines were published.
    public let abandonedFiles = Atomic<Int>(0)
    /// Logs found truncated in place or replaced under the same inode, read again from their start.
    public let logRestarts = Atomic<Int>(0)
    /// Lines without an `id` (not written by watcherd): published with the SHA-256 of the line as message id.
    public let unidentified = Atomic<Int>(0)
    /// Lines larger than the server's `max_payload` or the stream's `max_msg_size`: a small notice with the same id went in their place.
    public let oversized = Atomic<Int>(0)
    private let perLog = Mutex<[String: LogState]>([:])
    private let positions = Mutex<[String: ForwardPosition]>([:])
    /// Work-queue messages taken, acknowledged, terminated (never processable), and taken again after a redelivery.
    public let workReceived = Atomic<Int>(0)
    public let workAcknowledged = Atomic<Int>(0)
    public let workRejected = Atomic<Int>(0)
    public let workRedelivered = Atomic<Int>(0)
    /// Work messages whose file is in the drop folder or whose record is not yet published.
    public let workInFlight = Atomic<Int>(0)

    /// One log's counts.
    public struct LogState: Sendable, Equatable {
        public var published = 0
        /// Complete lines after the cursor.
        public var pending = 0
        /// When the oldest unpublished record was written (milliseconds since the epoch; 0 when none is pending).
        public var oldestPendingMilliseconds: Int64 = 0
    }

    public init() {}

    public var state: NatsConnectionState { NatsConnectionState.allCases[connectionState.load(ordering: .relaxed)] }

    public func log(_ name: String) -> LogState { perLog.withLock { $0[name] ?? LogState() } }

    /// The forwarder's cursor in `log` (the work-queue consumer acks a file once the cursor passed its record).
    public func position(_ log: String) -> ForwardPosition? { positions.withLock { $0[log] } }

    func setPosition(_ log: String, _ position: ForwardPosition?) { positions.withLock { $0[log] = position } }

    func update(_ name: String, _ body: (inout LogState) -> Void) {
        perLog.withLock { body(&$0[name, default: LogState()]) }
    }

    /// Adds the `watcherd_nats_*` families to `p`; lag seconds are measured against `now`.
    public func render(into p: inout PrometheusTextFormat, now: Timestamp) {
        let current = state
        p.family("watcherd_nats_connection_state", type: "gauge", help: "1 for the state the NATS connection is in.",
                 samples: NatsConnectionState.allCases.map { ([("state", $0.rawValue)], $0 == current ? 1 : 0) })
        let logs = Self.logs.map { ($0, log($0)) }
        p.family("watcherd_nats_published_total", type: "counter", help: "Records and alerts acknowledged by JetStream, by log.",
                 samples: logs.map { ([("log", $0.0)], Double($0.1.published)) })
        p.family("watcherd_nats_lag_records", type: "gauge", help: "Complete lines in the log not yet acknowledged by JetStream.",
                 samples: logs.map { ([("log", $0.0)], Double($0.1.pending)) })
        p.family("watcherd_nats_lag_seconds", type: "gauge", help: "Age of the oldest line not yet acknowledged (0 when none waits).",
                 samples: logs.map { ([("log", $0.0)], $0.1.oldestPendingMilliseconds > 0 ? max(0, Double(now.milliseconds - $0.1.oldestPendingMilliseconds) / 1000) : 0) })
        p.single("watcherd_nats_last_ack_timestamp_seconds", type: "gauge", help: "When JetStream last acknowledged a publish, in seconds since the epoch (0: never).",
                 Double(lastAckMilliseconds.load(ordering: .relaxed)) / 1000)
        p.single("watcherd_nats_duplicates_total", type: "counter", help: "Publishes JetStream acknowledged as duplicates (already in the stream).", Double(duplicates.load(ordering: .relaxed)))
        p.single("watcherd_nats_publish_failures_total", type: "counter", help: "Publishes that failed and wait to be retried.", Double(publishFailures.load(ordering: .relaxed)))
        p.single("watcherd_nats_connect_failures_total", type: "counter", help: "Attempts to connect to NATS that failed.", Double(connectFailures.load(ordering: .relaxed)))
        p.single("watcherd_nats_abandoned_files_total", type: "counter", help: "Rotated logs deleted before all their lines were published.", Double(abandonedFiles.load(ordering: .relaxed)))
        p.single("watcherd_nats_log_restarts_total", type: "counter", help: "Logs found truncated or replaced under the same inode and published again from their start; lines after the cursor in the old content are not published.", Double(logRestarts.load(ordering: .relaxed)))
        p.single("watcherd_nats_work_received_total", type: "counter", help: "Files taken from the NATS work queue.", Double(workReceived.load(ordering: .relaxed)))
        p.single("watcherd_nats_work_acknowledged_total", type: "counter", help: "Work messages acknowledged after their record was durable and published.", Double(workAcknowledged.load(ordering: .relaxed)))
        p.single("watcherd_nats_work_rejected_total", type: "counter", help: "Work messages terminated because they can never be processed (too large, ignored name).", Double(workRejected.load(ordering: .relaxed)))
        p.single("watcherd_nats_work_redelivered_total", type: "counter", help: "Work messages received again after another delivery was not acknowledged in time.", Double(workRedelivered.load(ordering: .relaxed)))
        p.single("watcherd_nats_work_in_flight", type: "gauge", help: "Work messages taken and not yet acknowledged.", Double(workInFlight.load(ordering: .relaxed)))
        p.single("watcherd_nats_oversized_total", type: "counter", help: "Lines larger than the server's max_payload or the stream's max_msg_size, published as a notice naming the record instead (read it from the log).", Double(oversized.load(ordering: .relaxed)))
        p.single("watcherd_nats_unidentified_total", type: "counter", help: "Lines without an id, published with their SHA-256 as message id.", Double(unidentified.load(ordering: .relaxed)))
    }
}
