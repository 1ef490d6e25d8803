#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization
import SystemPackage

/// `input.nats`: takes article files from the JetStream work queue with a durable pull consumer that every daemon
/// shares, and hands each one to the pipeline through the drop folder.
///
/// A message's bytes are written under a hidden name, fsynced and renamed into the drop folder as
/// `<first 16 hex digits of its SHA-256>-<name>`. It is acknowledged only once the file has left the drop folder (its
/// record and alerts are durable: the pipeline disposes of a file after that) and the forwarder's cursors have passed
/// everything the article and alert logs held at that moment (they are published). A daemon killed before that never acknowledges:
/// after `ack_wait_s` the server delivers the message to another daemon, and the stream's duplicate window drops the
/// second publish of the same record id.
public final class WorkQueueConsumer: Sendable {
    /// The hidden name files are written under before the rename (the ignore patterns must cover it).
    public static let stagingName = ".watcherd-queue.part"
    /// The header carrying the file's name (`watcherd submit` sets it).
    public static let fileNameHeader = "Watcherd-File-Name"

    private let settings: NatsSettings
    private let dropFolder: FilePath
    private let logs: [(name: String, path: FilePath)]
    private let maxFileSize: Int
    private let ignore: IgnoreRules
    private let stats: ForwarderStats
    private let logger: Logger
    private let maxInFlight: Int
    private let stopping = Atomic<Bool>(false)

    public init(config: WatcherConfig, settings: NatsSettings, stats: ForwarderStats, logger: Logger) {
        self.settings = settings
        self.dropFolder = ConfigLoader.absolute(config.dropFolder)
        self.logs = [("articles", ConfigLoader.absolute(config.articlesLog)), ("alerts", ConfigLoader.absolute(config.alertsLog))]
        self.maxFileSize = config.maxFileSize
        self.ignore = IgnoreRules(patterns: config.ignore)
        self.stats = stats
        self.logger = logger
        // Each file waits for its record to be published before its ack: enough of them in flight keep the workers busy.
        self.maxInFlight = max(32, config.effectiveWorkers * 16)
    }

    /// Asks ``run()`` to return; messages not yet acknowledged are redelivered (their files stay in the drop folder
    /// and are recorded at the next start as well).
    public func stop() { stopping.store(true, ordering: .relaxed) }

    /// One message on its way: its file in the drop folder, then the article log's end once the file was gone.
    private struct Pending {
        let message: NatsReceivedMessage
        let path: FilePath
        /// The ends of the article and alert logs (its record and alerts are written before the file leaves).
        var logEnds: [ForwardPosition]?
        var lastProgress: Double
    }

    public func run() {
        var subscription: NatsPullSubscription?
        var connection: NatsConnection?
        var pending: [Pending] = []
        var reportedOutage = false
        while !stopping.load(ordering: .relaxed) {
            if subscription == nil {
                do {
                    let opened = try NatsConnection(settings.endpoint)
                    try NatsStreams.ensure([settings.workSpec], on: opened, logger: logger)
                    subscription = try opened.pullSubscription(stream: settings.workStream, subject: settings.workSubject,
                                                               durable: settings.consumer, ackWaitSeconds: settings.ackWaitSeconds)
                    connection = opened
                    logger.info("taking files from the NATS work queue", metadata: ["stream": "\(settings.workStream)", "consumer": "\(settings.consumer)"])
                    reportedOutage = false
                } catch {
                    if !reportedOutage {
                        logger.warning("cannot take work from NATS yet; retrying", metadata: ["error": "\(error)"])
                        reportedOutage = true
                    }
                    usleep(500_000)
                    continue
                }
            }
            settle(&pending)
            stats.workInFlight.store(pending.count, ordering: .relaxed)
            guard let subscription, pending.count < maxInFlight, connection?.state == .connected else {
                usleep(10_000)
                continue
            }
            let messages: [NatsReceivedMessage]
            do {
                messages = try subscription.fetch(batch: maxInFlight - pending.count, timeoutMilliseconds: 500)
            } catch {
                if !reportedOutage {
                    logger.warning("fetching from the NATS work queue failed; retrying", metadata: ["error": "\(error)"])
                    reportedOutage = true
                }
                usleep(500_000)
                continue
            }
            reportedOutage = false
            for message in messages {
                if let path = place(message) {
                    pending.append(Pending(message: message, path: path, logEnds: nil, lastProgress: Self.now()))
                }
            }
            stats.workInFlight.store(pending.count, ordering: .relaxed)
        }
    }

