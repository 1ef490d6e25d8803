import Foundation
import Testing

/// Runs the real `watcherd` binary against a temporary drop folder and reads what it writes.
///
/// The binary is `$WATCHERD_BIN` (set by `make test` to the release build) or, failing that, the debug build next to
/// the package.
final class DaemonHarness: @unchecked Sendable {
    let root: URL
    var drop: URL { root.appendingPathComponent("drop") }
    var out: URL { root.appendingPathComponent("out") }
    var articles: URL { out.appendingPathComponent("articles.jsonl") }
    var alerts: URL { out.appendingPathComponent("alerts.jsonl") }
    var processed: URL { out.appendingPathComponent("processed") }
    var failed: URL { out.appendingPathComponent("failed") }
    var state: URL { out.appendingPathComponent("state") }
    var logFile: URL { root.appendingPathComponent("daemon.log") }
    private(set) var process: Process?
    var extraArguments: [String] = []
    var environment: [String: String] = [:]

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["WATCHERD_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return package.appendingPathComponent(".build/debug/watcherd")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    init(name: String = #function) throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("watcherd-it-\(getpid())-\(UUID().uuidString.prefix(8))")
        root = base
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
    }

    deinit {
        if let process, process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: root)
    }

    /// The arguments pointing every folder into the temporary root.
    var arguments: [String] {
        ["run", "--drop", drop.path, "--articles", articles.path, "--alerts", alerts.path, "--state", state.path,
         "--processed", processed.path, "--failed", failed.path] + logLevelArguments + extraArguments
    }

    /// `--log-level debug` unless a test leaves the level to the configuration file.
    var logLevelArguments = ["--log-level", "debug"]

    /// Writes `yaml` as the daemon's configuration file (`watcherd.yaml` in the root) and passes it with `--config`.
    @discardableResult
    func configure(_ yaml: String) throws -> URL {
        let file = root.appendingPathComponent("watcherd.yaml")
        try Data(yaml.utf8).write(to: file)
        extraArguments = ["--config", file.path]
        return file
    }

    /// Starts the daemon and waits until it watches the drop folder.
    func start(timeout: Duration = .seconds(20)) throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "JOURNAL_STREAM")
        env.removeValue(forKey: "NOTIFY_SOCKET")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logFile)
        log.seekToEndOfFile()
        process.standardError = log
        process.standardOutput = log
        let startedLines = logText().components(separatedBy: "watching drop folder").count
        try process.run()
        self.process = process
        try waitUntil(timeout: timeout, "daemon start") {
            self.logText().components(separatedBy: "watching drop folder").count > startedLines || !process.isRunning
        }
        guard process.isRunning else {
            throw HarnessError("watcherd exited at start with status \(process.terminationStatus):\n\(logText())")
        }
    }

    /// Sends a signal and waits for the process to exit; returns its exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(10)) throws -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, signal)
        try waitUntil(timeout: timeout, "daemon exit") { !process.isRunning }
        self.process = nil
        return process.terminationStatus
    }

    func signal(_ signal: Int32) {
        if let process { kill(process.processIdentifier, signal) }
    }

    var isRunning: Bool { process?.isRunning ?? false }

    func logText() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    // MARK: Dropping files

    /// Writes a file elsewhere in the same file system, then renames it into the drop folder (the atomic way).
    func dropAtomically(_ name: String, _ contents: Data, subfolder: String? = nil) throws {
        let staging = root.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let temp = staging.appendingPathComponent(UUID().uuidString)
        try contents.write(to: temp)
        var target = drop
        if let subfolder { target = target.appendingPathComponent(subfolder) }
        guard rename(temp.path, target.appendingPathComponent(name).path) == 0 else {
            throw HarnessError("rename into the drop folder failed: errno \(errno)")
        }
    }

    /// Writes a file in place in the drop folder (open, write, close).
    func dropInPlace(_ name: String, _ contents: Data) throws {
        try contents.write(to: drop.appendingPathComponent(name), options: [])
    }

    // MARK: Reading results

    /// Every complete line of a JSONL file parsed as an object.
    func records(_ file: URL? = nil) -> [[String: Any]] {
        guard let data = try? Data(contentsOf: file ?? articles) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
        }
    }

    func rawBytes(_ file: URL? = nil) -> Data {
        (try? Data(contentsOf: file ?? articles)) ?? Data()
    }

    /// Complete lines in a JSONL file, counted without parsing them.
    func lineCount(_ file: URL? = nil) -> Int {
        rawBytes(file).reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// Waits until `count` article records exist.
    @discardableResult
    func waitForRecords(_ count: Int, timeout: Duration = .seconds(60)) throws -> [[String: Any]] {
        try waitUntil(timeout: timeout, "\(count) records (have \(lineCount()))") { self.lineCount() >= count }
        return records()
    }

    /// Regular files left anywhere below a folder.
    func files(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var names: [String] = []
        while let item = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent(item).path, isDirectory: &isDirectory)
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(item).path)
            let isLink = (attributes?[.type] as? FileAttributeType) == .typeSymbolicLink
            if !isDirectory.boolValue || isLink { names.append(item) }
        }
        return names.sorted()
    }

    func waitUntil(timeout: Duration, _ what: String, _ condition: () -> Bool) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !condition() {
            if clock.now > deadline {
                throw HarnessError("timed out waiting for \(what). Daemon log tail:\n\(String(logText().suffix(3000)))")
            }
            usleep(20_000)
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A recognisable Arabic article body of roughly `size` bytes.
func articleText(_ n: Int, size: Int = 2_000) -> Data {
    var text = "خبر رقم \(n)\n\nقال مسؤول عراقي في بغداد إن المحادثات مع واشنطن مستمرة، وذلك في الخبر \(n).\n"
    while text.utf8.count < size { text += "فقرة إضافية للخبر \(n) عن الحوار الاستراتيجي بين البلدين.\n" }
    return Data(text.utf8)
}
