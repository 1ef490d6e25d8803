#if canImport(Glibc)
import Glibc
#endif
import CNats
import Foundation

// The only file that touches the NATS C client: every C pointer stays here, behind Swift value types.

/// How to reach a NATS cluster: server URLs and at most one way to authenticate.
public struct NatsEndpoint: Sendable, Equatable {
    public var servers: [String]
    /// A `.creds` file (user JWT + NKey seed), as `nsc` writes them.
    public var credentialsFile: String?
    public var token: String?
    /// A PEM file of CA certificates; when set the connection requires TLS.
    public var tlsCA: String?
    /// The client name the server shows in its connection list.
    public var name: String

    public init(servers: [String], credentialsFile: String? = nil, token: String? = nil, tlsCA: String? = nil, name: String = "watcherd") {
        self.servers = servers
        self.credentialsFile = credentialsFile
        self.token = token
        self.tlsCA = tlsCA
        self.name = name
    }

    /// The servers as logs and `check-config` show them: a password or token written in a URL
    /// (`nats://alice:secret@host:4222`, `nats://s3cr3t@host`) is replaced by `***`.
    public var displayServers: String { servers.map(Self.redacted).joined(separator: ", ") }

    /// Whether any server URL carries credentials of its own (`user:password@` or `token@`).
    public var credentialsInURL: Bool { servers.contains { Self.redacted($0) != $0 } }

    package static func redacted(_ server: String) -> String {
        let schemeEnd = server.range(of: "://")?.upperBound ?? server.startIndex
        // The C client takes the credentials up to the URL's last «@», «/» and all (a base64 secret has them).
        guard let at = server[schemeEnd...].lastIndex(of: "@") else { return server }
        let userInfo = server[schemeEnd..<at]
        let shown = userInfo.firstIndex(of: ":").map { String(userInfo[..<$0]) + ":***" } ?? "***"
        return String(server[..<schemeEnd]) + shown + String(server[at...])
    }
}

/// A failed NATS call, naming what was attempted and what the client library said.
public struct NatsError: Error, Sendable, CustomStringConvertible {
    /// What watcherd was doing, e.g. `publish to watcherd.articles`.
    public let operation: String
    public let reason: String
    /// The JetStream API error code (0 when the server gave none).
    public let jetStreamCode: Int
    /// True when the call may succeed if retried later (timeout, no connection, no responders).
    public let transient: Bool

    public init(operation: String, reason: String, jetStreamCode: Int, transient: Bool) {
        (self.operation, self.reason, self.jetStreamCode, self.transient) = (operation, reason, jetStreamCode, transient)
    }

    public var description: String {
        "NATS: cannot \(operation): \(reason)" + (jetStreamCode != 0 ? " (JetStream error \(jetStreamCode))" : "")
    }
}

/// The connection's state as the client library reports it.
public enum NatsConnectionState: String, Sendable, CaseIterable {
    case disconnected, connecting, connected, reconnecting, closed

    /// The gauge value written to the metrics file (0 disconnected … 4 closed, in declaration order).
    public var code: Int { Self.allCases.firstIndex(of: self)! }
}

/// The stream's answer to a publish.
public struct NatsPublishAck: Sendable, Equatable {
    public let stream: String
    public let sequence: UInt64
    /// The message id was already in the stream's duplicate window: nothing was stored.
    public let duplicate: Bool
}

/// A stream's configuration and counts, as far as watcherd needs them.
public struct NatsStreamState: Sendable, Equatable {
    public let name: String
    public let subjects: [String]
    public let replicas: Int
    public let duplicateWindowSeconds: Double
    public let workQueue: Bool
    /// The stream's `max_msg_size` (headers and body), or nil when it has none.
    public let maxMessageSize: Int?
    public let messages: UInt64
    public let firstSequence: UInt64
    public let lastSequence: UInt64
}

/// One message read back from a stream by sequence.
public struct NatsStreamMessage: Sendable, Equatable {
    public let subject: String
    public let sequence: UInt64
    /// The `Nats-Msg-Id` header, when the publisher set one.
    public let messageID: String?
    public let data: [UInt8]
}

/// What a new stream is created with.
public struct NatsStreamSpec: Sendable, Equatable {
    public var name: String
    public var subjects: [String]
    public var replicas: Int
    public var duplicateWindowSeconds: Int
    /// Work-queue retention: a message is deleted once acknowledged.
    public var workQueue: Bool
    /// `max_msg_size` for a stream made here; nil leaves it unlimited (watcherd's own streams).
    public var maxMessageSize: Int?

