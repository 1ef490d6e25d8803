#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import Watcher

/// Runs the real daemon and measures: start to READY=1, drop-to-record and drop-to-alert latency at fixed drop rates,
/// and peak memory (VmHWM).
final class DaemonBenchmark: @unchecked Sendable {
    struct RateResult {
        let rate: Int
        let files: Int
        let record: Percentiles
        let alert: Percentiles
        let lost: Int
        /// One row per dropped file, for looking at which files make the tail.
        let samples: [Sample]
    }

    struct Sample {
        let name: String
        let bytes: Int
        let dropped: Double
        let recordMilliseconds: Double?
        let alertMilliseconds: Double?
    }

    let binary: String
    let root: URL
    private var process: Process?
    private var notifyFD: Int32 = -1
    private let seen = Mutex<[String: Double]>([:])
    private let alerted = Mutex<[String: Double]>([:])
    private let stopReader = Atomic<Bool>(false)
    private var reader: Thread?

    init(binary: String, root: URL) {
        self.binary = binary
        self.root = root
    }

    var drop: URL { root.appendingPathComponent("drop") }
    var staging: URL { root.appendingPathComponent("staging") }
    var articles: URL { root.appendingPathComponent("out/articles.jsonl") }
    var alerts: URL { root.appendingPathComponent("out/alerts.jsonl") }

