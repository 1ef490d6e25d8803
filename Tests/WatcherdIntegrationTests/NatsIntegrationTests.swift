import Foundation
import Testing
import Watcher

/// A real `nats-server` (Debian's), started on a free loopback port with JetStream and its own store folder, so a
/// stop and a start on the same port keep the streams.
final class NatsServerHarness: @unchecked Sendable {
    let port: Int
    let store: URL
    let logFile: URL
    /// Arguments for a cluster member (name, cluster port, routes), empty for a single server.
    var clusterArguments: [String] = []
    /// A configuration file for the server (`-c`), for settings without a flag such as `max_payload`.
    var configFile: URL?
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
            + (configFile.map { ["-c", $0.path] } ?? [])
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

    /// Three servers in one JetStream cluster on loopback, each routed to the other two.
    static func cluster(root: URL) throws -> [NatsServerHarness] {
        let servers = try (1...3).map { try NatsServerHarness(root: root, name: "n\($0)") }
        let clusterPorts = try servers.map { _ in try freePort() }
        for (index, server) in servers.enumerated() {
            let routes = clusterPorts.enumerated().filter { $0.offset != index }.map { "nats://127.0.0.1:\($0.element)" }
            server.clusterArguments = ["-n", "n\(index + 1)", "--cluster_name", "watcherd-test",
                                       "--cluster", "nats://127.0.0.1:\(clusterPorts[index])", "--routes", routes.joined(separator: ",")]
        }
        return servers
    }