    public init(name: String, subjects: [String], replicas: Int, duplicateWindowSeconds: Int, workQueue: Bool = false,
                maxMessageSize: Int? = nil) {
        self.workQueue = workQueue
        self.maxMessageSize = maxMessageSize
        self.name = name
        self.subjects = subjects
        self.replicas = replicas
        self.duplicateWindowSeconds = duplicateWindowSeconds
    }
}

/// One connection to a NATS cluster with its JetStream context. It reconnects by itself, forever, after it was
/// established once; the C client is thread-safe, so the object may be shared.
public final class NatsConnection: @unchecked Sendable {
    private let connection: OpaquePointer
    private let jetStream: OpaquePointer
    /// Counts the acks of ``publish(batch:timeoutMilliseconds:)``; the C callback reaches it through its closure pointer.
    private let tally = NatsAckTally()

    /// Connects to the first reachable server; throws when none answers within `timeoutMilliseconds`.
    public init(_ endpoint: NatsEndpoint, timeoutMilliseconds: Int = 2_000) throws(NatsError) {
        var options: OpaquePointer?
        try Self.check(natsOptions_Create(&options), "prepare a connection")
        defer { natsOptions_Destroy(options) }
        try Self.check(Self.withCStrings(endpoint.servers) { natsOptions_SetServers(options, $0, Int32(endpoint.servers.count)) },
                       "use the servers \(endpoint.displayServers)")
        try Self.check(natsOptions_SetName(options, endpoint.name), "set the client name")
        try Self.check(natsOptions_SetTimeout(options, Int64(timeoutMilliseconds)), "set the connect timeout")
        try Self.check(natsOptions_SetMaxReconnect(options, -1), "set unlimited reconnects")
        try Self.check(natsOptions_SetReconnectWait(options, 500), "set the reconnect wait")
        // 256 KiB for the socket's write buffer instead of 32 KiB: an article record is tens of KiB, and the
        // default flushed after about every one from the publishing thread (7.6 % against 9.3 % of the JSONL-only
        // daemon's CPU for the publishing threads, medians of 3 rounds of make bench-nats' N1).
        try Self.check(natsOptions_SetIOBufSize(options, 256 << 10), "set the socket buffer size")
        if let file = endpoint.credentialsFile {
            try Self.check(natsOptions_SetUserCredentialsFromFiles(options, file, nil), "use the credentials file \(file)")
        }
        if let token = endpoint.token {
            try Self.check(natsOptions_SetToken(options, token), "use the token")
        }
        if let ca = endpoint.tlsCA {
            try Self.check(natsOptions_SetSecure(options, true), "require TLS")
            try Self.check(natsOptions_LoadCATrustedCertificates(options, ca), "load the TLS CA file \(ca)")
        }
        var connection: OpaquePointer?
        try Self.check(natsConnection_Connect(&connection, options), "connect to \(endpoint.displayServers)")
        var jetStream: OpaquePointer?
        var jsOptions = jsOptions()
        jsOptions_Init(&jsOptions)
        jsOptions.PublishAsync.AckHandler = natsAckHandler
        jsOptions.PublishAsync.AckHandlerClosure = Unmanaged.passUnretained(tally).toOpaque()
        jsOptions.PublishAsync.MaxPending = 1024
        let status = natsConnection_JetStream(&jetStream, connection, &jsOptions)
        guard status == NATS_OK, let jetStream, let connection else {
            natsConnection_Destroy(connection)
            throw Self.error(status, jsErrCode(0), "open a JetStream context")
        }
        self.connection = connection
        self.jetStream = jetStream
    }

    deinit {
        jsCtx_Destroy(jetStream)
        natsConnection_Close(connection)
        natsConnection_Destroy(connection)
    }

    public var state: NatsConnectionState {
        switch natsConnection_Status(connection) {
        case NATS_CONN_STATUS_CONNECTED: .connected
        case NATS_CONN_STATUS_CONNECTING: .connecting
        case NATS_CONN_STATUS_RECONNECTING: .reconnecting
        case NATS_CONN_STATUS_CLOSED: .closed
        default: .disconnected
        }
    }