    /// Acknowledges each message whose record is durable and published; keeps the others from being redelivered
    /// while they wait.
    private func settle(_ pending: inout [Pending]) {
        let now = Self.now()
        var kept: [Pending] = []
        for var item in pending {
            if item.logEnds == nil, (try? Syscalls.lstat(item.path)) ?? nil == nil {
                item.logEnds = logs.map { end(of: $0.path) }
            }
            if let ends = item.logEnds, zip(logs, ends).allSatisfy({ published($0.0.name, $0.0.path, through: $0.1) }) {
                do {
                    try item.message.ack()
                    stats.workAcknowledged.add(1, ordering: .relaxed)
                    continue
                } catch {
                    // Tried again on the next pass; if the ack wait runs out first, the message is delivered again
                    // and its record, published under the same id, is dropped as a duplicate.
                    logger.warning("cannot acknowledge a work message yet", metadata: ["file": "\(PathText.display(item.path))", "error": "\(error)"])
                }
            }
            if now - item.lastProgress >= Double(settings.ackWaitSeconds) / 3 {
                try? item.message.inProgress()
                item.lastProgress = now
            }
            kept.append(item)
        }
        pending = kept
    }

    /// Writes the message's file into the drop folder; nil when it can never be processed (then it is terminated,
    /// counted and logged, so the queue does not offer it forever).
    private func place(_ message: NatsReceivedMessage) -> FilePath? {
        stats.workReceived.add(1, ordering: .relaxed)
        if message.deliveries > 1 { stats.workRedelivered.add(1, ordering: .relaxed) }
        let name = Self.safeName(message.header(Self.fileNameHeader) ?? "queued-\(message.streamSequence).txt")
        let fileName = "\(RecordKey(hashing: message.data).hex.prefix(16))-\(name)"
        func reject(_ reason: String) -> FilePath? {
            stats.workRejected.add(1, ordering: .relaxed)
            logger.error("work message rejected: \(reason)", metadata: ["file": "\(name)", "sequence": "\(message.streamSequence)"])
            try? message.terminate()
            return nil
        }
        if message.data.count > maxFileSize { return reject("\(message.data.count) bytes is more than max_file_size \(maxFileSize)") }
        if ignore.ignores(name: fileName) { return reject("the name matches the ignore patterns, so the drop folder would never pick it up") }
        let target = dropFolder.appending(fileName)
        let staging = dropFolder.appending(".watcherd-queue-\(UUID().uuidString).part")
        do {
            try Syscalls.makeDirectories(dropFolder, mode: 0o775)
            let fd = try Syscalls.open(staging, O_WRONLY | O_CREAT | O_EXCL, 0o640)
            do {
                try Syscalls.writeAll(fd, message.data, path: staging)
                try Syscalls.fsync(fd, path: staging)
                try? fd.close()
            } catch {
                try? fd.close()
                throw error
            }
            try Syscalls.rename(staging, target)
        } catch {
            try? Syscalls.unlink(staging)
            // Not acknowledged: the server offers it again after the ack wait (here or elsewhere).
            logger.error("cannot write a work message into the drop folder; it will be delivered again", metadata: ["file": "\(fileName)", "error": "\(error)"])
            return nil
        }
        return target
    }

    /// A log's end now: everything up to it must be published before the ack.
    private func end(of log: FilePath) -> ForwardPosition {
        guard let info = (try? Syscalls.lstat(log)) ?? nil else { return ForwardPosition(device: 0, inode: 0, offset: 0) }
        return ForwardPosition(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), offset: UInt64(info.st_size))
    }

    /// Whether the forwarder's cursor has passed `end` (in the same file, or moved on from it after a rotation).
    private func published(_ log: String, _ path: FilePath, through end: ForwardPosition) -> Bool {
        if end.inode == 0 || end.offset == 0 { return true }
        guard let cursor = stats.position(log) else { return false }
        if cursor.sameFile(as: end) { return cursor.offset >= end.offset }
        // The forwarder reads files in order and only moves to the current one after the older ones: it is past
        // `end`'s file when that file is no longer the current one and the cursor is in the current one.
        let current = self.end(of: path)
        return !current.sameFile(as: end) && cursor.sameFile(as: current)
    }

    /// A work message's `Nats-Msg-Id`: `sha256:<hex>` of the file's bytes, the id its article record will have.
    public static func messageID(of bytes: [UInt8]) -> String {
        RecordKey(hashing: bytes).description
    }

    /// The last path component of `name`, without leading dots or control characters; never empty.
    public static func safeName(_ name: String) -> String {
        let last = name.split(separator: "/").last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\u{7F}" }))
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.utf8.count > 200 { cleaned = String(decoding: Array(cleaned.utf8.prefix(200)), as: UTF8.self) }
        return cleaned.isEmpty ? "queued.txt" : cleaned
    }

    private static func now() -> Double { Double(Syscalls.monotonicMicroseconds()) / 1e6 }
}
