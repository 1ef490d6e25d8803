import SystemPackage

/// The `alerts:` section of the configuration: which rules, how stories are grouped, and the exec hook.
public struct AlertSettings: Sendable, Equatable {
    /// Load the embedded example watchlist (data/watchlist.yaml).
    public var watchlist: Bool = true
    /// Rule files loaded after the watchlist.
    public var ruleFiles: [FilePath] = []
    /// The configuration file has rules inline under `alerts.rules`; they are read from it with their line numbers.
    public var inlineRulesFile: String? = nil
    /// A rule fires once per story within this many hours.
    public var cooldownHours: Int = 24
    public var repeats: StoryMemory.RepeatPolicy = .record
    /// Estimated Jaccard similarity of word 3-shingles at or above which two articles are one story.
    public var storySimilarity: Double = 0.5
    public var hook: HookSettings? = nil

    public init() {}
}

/// A program run for every alert, with the alert's JSON on its standard input. No shell is involved.
public struct HookSettings: Sendable, Equatable {
    /// The program and its arguments.
    public var command: [String]
    public var timeoutSeconds: Int = 10
    /// Hooks running at once; further alerts wait in a bounded queue.
    public var concurrency: Int = 2
    /// Further attempts after a failure (non-zero exit, timeout, cannot start).
    public var retries: Int = 2
    /// Alerts waiting beyond this are dropped with an error in the log, so a stuck hook never holds up ingestion.
    public var queueLimit: Int = 1_000

    public init(command: [String]) {
        self.command = command
    }
}