    /// The stream's state, or nil when the server has no stream of that name.
    public func stream(named name: String, timeoutMilliseconds: Int = 5_000) throws(NatsError) -> NatsStreamState? {
        var options = jsOptions()
        jsOptions_Init(&options)
        options.Wait = Int64(timeoutMilliseconds)
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var code = jsErrCode(0)
        let status = js_GetStreamInfo(&info, jetStream, name, &options, &code)
        if status == NATS_NOT_FOUND || code == JSStreamNotFoundErr { return nil }
        guard status == NATS_OK, let info else { throw Self.error(status, code, "look up the stream \(name)") }
        defer { jsStreamInfo_Destroy(info) }
        return Self.state(of: info)
    }

    /// Whether the stream has a consumer of that durable name (a daemon with `input.nats` made it).
    public func consumerExists(stream: String, durable: String, timeoutMilliseconds: Int = 5_000) throws(NatsError) -> Bool {
        var options = jsOptions()
        jsOptions_Init(&options)
        options.Wait = Int64(timeoutMilliseconds)
        var info: UnsafeMutablePointer<jsConsumerInfo>?
        var code = jsErrCode(0)
        let status = js_GetConsumerInfo(&info, jetStream, stream, durable, &options, &code)
        if status == NATS_NOT_FOUND || code == JSConsumerNotFoundErr || code == JSStreamNotFoundErr { return false }
        guard status == NATS_OK, let info else { throw Self.error(status, code, "look up the consumer \(durable) of \(stream)") }
        jsConsumerInfo_Destroy(info)
        return true
    }

    /// Creates a file-backed stream with `spec`'s subjects, replicas and duplicate window.
    public func addStream(_ spec: NatsStreamSpec) throws(NatsError) -> NatsStreamState {
        var config = jsStreamConfig()
        jsStreamConfig_Init(&config)
        config.Storage = js_FileStorage
        config.Replicas = Int64(spec.replicas)
        config.Duplicates = Int64(spec.duplicateWindowSeconds) * 1_000_000_000
        if spec.workQueue { config.Retention = js_WorkQueuePolicy }
        if let size = spec.maxMessageSize { config.MaxMsgSize = Int32(clamping: size) }
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var code = jsErrCode(0)
        let status = spec.name.withCString { name in
            Self.withCStrings(spec.subjects) { subjects in
                config.Name = name
                config.Subjects = subjects
                config.SubjectsLen = Int32(spec.subjects.count)
                return js_AddStream(&info, jetStream, &config, nil, &code)
            }
        }
        guard status == NATS_OK, let info else { throw Self.error(status, code, "create the stream \(spec.name)") }
        defer { jsStreamInfo_Destroy(info) }
        return Self.state(of: info)
    }

