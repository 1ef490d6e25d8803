#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SystemPackage
import Watcher

/// `watcherd tail`: follows the alert log, across rotation, printing one readable line per alert.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow the alert log: one readable line per alert (or raw JSON), across log rotation.",
        discussion: "Shows the last alerts (see --lines, or --since), then waits for new ones until interrupted."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print each alert's JSON line as written.")
    var json = false

    @Option(name: .customLong("rule"), help: ArgumentHelp("Only alerts of this rule (repeatable).", valueName: "id"))
    var rules: [String] = []

    @Option(help: ArgumentHelp("Only alerts at least this severe: info, low, medium, high or critical.", valueName: "level"))
    var severity: String?

    @Option(help: ArgumentHelp("Start from alerts raised since then: an ISO date or time (2024-07-24, 2024-07-24T10:00:00Z) or an age (30m, 2h, 7d).", valueName: "when"))
    var since: String?

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("Alerts to show before following (ignored with --since).", valueName: "n"))
    var lines: Int = 10

    @Flag(name: .customLong("no-follow"), help: "Print what is there and exit.")
    var noFollow = false

    @Option(name: [.customLong("color"), .customLong("colour")],
            help: ArgumentHelp("Colour the severity and rule: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    func validate() throws {
        if let severity, Severity(rawValue: severity) == nil {
            throw ValidationError("--severity must be one of: info, low, medium, high, critical")
        }
        if let since, AlertFilter.parseSince(since, now: Date()) == nil {
            throw ValidationError("--since takes a date (2024-07-24), a UTC time (2024-07-24T10:00:00Z) or an age (30m, 2h, 7d); got '\(since)'")
        }
        if lines < 0 { throw ValidationError("--lines must be 0 or more") }
    }

    func run() async throws {
        let config = try options.configOrExit()
        let filter = AlertFilter(rules: Set(rules), minimum: severity.flatMap(Severity.init(rawValue:)),
                                 since: since.flatMap { AlertFilter.parseSince($0, now: Date()) })
        let colour = color.enabled(isTerminal: isatty(STDOUT_FILENO) == 1, noColor: getenv("NO_COLOR").map { String(cString: $0) })
        let path = ConfigLoader.absolute(config.alertsLog).string
        // A log that is there but cannot be read, or is not there at all, looks like a quiet day unless said.
        if access(path, F_OK) == 0 && access(path, R_OK) != 0 {
            let reason = String(cString: strerror(errno))
            printError("watcherd tail: cannot read the alert log \(path): \(reason). Run it as a user who may read the log "
                       + "(sudo watcherd tail, or a member of the log's group).")
            throw ExitCode.failure
        }
        if access(path, F_OK) != 0 {
            guard !noFollow else {
                printError("watcherd tail: there is no alert log at \(path). Is watcherd running with this configuration "
                           + "(output.alerts, --config)?")
                throw ExitCode.failure
            }
            printError("watcherd tail: there is no alert log at \(path) yet; waiting for it. If watcherd is running, check "
                       + "output.alerts and --config.")
        }
        // With --since, the copies logrotate left (plain or gzip) hold the start of the span: read them first, oldest
        // first, as report and replay do. A copy last written before --since holds nothing of it.
        if let since = filter.since {
            let from = Timestamp(milliseconds: Int64((since.timeIntervalSince1970 * 1000).rounded(.down)))
            for member in (try? LogArchive.members(of: FilePath(path))) ?? [] where !member.isLive && member.modified >= from {
                do {
                    try LogArchive.forEachLine(in: member.path) { bytes in
                        if let line = AlertLine(String(decoding: bytes, as: UTF8.self)), filter.accepts(line) { emit(line, colour: colour) }
                    }
                } catch {
                    printError("watcherd tail: \(error)")
                }
            }
        }
        var follower = JSONLinesFollower(path: path)
        // The log as it is, a few megabytes at a time: only the alerts to show are kept (the last `lines` of them
        // unless --since), so a large log costs time, not memory. Without a filter only those few are decoded.
        let filtered = !filter.rules.isEmpty || filter.minimum != nil || filter.since != nil
        var kept: [String] = []
        while case let piece = follower.backlog(maxBytes: 4 << 20), !piece.isEmpty {
            if filtered {
                for raw in piece { if let line = AlertLine(raw), filter.accepts(line) { kept.append(raw) } }
            } else {
                kept += piece
            }
            // Trimmed with room to spare: a torn or blank line among the last ones is dropped when decoded below, and
            // must not cost an alert its place.
            let room = lines > Int.max / 4 ? Int.max / 2 : lines + 1_024
            if filter.since == nil && kept.count > 2 * room { kept.removeFirst(kept.count - room) }
        }
        var backlog = kept.compactMap(AlertLine.init)
        if filter.since == nil { backlog = Array(backlog.suffix(lines)) }
        for line in backlog { emit(line, colour: colour) }
        try FileHandleOutput.requireStdoutWritten("the alerts")
        guard !noFollow else { return }
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(200))
            for line in follower.newLines().compactMap(AlertLine.init) where filter.accepts(line) { emit(line, colour: colour) }
            // A reader gone (`tail -f … | head`) or a full disk under `> file`: stop rather than follow for nobody.
            try FileHandleOutput.requireStdoutWritten("the alerts")
        }
    }

    private func emit(_ line: AlertLine, colour: Bool) {
        let text = json ? line.raw : line.readable(colour: colour)
        FileHandleOutput.writeStdout(Array((text + "\n").utf8))
    }
}

