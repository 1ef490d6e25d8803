#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Watcher

/// `make bench-nats`: what publishing to NATS JetStream costs the daemon at 1,000 files/s (CPU against the JSONL-only
/// daemon on the same files), and how long one and two daemons take to drain the same work queue. A local
/// `nats-server` (Debian's) runs on a free loopback port with its store in the scratch folder.
struct NatsBenchmark {
    let binary: String
    let work: URL
    let corpus: [CorpusGenerator.Article]
    let seconds: Double
    let queueFiles: Int
    let smoke: Bool
    /// Rounds of each mode for the publishing cost.
    var publishRounds = 8

    func run(into results: inout [String: Any]) throws {
        let server = try BenchNatsServer(root: work.appendingPathComponent("nats"))
        try server.start()
        defer { server.stop() }
        results["nats_publish"] = try publishingCost(server)
        results["nats_work_queue"] = try workQueue(server)
    }

    /// The same files at 1,000/s into a JSONL-only daemon and into one that also publishes; daemon CPU seconds (user +
    /// system of the whole process, from /proc; not nats-server's), measured until every record is on the stream. The
    /// modes alternate over several rounds (each a fresh daemon, and a fresh stream), and each round's pair gives one
    /// cost: on a shared machine one run of each varies by more than the difference being measured, so the median
    /// and the spread of the pairs are printed, and the goal is judged on them. The publishing threads' own CPU (the
    /// forwarder and the NATS client threads it starts, which carry its name) is read as well: a direct figure that
    /// does not depend on subtracting two noisy totals.
    private func publishingCost(_ server: BenchNatsServer) throws -> [String: Any] {
        let rate = 1_000
        let files = max(200, Int(Double(rate) * (smoke ? 0.5 : seconds)))
        let rounds = smoke ? 1 : publishRounds
        print("\nN1. publishing to NATS at \(rate) files/s: \(files) files; the daemon's CPU (user + system of the watcherd process,")
        print("    /proc/PID/stat; nats-server not included) until every record is written (jsonl) or also acknowledged by the")
        print("    stream (nats); \(rounds) rounds, the modes alternating; 'publishing threads' is the CPU of the forwarder and the")
        print("    NATS client threads it started (/proc/PID/task, thread name \(Self.forwarderThread))")
        print("   round  mode    record p50    p99   lost   daemon CPU s   CPU ms/file   publishing threads s   on stream after last record")
        var rows: [[String: Any]] = []
        var cpu: [String: [Double]] = [:]
        var threadCPU: [Double] = []
        for round in 0..<rounds {
            for mode in round % 2 == 0 ? ["jsonl", "nats"] : ["nats", "jsonl"] {
                let daemon = DaemonBenchmark(binary: binary, root: work.appendingPathComponent("publish-\(mode)-\(round)"))
                defer { daemon.stop() }
                let stream = "BENCH_ARTICLES_\(round)"
                let extra = mode == "nats" ? "nats:\n  servers: [\(server.url)]\n  subject_prefix: benchpub\(round)\n  streams: {articles: \(stream), alerts: BENCH_ALERTS_\(round)}\n" : ""
                _ = try daemon.start(extraConfig: extra)
                guard let pid = daemon.pid else { throw BenchError("the daemon is not running") }
                let before = Self.cpuSeconds(pid)
                let threadsBefore = Self.threadCPUSeconds(pid, named: Self.forwarderThread)
                let result = try daemon.run(rate: rate, count: files, corpus: corpus, offset: 0)
                let lastRecord = Stopwatch.now()
                var streamLag = 0.0
                if mode == "nats" {
                    let connection = try NatsConnection(NatsEndpoint(servers: [server.url]))
                    let deadline = Stopwatch.now() + 120
                    while (try connection.stream(named: stream)?.messages ?? 0) < UInt64(files - result.lost) {
                        guard Stopwatch.now() < deadline else { throw BenchError("the records did not all reach the stream within 120 s") }
                        usleep(2_000)
                    }
                    streamLag = Stopwatch.now() - lastRecord
                }
                let used = Self.cpuSeconds(pid) - before
                let threads = Self.threadCPUSeconds(pid, named: Self.forwarderThread) - threadsBefore
                cpu[mode, default: []].append(used)
                if mode == "nats" { threadCPU.append(threads) }
                print(String(format: "   %5d  %-6@ %10.1f %6.1f %6d   %12.2f   %11.3f   %20@   %@", round + 1, mode as NSString, result.record.at(50),
                             result.record.at(99), result.lost, used, used * 1000 / Double(files),
                             (mode == "nats" ? String(format: "%.2f", threads) : "-") as NSString,
                             (mode == "nats" ? String(format: "%.0f ms", streamLag * 1000) : "-") as NSString))
                rows.append(["round": round + 1, "mode": mode, "files": files, "p50_ms": result.record.at(50), "p99_ms": result.record.at(99),
                             "lost": result.lost, "cpu_s": used, "publishing_threads_cpu_s": mode == "nats" ? threads : 0,
                             "stream_after_ms": streamLag * 1000])
                daemon.stop()
            }
        }
        let jsonlCPU = cpu["jsonl"]!, natsCPU = cpu["nats"]!
        let jsonl = Self.quantile(jsonlCPU, 0.5), nats = Self.quantile(natsCPU, 0.5)
        // One cost per round: its publishing daemon against its JSONL-only daemon, run back to back.
        let paired = zip(natsCPU, jsonlCPU).map { ($0 / $1 - 1) * 100 }
        let pooled = (natsCPU.reduce(0, +) / jsonlCPU.reduce(0, +) - 1) * 100
        // The publishing threads' CPU against the same round's JSONL-only daemon.
        let direct = zip(threadCPU, jsonlCPU).map { $0 / $1 * 100 }
        func spread(_ values: [Double], _ format: String) -> String {
            String(format: "median \(format), quartiles \(format) to \(format), range \(format) to \(format)", Self.quantile(values, 0.5),
                   Self.quantile(values, 0.25), Self.quantile(values, 0.75), values.min()!, values.max()!)
        }
        print("   daemon CPU, jsonl:   \(spread(jsonlCPU, "%.2f s"))")
        print("   daemon CPU, nats:    \(spread(natsCPU, "%.2f s"))")
        print("   cost per round:      \(spread(paired, "%+.1f %%"))")
        print(String(format: "   all rounds pooled:   %+.1f %%; medians of the modes: jsonl %.2f s, nats %.2f s: %+.1f %%", pooled, jsonl, nats,
                     (nats / jsonl - 1) * 100))
        print("   publishing threads:  \(spread(direct, "%.1f %%")) of the JSONL-only daemon's CPU")
        let upper = Self.quantile(paired, 0.75), median = Self.quantile(paired, 0.5)
        let met = median <= 10 && pooled <= 10
        let verdict = !met ? "NOT MET: the median cost per round or the pooled cost is above +10 %"
            : rounds < 5 ? "not established: fewer than 5 rounds (use --nats-rounds 8 or more)"
            : upper <= 10 ? "MET: the median, the upper quartile and the pooled cost per round are all at most +10 %"
            : "MET on the median and the pooled cost, but the upper quartile is above +10 %: noisy, run again"
        print("   goal, publishing costs at most +10 % daemon CPU over JSONL only: \(verdict)")
        return ["rate": rate, "rounds": rows, "median_cpu_s": ["jsonl": jsonl, "nats": nats],
                "cost_percent_per_round": paired, "cost_percent_median": median, "cost_percent_quartiles": [Self.quantile(paired, 0.25), upper],
                "cost_percent_pooled": pooled, "cpu_overhead_percent": (nats / jsonl - 1) * 100,
                "publishing_threads_percent": direct, "goal_met": met && rounds >= 5]
    }