    /// Publishes `data` and waits for the stream's ack; `messageID` becomes the `Nats-Msg-Id` header.
    public func publish(subject: String, data: [UInt8], messageID: String, headers: [String: String] = [:],
                        timeoutMilliseconds: Int = 5_000) throws(NatsError) -> NatsPublishAck {
        var message: OpaquePointer?
        let created = data.withUnsafeBytes { bytes in
            natsMsg_Create(&message, subject, nil, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        }
        try Self.check(created, "prepare a message for \(subject)")
        defer { natsMsg_Destroy(message) }
        for (key, value) in headers.sorted(by: { $0.key < $1.key }) {
            try Self.check(natsMsgHeader_Set(message, key, value), "set the header \(key)")
        }
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.MaxWait = Int64(timeoutMilliseconds)
        var ack: UnsafeMutablePointer<jsPubAck>?
        var code = jsErrCode(0)
        let status = messageID.withCString { id in
            options.MsgId = id
            return js_PublishMsg(&ack, jetStream, message, &options, &code)
        }
        guard status == NATS_OK, let ack else { throw Self.error(status, code, "publish to \(subject)") }
        defer { jsPubAck_Destroy(ack) }
        return NatsPublishAck(stream: ack.pointee.Stream.map { String(cString: $0) } ?? "", sequence: ack.pointee.Sequence,
                              duplicate: ack.pointee.Duplicate)
    }

    /// Publishes every message without waiting for each ack, then waits (up to the timeout) for all of them. The
    /// batch is only done when ``NatsBatchOutcome/acknowledged`` equals its count; otherwise publish it again (the
    /// message ids make the stream drop what it already has).
    public func publish(batch: [NatsOutgoingMessage], timeoutMilliseconds: Int = 5_000) -> NatsBatchOutcome {
        tally.begin(awaiting: batch.lazy.map(\.messageID))
        var firstError: NatsError?
        for outgoing in batch {
            var message: OpaquePointer?
            var status = outgoing.data.withUnsafeBytes { bytes in
                natsMsg_Create(&message, outgoing.subject, nil, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
            }
            // No MaxWait here: with one, the client puts each message on a timer list that its ack does not clear,
            // and MaxWait later makes a synthetic timeout for every message and passes it through the ack thread.
            // The wait for the whole batch below has the timeout, and takes back what is still unacknowledged.
            var options = jsPubOptions()
            jsPubOptions_Init(&options)
            if status == NATS_OK {
                status = outgoing.messageID.withCString { id in
                    options.MsgId = id
                    return js_PublishMsgAsync(jetStream, &message, &options)
                }
            }
            natsMsg_Destroy(message)  // nil once the library took it
            if status != NATS_OK {
                firstError = Self.error(status, jsErrCode(0), "publish to \(outgoing.subject)")
                break
            }
        }
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.MaxWait = Int64(timeoutMilliseconds)
        let completed = js_PublishAsyncComplete(jetStream, &options)
        if completed != NATS_OK {
            // Acks still missing: take those messages back (they count as failed) so the next batch starts clean.
            var pending = natsMsgList()
            if js_PublishAsyncGetPendingList(&pending, jetStream) == NATS_OK { natsMsgList_Destroy(&pending) }
            firstError = firstError ?? Self.error(completed, jsErrCode(0), "wait for the stream's acks")
        }
        let (counts, ackError) = tally.counts
        return NatsBatchOutcome(acknowledged: counts.acknowledged, duplicates: counts.duplicates,
                                failed: batch.count - counts.acknowledged, stray: counts.stray, error: firstError ?? ackError)
    }

    /// The largest message body the server accepts (its `max_payload`).
    public var maxPayload: Int { Int(natsConnection_GetMaxPayload(connection)) }

    /// A durable pull consumer on `stream` (created when missing) with explicit acks: a message not acked within
    /// `ackWaitSeconds` goes to another fetcher.
    public func pullSubscription(stream: String, subject: String, durable: String, ackWaitSeconds: Int) throws(NatsError) -> NatsPullSubscription {
        var options = jsSubOptions()
        jsSubOptions_Init(&options)
        var subscription: OpaquePointer?
        var code = jsErrCode(0)
        let status = stream.withCString { streamName in
            durable.withCString { durableName in
                options.Stream = streamName
                options.Config.Durable = durableName
                options.Config.AckPolicy = js_AckExplicit
                options.Config.AckWait = Int64(ackWaitSeconds) * 1_000_000_000
                options.Config.MaxDeliver = -1
                return js_PullSubscribe(&subscription, jetStream, subject, durableName, nil, &options, &code)
            }
        }
        guard status == NATS_OK, let subscription else { throw Self.error(status, code, "subscribe to \(stream) as the consumer \(durable)") }
        return NatsPullSubscription(subscription)
    }

    /// The message stored at `sequence`, or nil when there is none (deleted, or beyond the stream's end).
    public func message(stream: String, sequence: UInt64) throws(NatsError) -> NatsStreamMessage? {
        var message: OpaquePointer?
        var code = jsErrCode(0)
        let status = js_GetMsg(&message, jetStream, stream, sequence, nil, &code)
        if status == NATS_NOT_FOUND || code == JSNoMessageFoundErr { return nil }
        guard status == NATS_OK, let message else { throw Self.error(status, code, "read message \(sequence) of the stream \(stream)") }
        defer { natsMsg_Destroy(message) }
        var id: UnsafePointer<CChar>?
        let hasID = natsMsgHeader_Get(message, "Nats-Msg-Id", &id) == NATS_OK
        let length = Int(natsMsg_GetDataLength(message))
        let data = natsMsg_GetData(message).map { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
        } ?? []
        return NatsStreamMessage(subject: String(cString: natsMsg_GetSubject(message)), sequence: natsMsg_GetSequence(message),
                                 messageID: hasID ? id.map { String(cString: $0) } : nil, data: data)
    }

    // MARK: - C plumbing

    fileprivate static func state(of info: UnsafeMutablePointer<jsStreamInfo>) -> NatsStreamState {
        let config = info.pointee.Config.pointee
        var subjects: [String] = []
        for index in 0..<Int(config.SubjectsLen) {
            if let subject = config.Subjects[index] { subjects.append(String(cString: subject)) }
        }
        return NatsStreamState(
            name: config.Name.map { String(cString: $0) } ?? "", subjects: subjects, replicas: Int(config.Replicas),
            duplicateWindowSeconds: Double(config.Duplicates) / 1e9, workQueue: config.Retention == js_WorkQueuePolicy,
            maxMessageSize: config.MaxMsgSize > 0 ? Int(config.MaxMsgSize) : nil,
            messages: info.pointee.State.Msgs, firstSequence: info.pointee.State.FirstSeq, lastSequence: info.pointee.State.LastSeq)
    }

    fileprivate static func check(_ status: natsStatus, _ operation: @autoclosure () -> String) throws(NatsError) {
        if status != NATS_OK { throw error(status, jsErrCode(0), operation()) }
    }

    fileprivate static func error(_ status: natsStatus, _ code: jsErrCode, _ operation: String) -> NatsError {
        var last = NATS_OK
        let detail = nats_GetLastError(&last).map { String(cString: $0) } ?? ""
        let text = String(cString: natsStatus_GetText(status))
        let reason = detail.isEmpty || detail == text ? text : "\(text): \(detail)"
        let transient = [NATS_TIMEOUT, NATS_NO_RESPONDERS, NATS_CONNECTION_CLOSED, NATS_CONNECTION_DISCONNECTED,
                         NATS_NO_SERVER, NATS_NOT_YET_CONNECTED, NATS_IO_ERROR, NATS_STALE_CONNECTION].contains(status)
        return NatsError(operation: operation, reason: reason, jetStreamCode: Int(code.rawValue), transient: transient)
    }

    /// Calls `body` with a C array of C strings that lives for the call.
    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers = copies.map { $0.map { UnsafePointer<CChar>($0) } }
        return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}

/// One message for ``NatsConnection/publish(batch:timeoutMilliseconds:)``.
public struct NatsOutgoingMessage: Sendable {
    public let subject: String
    /// The body: a slice, so that the lines of one log read are published from its buffer without a copy.
    public let data: ArraySlice<UInt8>
    public let messageID: String

    public init(subject: String, data: ArraySlice<UInt8>, messageID: String) {
        self.subject = subject
        self.data = data
        self.messageID = messageID
    }
}

/// How a batch went: acknowledged (stored, or dropped as a duplicate), and the first error when some were not.
public struct NatsBatchOutcome: Sendable {
    public let acknowledged: Int
    public let duplicates: Int
    public let failed: Int
    /// Acks that matched no message of the batch (late ones of an earlier batch, repeats, or none with an id).
    public let stray: Int
    public let error: NatsError?
}

/// Matches the stream's acks to the messages of the batch in flight by message id, so that an ack of an earlier batch
/// that arrives late, or an ack that comes twice, is never counted for the running batch. The C client's delivery
/// thread writes it; the publishing thread reads it.
public final class NatsAckTally: @unchecked Sendable {
    /// What the running batch got so far.
    public struct Counts: Sendable, Equatable {
        /// Messages of the batch the stream stored or dropped as duplicates.
        public var acknowledged = 0
        /// Of those, the ones the stream already had.
        public var duplicates = 0
        /// Acks and failures for messages that are not (or no longer) awaited: ignored.
        public var stray = 0

        public init(acknowledged: Int = 0, duplicates: Int = 0, stray: Int = 0) {
            (self.acknowledged, self.duplicates, self.stray) = (acknowledged, duplicates, stray)
        }
    }

    private let lock = NSLock()
    private var awaited: [String: Int] = [:]
    private var current = Counts()
    private var failure: NatsError?

    public init() {}

    /// Starts a batch: from now on only the acks of these message ids count (an id listed twice is awaited twice).
    public func begin<IDs: Sequence<String>>(awaiting messageIDs: IDs) {
        var awaited: [String: Int] = [:]
        for id in messageIDs { awaited[id, default: 0] += 1 }
        lock.withLock { (self.awaited, current, failure) = (awaited, Counts(), nil) }
    }

    /// The counts so far, and the first failure reported for an awaited message.
    public var counts: (counts: Counts, error: NatsError?) { lock.withLock { (current, failure) } }

    /// One ack (`duplicate` set) or one failure (`duplicate` nil) for the message with `messageID`.
    public func record(messageID: String?, duplicate: Bool?, failure: NatsError?) {
        lock.withLock {
            guard let messageID, let left = awaited[messageID], left > 0 else {
                current.stray += 1
                return
            }
            guard let duplicate else {
                if self.failure == nil { self.failure = failure }
                return
            }
            awaited[messageID] = left - 1
            current.acknowledged += 1
            if duplicate { current.duplicates += 1 }
        }
    }
}

/// The C client's ack callback: counts the outcome under the message's id and frees the message (the callback owns it).
private let natsAckHandler: jsPubAckHandler = { _, message, ack, failure, closure in
    if let closure {
        let tally = Unmanaged<NatsAckTally>.fromOpaque(closure).takeUnretainedValue()
        var id: UnsafePointer<CChar>?
        let messageID = natsMsgHeader_Get(message, "Nats-Msg-Id", &id) == NATS_OK ? id.map { String(cString: $0) } : nil
        if let ack {
            tally.record(messageID: messageID, duplicate: ack.pointee.Duplicate, failure: nil)
        } else {
            let reason = failure?.pointee.ErrText.map { String(cString: $0) } ?? "no acknowledgement"
            tally.record(messageID: messageID, duplicate: nil,
                         failure: NatsError(operation: "publish", reason: reason,
                                            jetStreamCode: Int(failure?.pointee.ErrCode.rawValue ?? 0), transient: true))
        }
    }
    natsMsg_Destroy(message)
}

/// A durable pull consumer's subscription; ``fetch(batch:timeoutMilliseconds:)`` takes the next messages.
public final class NatsPullSubscription: @unchecked Sendable {
    private let subscription: OpaquePointer

    fileprivate init(_ subscription: OpaquePointer) {
        self.subscription = subscription
    }

    deinit { natsSubscription_Destroy(subscription) }

    /// Up to `batch` messages; none (not an error) when nothing came within the timeout.
    public func fetch(batch: Int, timeoutMilliseconds: Int) throws(NatsError) -> [NatsReceivedMessage] {
        var list = natsMsgList()
        var code = jsErrCode(0)
        let status = natsSubscription_Fetch(&list, subscription, Int32(batch), Int64(timeoutMilliseconds), &code)
        if status == NATS_TIMEOUT { return [] }
        guard status == NATS_OK else { throw NatsConnection.error(status, code, "fetch from the work queue") }
        var messages: [NatsReceivedMessage] = []
        for index in 0..<Int(list.Count) {
            if let message = list.Msgs[index] {
                messages.append(NatsReceivedMessage(message))
                list.Msgs[index] = nil  // owned by the Swift object now
            }
        }
        natsMsgList_Destroy(&list)
        return messages
    }
}

/// One message taken from a work queue, to be acknowledged once its work is done (or terminated if it never can be).
public final class NatsReceivedMessage: @unchecked Sendable {
    private let message: OpaquePointer
    public let subject: String
    public let data: [UInt8]
    /// How many times the server has delivered it (1 the first time).
    public let deliveries: Int
    public let streamSequence: UInt64

    fileprivate init(_ message: OpaquePointer) {
        self.message = message
        subject = String(cString: natsMsg_GetSubject(message))
        let length = Int(natsMsg_GetDataLength(message))
        data = natsMsg_GetData(message).map { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
        } ?? []
        var meta: UnsafeMutablePointer<jsMsgMetaData>?
        if natsMsg_GetMetaData(&meta, message) == NATS_OK, let meta {
            deliveries = Int(meta.pointee.NumDelivered)
            streamSequence = meta.pointee.Sequence.Stream
            jsMsgMetaData_Destroy(meta)
        } else {
            deliveries = 1
            streamSequence = 0
        }
    }

    deinit { natsMsg_Destroy(message) }

    public func header(_ key: String) -> String? {
        var value: UnsafePointer<CChar>?
        guard natsMsgHeader_Get(message, key, &value) == NATS_OK, let value else { return nil }
        return String(cString: value)
    }

    /// Done: the server removes it from the work queue (waits for the server's confirmation).
    public func ack() throws(NatsError) {
        var code = jsErrCode(0)
        try NatsConnection.check(natsMsg_AckSync(message, nil, &code), "acknowledge work message \(streamSequence)")
    }

    /// Still working on it: the ack wait starts again.
    public func inProgress() throws(NatsError) {
        try NatsConnection.check(natsMsg_InProgress(message, nil), "extend work message \(streamSequence)")
    }

    /// Never to be processed (for example larger than allowed): the server stops redelivering it.
    public func terminate() throws(NatsError) {
        try NatsConnection.check(natsMsg_Term(message, nil), "terminate work message \(streamSequence)")
    }
}