    /// Stops the server, wipes its store and starts it again: it comes back without its streams.
    func restartWithoutStore() throws {
        stop()
        try FileManager.default.removeItem(at: store)
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        try start()
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

    /// A daemon and a started server of its own (with `serverConfig` as its configuration file, when given), the
    /// daemon configured to publish there; `more` adds lines to the configuration (indented ones go under `nats:`).
    func publishingDaemon(_ more: String = "", serverConfig: String? = nil) throws -> (daemon: DaemonHarness, server: NatsServerHarness, config: URL) {
        let daemon = try DaemonHarness()
        let server = try NatsServerHarness(root: daemon.root)
        if let serverConfig {
            let file = daemon.root.appendingPathComponent("nats.conf")
            try Data(serverConfig.utf8).write(to: file)
            server.configFile = file
        }
        try server.start()
        let config = try daemon.configure("nats:\n  servers: [\(server.url)]\n" + more)
        return (daemon, server, config)
    }

    /// Drops a 0.9 MB article (a record of over 4 MB) after the first one, then a small one; returns the three
    /// records and the big one's id.
    func dropHugeThenSmall(_ daemon: DaemonHarness) throws -> (records: [[String: Any]], hugeID: String) {
        var huge = "خبر طويل جدا عن الحوار\n\n"
        for i in 0..<1_500 { huge += "الفقرة \(i) من الخبر: قال مسؤول عراقي في بغداد إن المحادثات رقم \(i) مع واشنطن مستمرة.\n\n" }
        try daemon.dropAtomically("huge.txt", Data(huge.utf8))
        try daemon.waitForRecords(2)
        try daemon.dropAtomically("small-3.txt", articleText(3))
        let records = try daemon.waitForRecords(3)
        let hugeID = try #require(records.first { ($0["file"] as? [String: Any])?["name"] as? String == "huge.txt" }?["id"] as? String)
        return (records, hugeID)
    }

    func status(_ daemon: DaemonHarness, _ config: URL) throws -> [String: Any] {
        let result = try runWatcherd(["status", "--json", "--config", config.path, "--state", daemon.state.path])
        return ((try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any])?["nats"] as? [String: Any] ?? [:]
    }

    @Test func aBrokerOutageDelaysPublishingButLosesAndDuplicatesNothing() throws {
        let (daemon, server, config) = try publishingDaemon("  subject_prefix: test.watch\n  duplicate_window_s: 3600\nmetrics_interval_s: 1\n")
        defer { server.stop() }
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
        let duringText = try runWatcherd(["status", "--config", config.path, "--state", daemon.state.path])
        #expect(duringText.exitCode == 4 && duringText.output.contains("nothing is being published"), "\(duringText.output)")
        try daemon.waitUntil(timeout: .seconds(5), "the loss in the log") { daemon.logText().contains("the connection to NATS was lost") }
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
        #expect(daemon.logText().contains("the connection to NATS is back"))
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

    /// A record larger than the server's `max_payload` used to fail its batch at every try and hold every later
    /// line back for good, with `status` still saying «connected». A notice naming it goes in its place now, the
    /// lines after it are published, and `status` shows the count.
    @Test func aRecordLargerThanMaxPayloadDoesNotHoldBackTheRest() throws {
        let (daemon, server, config) = try publishingDaemon("metrics_interval_s: 1\n", serverConfig: "max_payload: 65536\n")
        defer { server.stop() }
        try daemon.start()
        try daemon.dropAtomically("small-1.txt", articleText(1))
        try daemon.waitForRecords(1)
        let (records, hugeID) = try dropHugeThenSmall(daemon)
        try daemon.waitUntil(timeout: .seconds(20), "all three articles on the stream") {
            ((try? self.streamMessages(config, "articles"))?.count ?? 0) >= 3
        }
        let messages = try streamMessages(config, "articles")
        #expect(messages.map(\.id).sorted() == records.compactMap { $0["id"] as? String }.sorted())
        let notice = try #require(messages.first { $0.id == hugeID })
        #expect(notice.data["oversized"] as? Bool == true && notice.data["id"] as? String == hugeID)
        #expect((notice.data["bytes"] as? Int ?? 0) > 65_536)
        #expect(messages.filter { $0.id != hugeID }.allSatisfy { $0.data["text"] is String }, "the others are whole records")
        try daemon.waitUntil(timeout: .seconds(10), "status to count it") { (try? self.status(daemon, config))?["oversized"] as? Int == 1 }
        let text = try runWatcherd(["status", "--config", config.path, "--state", daemon.state.path])
        #expect(text.output.contains("larger than NATS takes"), "\(text.output)")
        #expect(daemon.logText().contains("larger than NATS takes") && daemon.logText().contains("the server's max_payload (65536 bytes)"))
        #expect(try daemon.stop() == 0)
    }

    /// The stream's own `max_msg_size` (an operator's limit, under the server's 1 MiB `max_payload`) refused the
    /// record for ever and held every later line back, as `max_payload` did. The stream here comes back with such a
    /// limit while the daemon runs: the failed publish makes the forwarder read the limit, and a notice goes instead.
    @Test func aStreamsOwnMaxMessageSizeDoesNotHoldBackTheRest() throws {
        let (daemon, server, config) = try publishingDaemon("metrics_interval_s: 1\n")
        defer { server.stop() }
        try daemon.start()
        try daemon.dropAtomically("small-1.txt", articleText(1))
        try daemon.waitUntil(timeout: .seconds(20), "the first article on the stream") { ((try? self.streamMessages(config, "articles"))?.count ?? 0) == 1 }
        try server.restartWithoutStore()
        var spec = NatsSettings(servers: [server.url]).articlesSpec
        spec.maxMessageSize = 65_536
        let admin = try NatsConnection(NatsEndpoint(servers: [server.url]))
        #expect(try admin.addStream(spec).maxMessageSize == 65_536)
        let (records, hugeID) = try dropHugeThenSmall(daemon)
        try daemon.waitUntil(timeout: .seconds(30), "the two later articles on the new stream") {
            ((try? self.streamMessages(config, "articles"))?.count ?? 0) >= 2
        }
        let messages = try streamMessages(config, "articles")
        #expect(messages.count == 2)
        let notice = try #require(messages.first { $0.id == hugeID })
        #expect(notice.data["oversized"] as? Bool == true && (notice.data["bytes"] as? Int ?? 0) > 65_536)
        #expect((notice.data["note"] as? String ?? "").contains("WATCHERD_ARTICLES's max_msg_size (65536 bytes)"), "\(notice.data)")
        #expect(messages.contains { $0.id != hugeID && $0.data["text"] is String }, "the article after it is whole")
        #expect(daemon.logText().contains("the stream WATCHERD_ARTICLES's max_msg_size (65536 bytes)"), "\(daemon.logText())")
        try daemon.waitUntil(timeout: .seconds(10), "status to count it") { (try? self.status(daemon, config))?["oversized"] as? Int == 1 }
        #expect(try daemon.stop() == 0)
    }

    /// A server that comes back without its streams (its store lost, or `nats stream rm`) answers every publish
    /// with «no responders»; the forwarder makes the streams again instead of retrying until a restart.
    @Test func streamsLostOnTheServerAreMadeAgain() throws {
        let (daemon, server, config) = try publishingDaemon()
        defer { server.stop() }
        try daemon.start()
        try daemon.dropAtomically("before.txt", articleText(1))
        try daemon.waitUntil(timeout: .seconds(20), "the first article on the stream") { ((try? self.streamMessages(config, "articles"))?.count ?? 0) == 1 }
        try server.restartWithoutStore()
        try daemon.dropAtomically("after.txt", articleText(2))
        let records = try daemon.waitForRecords(2)
        let after = records.first { ($0["file"] as? [String: Any])?["name"] as? String == "after.txt" }?["id"] as? String
        try daemon.waitUntil(timeout: .seconds(30), "the second article on the new stream") {
            ((try? self.streamMessages(config, "articles")) ?? []).contains { $0.id == after }
        }
        // Made at the start (articles, alerts) and again once the server had lost them.
        #expect(daemon.logText().components(separatedBy: "created NATS stream").count - 1 >= 3, "\(daemon.logText())")
        #expect(try daemon.stop() == 0)
    }

    /// `submit` to a work stream no daemon takes from said «queued» and nothing else; it now warns. A password in
    /// a server URL is not printed by check-config.
    @Test func submitWarnsWhenNoDaemonTakesTheWork() throws {
        let (daemon, server, config) = try publishingDaemon()
        defer { server.stop() }
        let file = daemon.root.appendingPathComponent("queued.txt")
        try articleText(1).write(to: file)
        let submitted = try runWatcherd(["submit", "--config", config.path, file.path])
        #expect(submitted.exitCode == 0 && submitted.output.contains("queued as"), "\(submitted.output)")
        #expect(submitted.output.contains("no daemon takes work from WATCHERD_WORK"), "\(submitted.output)")
        let secret = try daemon.configure("nats:\n  servers: [nats://alice:Hunter2Secret@127.0.0.1:\(server.port)]\n")
        let shown = try runWatcherd(["check-config", "--config", secret.path])
        #expect(!shown.output.contains("Hunter2Secret") && shown.output.contains("nats://alice:***@127.0.0.1"), "\(shown.output)")
        #expect(shown.output.contains("auth: in the URL"))
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

/// Sharing the work: a three-node JetStream cluster (streams with three replicas), two daemons on one work queue, one
/// daemon killed with SIGKILL while it holds files, one server stopped.
@Suite(.serialized)
struct NatsWorkQueueIntegrationTests {
    @Test func everySubmittedFileIsOnTheArticlesStreamExactlyOnceDespiteAKilledDaemonAndAStoppedServer() throws {
        let first = try DaemonHarness()
        let second = try DaemonHarness()
        let servers = try NatsServerHarness.cluster(root: first.root)
        for server in servers { try server.start() }
        defer { servers.forEach { $0.stop() } }
        let urls = servers.map(\.url).joined(separator: ", ")
        // settle_ms keeps each file a daemon took from the queue in its drop folder for a second before it is read,
        // so a daemon that has recorded some files still holds unacknowledged ones: the kill below then always
        // leaves messages for the server to redeliver, on a busy CI machine too (a fast daemon was seldom caught
        // holding a file, and the test once failed looking for one).
        let yaml = """
            metrics_interval_s: 1
            workers: 2
            settle_ms: 1000
            input:
              nats: true
            nats:
              servers: [\(urls)]
              replicas: 3
              ack_wait_s: 4
              duplicate_window_s: 3600
            """
        let config = try first.configure(yaml)
        try second.configure(yaml)
        try first.start()
        try second.start()

        // The files: five seeds that raise alerts, and plain articles.
        let staging = first.root.appendingPathComponent("submit")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        var files: [URL] = []
        for prefix in ["000", "001", "002", "003", "004"] {
            let (name, data) = try AlertIntegrationTests.seedData(prefix)
            files.append(staging.appendingPathComponent(name))
            try data.write(to: files.last!)
        }
        for n in 0..<195 {
            files.append(staging.appendingPathComponent("article-\(n).txt"))
            try articleText(n, size: 6_000).write(to: files.last!)
        }
        // Submitted ten at a time only while no daemon is caught holding a file (see below); the rest go with the
        // second half.
        var reserve: [URL] = []
        for n in 0..<60 {
            reserve.append(staging.appendingPathComponent("reserve-\(n).txt"))
            try articleText(1_000 + n, size: 6_000).write(to: reserve.last!)
        }
        let expectedIDs = Set(try (files + reserve).map { "sha256:" + (try sha256Hex(try Data(contentsOf: $0))) })
        // The cluster elects its JetStream leader in the first seconds: submit until the queue takes the files.
        let half = files.count / 2
        try first.waitUntil(timeout: .seconds(30), "the work queue to accept files") {
            ((try? runWatcherd(["submit", "--config", config.path] + files[..<half].map(\.path)))?.exitCode ?? 1) == 0
        }
        // Mid-stream: whichever daemon has recorded a few files first is the victim.
        try first.waitUntil(timeout: .seconds(60), "a daemon to record files") { first.lineCount() >= 3 || second.lineCount() >= 3 }
        let (victim, survivor) = first.lineCount() >= 3 ? (first, second) : (second, first)
        // It is killed only while it provably holds work: frozen with SIGSTOP, its drop folder still holds a queued
        // file. A queued file is written there before the daemon may acknowledge its message, and the message is
        // acknowledged only once the file has left, so each such file is a message the server must deliver again,
        // to the survivor, after ack_wait_s. (A daemon that has drained its share holds nothing: killed then, no
        // file would be redelivered, which is how this test once saw 0 redeliveries.)
        func queuedFiles(_ daemon: DaemonHarness) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: daemon.drop.path)) ?? []).filter { !$0.hasPrefix(".") }
        }
        var held: [String] = []
        var tries = 0
        while held.isEmpty {
            victim.signal(SIGSTOP)
            held = queuedFiles(victim)
            if !held.isEmpty { break }
            victim.signal(SIGCONT)
            tries += 1
            #expect(tries < 400, "the victim never held a queued file while files were submitted")
            if tries >= 400 { break }
            // Its share may be drained: give the queue more work, ten files at a time.
            if tries % 20 == 0, !reserve.isEmpty {
                let more = Array(reserve.prefix(10))
                reserve.removeFirst(more.count)
                _ = try runWatcherd(["submit", "--config", config.path] + more.map(\.path))
            }
            usleep(10_000)
        }
        victim.signal(SIGKILL)
        victim.signal(SIGCONT)
        print("NatsWorkQueueIntegrationTests: killed a daemon holding \(held.count) queued files (after \(tries) looks)")
        servers[1].stop()
        let submitted = try runWatcherd(["submit", "--config", config.path] + (Array(files[half...]) + reserve).map(\.path))
        #expect(submitted.exitCode == 0, "\(submitted.output)")

        let readConfig = try writeReadConfig(first.root, servers: [servers[0], servers[2]])
        func stream(_ name: String) -> [(id: String, data: [String: Any])] {
            guard let result = try? runWatcherd(["stream-read", "--config", readConfig.path, "--stream", name]), result.exitCode == 0 else { return [] }
            return result.output.split(separator: "\n").compactMap { line in
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { return nil }
                return (object["msg_id"] as? String ?? "", object["data"] as? [String: Any] ?? [:])
            }
        }
        try survivor.waitUntil(timeout: .seconds(90), "every file on the articles stream") {
            Set(stream("articles").map(\.id)).isSuperset(of: expectedIDs)
        }
        let articles = stream("articles")
        #expect(articles.count == expectedIDs.count)
        #expect(Set(articles.map(\.id)) == expectedIDs)
        #expect(articles.allSatisfy { $0.data["id"] as? String == $0.id })

        // Every alert either daemon wrote is on the alerts stream once (the killed daemon's too: the same ids).
        let alertIDs = Set((first.records(first.alerts) + second.records(second.alerts)).compactMap { $0["id"] as? String })
        #expect(alertIDs.count >= 19)
        try survivor.waitUntil(timeout: .seconds(30), "every alert on the alerts stream") {
            Set(stream("alerts").map(\.id)).isSuperset(of: alertIDs)
        }
        let alerts = stream("alerts")
        #expect(alerts.count == alertIDs.count)
        #expect(Set(alerts.map(\.id)) == alertIDs)

        // The surviving daemon took over the files the killed one held: each came to it a second time.
        // The metrics file is rewritten within a second of a change: wait for it rather than read it once.
        func redeliveries() -> Int {
            let metrics = (try? String(contentsOf: survivor.state.appendingPathComponent("watcherd.prom"), encoding: .utf8)) ?? ""
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("watcherd_nats_work_redelivered_total ") }
            return line?.split(separator: " ").last.flatMap { Int($0) } ?? 0
        }
        try? survivor.waitUntil(timeout: .seconds(15), "the survivor's metrics to count \(held.count) redelivered files") { redeliveries() >= held.count }
        #expect(redeliveries() >= held.count && held.count > 0, "held \(held.count), redelivered \(redeliveries())")
        print("NatsWorkQueueIntegrationTests: the survivor counted \(redeliveries()) redelivered files")
        #expect(try survivor.stop() == 0)
    }

    /// A configuration naming only the servers still running, for `watcherd stream-read`.
    func writeReadConfig(_ root: URL, servers: [NatsServerHarness]) throws -> URL {
        let file = root.appendingPathComponent("read.yaml")
        try Data("nats:\n  servers: [\(servers.map(\.url).joined(separator: ", "))]\n".utf8).write(to: file)
        return file
    }
}

/// Lower-case hex SHA-256 of `data` (the record id's digits), with sha256sum so the test needs no crypto library.
func sha256Hex(_ data: Data) throws -> String {
    let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("sha-\(UUID().uuidString)")
    try data.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(String(decoding: output, as: UTF8.self).prefix(64))
}