/// An alert read back from the log.
struct AlertLine {
    let raw: String
    let object: [String: Any]

    init?(_ raw: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] else { return nil }
        self.raw = raw
        self.object = object
    }

    var rule: String { object["rule"] as? String ?? "?" }
    var severity: Severity { (object["severity"] as? String).flatMap(Severity.init(rawValue:)) ?? .info }
    var at: Date? { (object["at"] as? String).flatMap(AlertFilter.parseTime) }

    /// `2024-07-24 10:15:02  HIGH  rule  title — source, published  «snippet»`, on one line. What comes from the
    /// log (title, source, snippet, rule) is escaped so it cannot forge a line or move the cursor; the colours the
    /// tail adds itself are not.
    func readable(colour: Bool) -> String {
        let time = (object["at"] as? String).map { String($0.prefix(19)).replacingOccurrences(of: "T", with: " ") } ?? ""
        let level = severity.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)
        let title = object["title"] as? String ?? object["file"] as? String ?? ""
        var origin = [object["source"] as? String, object["published"] as? String].compactMap { $0 }.joined(separator: ", ")
        if let repeatOf = object["repeat_of"] as? String { origin += origin.isEmpty ? "repeat of \(repeatOf)" : "; repeat of \(repeatOf)" }
        var snippet = (object["snippet"] as? String ?? "").replacingOccurrences(of: "\n", with: " ")
        if snippet.count > 160 { snippet = String(snippet.prefix(159)) + "…" }
        let safeRule = LogEscaping.escape(rule)
        let head = colour ? Self.colour(severity) + level + "\u{1B}[0m" : level
        let ruleText = colour ? "\u{1B}[1m" + safeRule + "\u{1B}[0m" : safeRule
        let body = LogEscaping.escape("\(title)\(origin.isEmpty ? "" : " — " + origin)  «\(snippet)»")
        return "\(LogEscaping.escape(time))  \(head)\(ruleText)  \(body)"
    }

    static func colour(_ severity: Severity) -> String {
        switch severity {
        case .critical: return "\u{1B}[1;37;41m"
        case .high: return "\u{1B}[1;31m"
        case .medium: return "\u{1B}[33m"
        case .low: return "\u{1B}[36m"
        case .info: return "\u{1B}[2m"
        }
    }
}

/// `--color`: when the tail colours its lines.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// `auto` colours only a terminal, and never when `NO_COLOR` is set to anything but the empty string
    /// (no-color.org).
    func enabled(isTerminal: Bool, noColor: String?) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return isTerminal && (noColor ?? "").isEmpty
        }
    }
}

/// Which alerts `tail` shows.
struct AlertFilter {
    let rules: Set<String>
    let minimum: Severity?
    let since: Date?

    func accepts(_ line: AlertLine) -> Bool {
        if !rules.isEmpty && !rules.contains(line.rule) { return false }
        if let minimum, line.severity < minimum { return false }
        if let since, let at = line.at, at < since { return false }
        return true
    }

    /// An RFC 3339 time with its zone, a date (UTC midnight) or an age such as 30m, 2h, 7d, read as `report` reads
    /// them: a time without a zone or with anything after it is refused, not taken as its day's midnight.
    static func parseSince(_ text: String, now: Date) -> Date? {
        let stamp = Timestamp(milliseconds: Int64((now.timeIntervalSince1970 * 1000).rounded()))
        return ReportPeriod.parseWhen(text, now: stamp).map(date)
    }

    /// An alert line's `at`, an RFC 3339 time as the daemon writes it.
    static func parseTime(_ text: String) -> Date? {
        ReportPeriod.parseTime(text).map(date)
    }

    private static func date(_ stamp: Timestamp) -> Date {
        Date(timeIntervalSince1970: Double(stamp.milliseconds) / 1000)
    }
}
