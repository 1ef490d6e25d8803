#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization
import Watcher

/// Writes one line per log event to stderr with a single `write(2)`.
///
/// Under systemd (`JOURNAL_STREAM` set) each line starts with an sd-daemon `<N>` priority prefix and has no
/// timestamp or colour, since the journal adds its own; on a terminal it gets a UTC timestamp and a coloured level.
struct DaemonLogHandler: LogHandler {
    enum Style: Sendable {
        case journal
        case terminal(colour: Bool)
    }

    /// The level of every logger of the process, so that a reload changes it for all of them at once.
    private static let sharedLevel = Atomic<Int>(Logger.Level.info.index)

    var logLevel: Logger.Level {
        get { Self.level }
        set { Self.level = newValue }
    }
    var metadata: Logger.Metadata = [:]
    let label: String
    let style: Style

    /// A handler at the process's level (``level``, set once at start and by a reload, not by each new handler: a
    /// logger made after a reload must not put the start-up level back).
    init(label: String, style: Style = Self.detectStyle()) {
        self.label = label
        self.style = style
    }

    /// The level in force for every logger of the process.
    static var level: Logger.Level {
        get { Logger.Level.allCases[sharedLevel.load(ordering: .relaxed)] }
        set { sharedLevel.store(newValue.index, ordering: .relaxed) }
    }

    static func detectStyle() -> Style {
        if getenv("JOURNAL_STREAM") != nil { return .journal }
        let colour = isatty(STDERR_FILENO) == 1 && getenv("NO_COLOR") == nil
        return .terminal(colour: colour)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = ""
        switch style {
        case .journal:
            line = "<\(Self.syslogPriority(event.level))>"
        case .terminal(let colour):
            line = Timestamp.now().description + " "
            let name = Self.levelName(event.level)
            line += colour ? Self.colour(event.level) + name + "\u{1B}[0m" : name
            line += " "
        }
        line += LogEscaping.escape(event.message.description)
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for key in merged.keys.sorted() {
            line += " " + key + "=" + Self.quoted(LogEscaping.escape("\(merged[key]!)"))
        }
        line += "\n"
        FileHandleOutput.writeStderr(Array(line.utf8))  // one write(2) per line: lines from threads never interleave
    }

    static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: return "trace"
        case .debug: return "debug"
        case .info: return "info"
        case .notice: return "notice"
        case .warning: return "warning"
        case .error: return "error"
        case .critical: return "critical"
        }
    }

    static func colour(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: return "\u{1B}[2m"
        case .info: return "\u{1B}[36m"
        case .notice: return "\u{1B}[32m"
        case .warning: return "\u{1B}[33m"
        case .error, .critical: return "\u{1B}[31m"
        }
    }
}

extension Logger.Level {
    init(_ setting: LogLevelSetting) {
        self = Logger.Level(rawValue: setting.rawValue) ?? .info
    }
}

private extension Logger.Level {
    var index: Int { Logger.Level.allCases.firstIndex(of: self)! }
}