    /// The forwarder's thread name (BlockingLoopService names the kernel thread; the NATS client's threads inherit it).
    static let forwarderThread = "StreamForwarder"

    /// The `q` quantile of `values`, interpolated between neighbours (0.5: the median).
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        guard sorted.count > 1 else { return sorted.first ?? .nan }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    /// The same files on a fresh work queue, drained by one daemon and then by two (each with its own folders).
    private func workQueue(_ server: BenchNatsServer) throws -> [String: Any] {
        let files = smoke ? 200 : queueFiles
        print("\nN2. work queue: \(files) files submitted while the daemons run; until all are on the articles stream")
        print("   daemons   seconds   files/s   vs one daemon   records per daemon")
        var runs: [[String: Any]] = []
        var rates: [Int: Double] = [:]
        for count in [1, 2] {
            var settings = NatsSettings(servers: [server.url])
            settings.subjectPrefix = "benchq\(count)"
            settings.articlesStream = "BENCHQ\(count)_ARTICLES"
            settings.alertsStream = "BENCHQ\(count)_ALERTS"
            settings.workStream = "BENCHQ\(count)_WORK"
            let extra = """
                input:
                  nats: true
                nats:
                  servers: [\(server.url)]
                  subject_prefix: \(settings.subjectPrefix)
                  streams: {articles: \(settings.articlesStream), alerts: \(settings.alertsStream), work: \(settings.workStream)}
                """
            let daemons = (0..<count).map { DaemonBenchmark(binary: binary, root: work.appendingPathComponent("queue\(count)-\($0)")) }
            defer { daemons.forEach { $0.stop() } }
            for daemon in daemons { _ = try daemon.start(extraConfig: extra) }
            let connection = try NatsConnection(NatsEndpoint(servers: [server.url]))
            try NatsStreams.ensure([settings.workSpec], on: connection)
            // Every file's bytes are made unique, as the drop benchmark does: the same bytes would be one record.
            let messages = (0..<files).map { index -> (String, [UInt8]) in
                let article = corpus[index % corpus.count]
                return (article.name, article.bytes + Array("\n\nمعرف الطابور \(index)\n".utf8))
            }
            let start = Stopwatch.now()
            for (name, bytes) in messages {
                _ = try connection.publish(subject: settings.workSubject, data: bytes, messageID: WorkQueueConsumer.messageID(of: bytes),
                                           headers: [WorkQueueConsumer.fileNameHeader: name])
            }
            let deadline = Stopwatch.now() + 300
            while (try connection.stream(named: settings.articlesStream)?.messages ?? 0) < UInt64(files) {
                guard Stopwatch.now() < deadline else { throw BenchError("the work queue was not drained within 300 s") }
                usleep(5_000)
            }
            let elapsed = Stopwatch.now() - start
            let shares = daemons.map { daemon in
                ((try? Data(contentsOf: daemon.articles)) ?? Data()).reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            }
            rates[count] = Double(files) / elapsed
            print(String(format: "   %7d   %7.2f   %7.0f   %12.2f×   %@", count, elapsed, Double(files) / elapsed, rates[count]! / rates[1]!,
                         shares.map(String.init).joined(separator: " + ") as NSString))
            runs.append(["daemons": count, "files": files, "seconds": elapsed, "files_s": Double(files) / elapsed, "records_per_daemon": shares])
            daemons.forEach { $0.stop() }
        }
        let speedup = rates[2]! / rates[1]!
        print(String(format: "   two daemons on one work queue against one: %.2f× the files per second (both on this machine's %d cores;",
                     speedup, ProcessInfo.processInfo.activeProcessorCount))
        print("   on separate machines each daemon brings its own cores)")
        return ["runs": runs, "speedup": speedup]
    }