    /// Starts the daemon and returns milliseconds from spawn to READY=1.
    func start(extraConfig: String = "") throws -> Double {
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let config = root.appendingPathComponent("watcherd.yaml")
        try Data("""
            drop_folder: \(drop.path)
            output:
              articles: \(articles.path)
              alerts: \(alerts.path)
            state_folder: \(root.path)/out/state
            processed_folder: \(root.path)/out/processed
            failed_folder: \(root.path)/out/failed
            log_level: warning
            \(extraConfig)
            """.utf8).write(to: config)
        let socketPath = root.appendingPathComponent("notify.sock").path
        notifyFD = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: Array(socketPath.utf8)) }
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(notifyFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(notifyFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.standardOutput = FileHandle.nullDevice
        process.arguments = ["run", "--config", config.path]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = socketPath
        environment.removeValue(forKey: "JOURNAL_STREAM")
        process.environment = environment
        let log = root.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        let started = Stopwatch.now()
        try process.run()
        self.process = process
        var buffer = [UInt8](repeating: 0, count: 1024)
        while Stopwatch.now() - started < 30 {
            let n = recv(notifyFD, &buffer, buffer.count, 0)
            if n > 0, String(decoding: buffer[0..<n], as: UTF8.self).contains("READY=1") {
                let ready = (Stopwatch.now() - started) * 1000
                startReader()
                return ready
            }
            if !process.isRunning { break }
        }
        throw BenchError("watcherd did not send READY=1; see \(log.path)")
    }

    /// Drops `count` unique files at `rate` per second and waits for their records; latencies in milliseconds.
    func run(rate: Int, count: Int, corpus: [CorpusGenerator.Article], offset: Int) throws -> RateResult {
        var names: [String] = []
        var sizes: [String: Int] = [:]
        for i in 0..<count {
            let article = corpus[(offset + i) % corpus.count]
            let name = "r\(rate)-\(offset + i).txt"
            // A unique last line: identical bytes would be skipped as duplicates.
            let bytes = article.bytes + Array("\n\nمعرف الاختبار \(offset + i)\n".utf8)
            try Data(bytes).write(to: staging.appendingPathComponent(name))
            sizes[name] = bytes.count
            names.append(name)
        }
        var dropped: [String: Double] = [:]
        let start = Stopwatch.now()
        for (i, name) in names.enumerated() {
            let due = start + Double(i) / Double(rate)
            while Stopwatch.now() < due {
                let wait = due - Stopwatch.now()
                if wait > 0.0005 { usleep(UInt32(wait * 500_000)) }
            }
            let at = Stopwatch.now()
            guard rename(staging.appendingPathComponent(name).path, drop.appendingPathComponent(name).path) == 0 else {
                throw BenchError("rename failed: errno \(errno)")
            }
            dropped[name] = at
        }
        // Past capacity files queue up; give them time to drain before calling any missing.
        let deadline = Stopwatch.now() + max(60, Double(count) / 40)
        while Stopwatch.now() < deadline {
            let done = seen.withLock { seen in names.allSatisfy { seen[$0] != nil } }
            if done { break }
            usleep(5_000)
        }
        usleep(50_000)
        let (records, alerts) = (seen.withLock { $0 }, alerted.withLock { $0 })
        let recordLatencies = names.compactMap { name in records[name].map { ($0 - dropped[name]!) * 1000 } }
        let alertLatencies = names.compactMap { name in alerts[name].map { ($0 - dropped[name]!) * 1000 } }
        let samples = names.map { name in
            Sample(name: name, bytes: sizes[name]!, dropped: dropped[name]! - start,
                   recordMilliseconds: records[name].map { ($0 - dropped[name]!) * 1000 },
                   alertMilliseconds: alerts[name].map { ($0 - dropped[name]!) * 1000 })
        }
        return RateResult(rate: rate, files: count, record: Percentiles(recordLatencies), alert: Percentiles(alertLatencies),
                          lost: count - recordLatencies.count, samples: samples)
    }

    /// The running daemon's process id.
    var pid: Int32? { process?.processIdentifier }

    /// Peak resident memory of the daemon, in MiB (VmHWM).
    func peakRSSMegabytes() -> Double {
        guard let process, let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kb / 1024
    }

    /// How the running daemon has the Swift runtime: from the toolchain's shared libraries (a `make build` binary) or
    /// linked in (the `make install` one, built with `--static-swift-stdlib`); nil when the daemon is not running.
    /// The shared libraries' mapped pages count in its resident memory.
    func swiftRuntimeLinking() -> String? {
        // Read to the end: /proc files report a size of 0, and this one is longer than a page.
        guard let process, let file = FileHandle(forReadingAtPath: "/proc/\(process.processIdentifier)/maps"),
              let bytes = try? file.readToEnd() else { return nil }
        try? file.close()
        let maps = String(decoding: bytes, as: UTF8.self)
        switch (maps.contains("/libswiftCore.so"), maps.contains("/libFoundation.so")) {
        case (false, false): return "linked in (static)"
        case (true, true): return "shared libraries"
        case (true, false): return "runtime from shared libraries, Foundation linked in"
        case (false, true): return "runtime linked in, Foundation from shared libraries"
        }
    }

    func stop() {
        guard !stopReader.load(ordering: .relaxed) else { return }
        stopReader.store(true, ordering: .relaxed)
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        if notifyFD >= 0 { close(notifyFD) }
    }

    /// Polls both logs (and drains the notification socket) every half millisecond, noting when each file's record and first alert appear.
    private func startReader() {
        let thread = Thread { [self] in
            var articleReader = JSONLinesFollower(path: articles.path)
            var alertReader = JSONLinesFollower(path: alerts.path)
            var notification = [UInt8](repeating: 0, count: 1024)
            while !stopReader.load(ordering: .relaxed) {
                // Keep reading the notification socket, as systemd does, so the daemon's STATUS messages never pile up.
                while recv(notifyFD, &notification, notification.count, Int32(MSG_DONTWAIT)) > 0 {}
                let now = Stopwatch.now()
                for line in articleReader.newLines() {
                    if let name = field(line, after: #""file":{"name":""#) { seen.withLock { $0[name] = $0[name] ?? now } }
                }
                for line in alertReader.newLines() {
                    if let name = field(line, after: #""file":""#) { alerted.withLock { $0[name] = $0[name] ?? now } }
                }
                usleep(500)
            }
        }
        thread.start()
        reader = thread
    }
}

/// Cuts the value of a string field out of a record line the daemon wrote (the field order is fixed). A byte search:
/// the reader must keep up with thousands of 20 KB lines a second, or its own lag shows up as the daemon's latency
/// (Foundation's `range(of:)` bridges and folds the whole line per call).
func field(_ line: String, after marker: String) -> String? {
    var line = line
    return line.withUTF8 { bytes -> String? in
        let needle = Array(marker.utf8)
        guard bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            var k = 1
            while k < needle.count && bytes[start + k] == needle[k] { k += 1 }
            guard k == needle.count else { continue }
            let from = start + needle.count
            guard let end = bytes[from...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<end]), as: UTF8.self)
        }
        return nil
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
