import Logging

/// How urgent an alert is; it sets the journal priority of the alert's log line.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    /// The log level whose journal priority matches: critical → 2 (crit), high → 3 (err), medium → 4 (warning),
    /// low → 5 (notice), info → 6 (info).
    public var logLevel: Logger.Level {
        switch self {
        case .critical: return .critical
        case .high: return .error
        case .medium: return .warning
        case .low: return .notice
        case .info: return .info
        }
    }
}