    /// User + system CPU seconds of a process, from /proc/PID/stat.
    static func cpuSeconds(_ pid: Int32) -> Double { cpuSeconds(statFile: "/proc/\(pid)/stat") }

    /// User + system CPU seconds of the threads of `pid` named `name` (/proc/PID/task/TID/stat; live threads only).
    static func threadCPUSeconds(_ pid: Int32, named name: String) -> Double {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.reduce(0) { total, tid in
            let comm = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/comm", encoding: .utf8))?.trimmingCharacters(in: .newlines)
            guard comm == name else { return total }
            let seconds = cpuSeconds(statFile: "/proc/\(pid)/task/\(tid)/stat")
            return seconds.isNaN ? total : total + seconds
        }
    }

    private static func cpuSeconds(statFile: String) -> Double {
        guard let stat = try? String(contentsOfFile: statFile, encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return .nan }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3, utime 14 and stime 15 (1-based over the whole line).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// Debian's nats-server with JetStream on a free loopback port, for the benchmark only.
final class BenchNatsServer {
    let port: Int
    let root: URL
    private var process: Process?

    init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchError("cannot find a free loopback port: errno \(errno)") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    var url: String { "nats://127.0.0.1:\(port)" }

    func start() throws {
        guard let binary = ["/usr/sbin/nats-server", "/usr/bin/nats-server"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchError("nats-server is not installed (apt-get install nats-server)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-a", "127.0.0.1", "-p", "\(port)", "-js", "-sd", root.appendingPathComponent("store").path,
                             "-l", root.appendingPathComponent("nats-server.log").path]
        try process.run()
        self.process = process
        let deadline = Stopwatch.now() + 15
        while Stopwatch.now() < deadline {
            if (try? NatsConnection(NatsEndpoint(servers: [url]), timeoutMilliseconds: 200)) != nil { return }
            usleep(50_000)
        }
        throw BenchError("nats-server did not start; see \(root.path)/nats-server.log")
    }

    func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        self.process = nil
    }
}
