import Foundation
import Testing

/// A real `nats-server` (Debian's), started on a free loopback port with JetStream and its own store folder, so a
/// stop and a start on the same port keep the streams.
final class NatsServerHarness: @unchecked Sendable {
    let port: Int
    let store: URL
    let logFile: URL
    /// Arguments for a cluster member (name, cluster port, routes), empty for a single server.
    var clusterArguments: [String] = []
    private var process: Process?

    static var binary: String? {
        ["/usr/sbin/nats-server", "/usr/bin/nats-server"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init(root: URL, name: String = "nats") throws {
        port = try Self.freePort()
        store = root.appendingPathComponent("\(name)-store")
        logFile = root.appendingPathComponent("\(name).log")
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
    }

    deinit { process.map { kill($0.processIdentifier, SIGKILL) } }

    var url: String { "nats://127.0.0.1:\(port)" }

    func start() throws {
        guard let binary = Self.binary else { throw HarnessError("nats-server is not installed (apt-get install nats-server)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-a", "127.0.0.1", "-p", "\(port)", "-js", "-sd", store.path, "-l", logFile.path] + clusterArguments
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(15)
        while !Self.accepts(port) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw HarnessError("nats-server did not start: \((try? String(contentsOf: logFile, encoding: .utf8)) ?? "")")
            }
            usleep(50_000)
        }
    }

    func stop(signal: Int32 = SIGTERM) {
        guard let process else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        self.process = nil
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A port the kernel hands out for loopback, released for the server to take.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw HarnessError("cannot bind a loopback port: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Publishing records and alerts to JetStream through the real daemon and a real single-node server.
@Suite(.serialized)
struct NatsPublishIntegrationTests {
    /// What `watcherd stream-read` prints for one stream: message id and data of each message.
    func streamMessages(_ config: URL, _ stream: String) throws -> [(id: String, subject: String, data: [String: Any])] {
        let result = try runWatcherd(["stream-read", "--config", config.path, "--stream", stream])
        guard result.exitCode == 0 else { throw HarnessError("stream-read failed: \(result.output)") }
        return result.output.split(separator: "\n").compactMap { line in
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { return nil }
            return (object["msg_id"] as? String ?? "", object["subject"] as? String ?? "", object["data"] as? [String: Any] ?? [:])
        }
    }

    func status(_ daemon: DaemonHarness, _ config: URL) throws -> [String: Any] {
        let result = try runWatcherd(["status", "--json", "--config", config.path, "--state", daemon.state.path])
        return ((try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any])?["nats"] as? [String: Any] ?? [:]
    }

    @Test func aBrokerOutageDelaysPublishingButLosesAndDuplicatesNothing() throws {
        let daemon = try DaemonHarness()
        let server = try NatsServerHarness(root: daemon.root)
        try server.start()
        defer { server.stop() }
        let config = try daemon.configure("""
            metrics_interval_s: 1
            nats:
              servers: [\(server.url)]
              subject_prefix: test.watch
              duplicate_window_s: 3600
            """)
        try daemon.start()
        for prefix in ["000", "001", "002"] {
            let (name, data) = try AlertIntegrationTests.seedData(prefix)
            try daemon.dropAtomically(name, data)
        }
        try daemon.waitForRecords(3)
        try daemon.waitUntil(timeout: .seconds(20), "3 articles on the stream") { ((try? self.streamMessages(config, "articles"))?.count ?? 0) >= 3 }

        // The broker goes away for 10 s; files keep coming and are recorded locally.
        server.stop()
        let outage = ContinuousClock.now
        for prefix in ["003", "004"] {
            let (name, data) = try AlertIntegrationTests.seedData(prefix)
            try daemon.dropAtomically(name, data)
        }
        for n in 0..<5 { try daemon.dropAtomically("extra-\(n).txt", articleText(n)) }
        try daemon.waitForRecords(10)
        try daemon.waitUntil(timeout: .seconds(15), "status showing the outage") {
            let nats = (try? self.status(daemon, config)) ?? [:]
            let lag = (nats["lag"] as? [String: Any])?["articles"] as? [String: Any]
            return nats["connection"] as? String != "connected" && (lag?["records"] as? Int ?? 0) >= 7
        }
        let during = try status(daemon, config)
        #expect(during["last_ack"] is String)
        let waited = ContinuousClock.now - outage
        if waited < .seconds(10) { usleep(UInt32((Duration.seconds(10) - waited).components.seconds) * 1_000_000 + 1) }
        try server.start()

        let records = daemon.records()
        let alerts = daemon.records(daemon.alerts)
        #expect(records.count == 10)
        #expect(alerts.count == 19)
        try daemon.waitUntil(timeout: .seconds(30), "everything on the streams") {
            ((try? self.streamMessages(config, "articles"))?.count ?? 0) >= 10 && ((try? self.streamMessages(config, "alerts"))?.count ?? 0) >= 19
        }
        let articleMessages = try streamMessages(config, "articles")
        let alertMessages = try streamMessages(config, "alerts")
        // Each record exactly once, under its own id, with its own bytes; each alert once on its rule's subject.
        #expect(articleMessages.map(\.id).sorted() == records.compactMap { $0["id"] as? String }.sorted())
        #expect(articleMessages.allSatisfy { $0.subject == "test.watch.articles" && $0.data["id"] as? String == $0.id })
        #expect(alertMessages.map(\.id).sorted() == alerts.compactMap { $0["id"] as? String }.sorted())
        for message in alertMessages {
            #expect(message.subject == "test.watch.alerts.\(message.data["severity"] as? String ?? "?").\(message.data["rule"] as? String ?? "?")")
        }
        try daemon.waitUntil(timeout: .seconds(10), "lag back to zero") {
            let nats = (try? self.status(daemon, config)) ?? [:]
            let lag = nats["lag"] as? [String: [String: Any]] ?? [:]
            return nats["connection"] as? String == "connected" && lag.values.allSatisfy { $0["records"] as? Int == 0 }
        }
        #expect(try daemon.stop() == 0)

        // A crash after the acks but before the cursor was saved: the lines are published again with the same ids,
        // and the stream's duplicate window keeps one copy of each.
        let cursor = daemon.state.appendingPathComponent("nats-cursor.json")
        #expect(FileManager.default.fileExists(atPath: cursor.path))
        try FileManager.default.removeItem(at: cursor)
        try daemon.start()
        try daemon.waitUntil(timeout: .seconds(30), "the re-publish to be acknowledged as duplicates") {
            let metrics = (try? String(contentsOf: daemon.state.appendingPathComponent("watcherd.prom"), encoding: .utf8)) ?? ""
            return metrics.contains("watcherd_nats_duplicates_total 29\n")
        }
        #expect(try streamMessages(config, "articles").count == 10)
        #expect(try streamMessages(config, "alerts").count == 19)
        #expect(try daemon.stop() == 0)
    }

    @Test func checkConfigNamesTheNatsSettingsAndRejectsABadOne() throws {
        let daemon = try DaemonHarness()
        let good = try daemon.configure("nats:\n  servers: [nats://127.0.0.1:4222]\n  replicas: 3\n")
        let ok = try runWatcherd(["check-config", "--config", good.path])
        #expect(ok.exitCode == 0)
        #expect(ok.output.contains("WATCHERD_ARTICLES <- watcherd.articles"))
        #expect(ok.output.contains("replicas 3"))
        let bad = try daemon.configure("nats:\n  servers: [nats://127.0.0.1:4222]\n  token: x\n  credentials: /nonexistent.creds\n")
        let refused = try runWatcherd(["check-config", "--config", bad.path])
        #expect(refused.exitCode != 0)
        #expect(refused.output.contains("nats"))
    }
}

