import ArgumentParser

/// The `watcherd` command line: `run` (the daemon, default), `process`, `check-config`.
@main
struct WatcherdCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "watcherd",
        abstract: "Watch a drop folder for Arabic news articles, record each one as JSON Lines, and raise alerts.",
        discussion: """
            Drop article files (.txt, .html, .json) into the drop folder. Each file becomes one line in the \
            article log; the file then moves to the processed folder (or, if it cannot be read, to the failed \
            folder with a NAME.error.json explaining why).

            Without --config, embedded defaults are used: drop folder ./drop, logs in ./out/.
            """,
        version: "watcherd \(version)",
        subcommands: [
            RunCommand.self,
            ProcessCommand.self,
            ReplayCommand.self,
            CheckConfigCommand.self,
            StatusCommand.self,
            TailCommand.self,
            StreamReadCommand.self,
            SubmitCommand.self,
            ReloadCommand.self,
            ReportCommand.self,
            EvalCommand.self,
            EvalStoriesCommand.self,
            TrainNERCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )

    /// The entry point: the daemon keeps the signals counted since before `main` for its services (see
    /// ``EarlySignals``); every other command gets the default actions back, so Ctrl-C ends a `tail` at once.
    static func main() async {
        if !startsDaemon(Array(CommandLine.arguments.dropFirst())) { EarlySignals.release() }
        await main(nil)
    }

    /// Whether the arguments select `run`, by name or as the default subcommand.
    static func startsDaemon(_ arguments: [String]) -> Bool {
        guard let first = arguments.first(where: { !$0.hasPrefix("-") }) else {
            return !arguments.contains { ["--help", "-h", "--version"].contains($0) }
        }
        if first == "run" { return true }
        // An option's value (`--config FILE`) comes before any subcommand name only when `run` is the default.
        return !configuration.subcommands.contains { $0.configuration.commandName == first }
    }
}

/// Options shared by every subcommand that reads a configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("YAML configuration file; without it the embedded defaults are used.", valueName: "path"))
    var config: String?

    @Option(name: .customLong("drop"), help: ArgumentHelp("Drop folder to watch (overrides drop_folder).", valueName: "dir"))
    var dropFolder: String?

    @Option(name: .customLong("articles"), help: ArgumentHelp("Article log (overrides output.articles).", valueName: "file"))
    var articlesLog: String?

    @Option(name: .customLong("alerts"), help: ArgumentHelp("Alert log (overrides output.alerts).", valueName: "file"))
    var alertsLog: String?

    @Option(name: .customLong("state"), help: ArgumentHelp("State folder (overrides state_folder).", valueName: "dir"))
    var stateFolder: String?

    @Option(name: .customLong("processed"), help: ArgumentHelp("Where processed files go (overrides processed_folder).", valueName: "dir"))
    var processedFolder: String?

    @Option(name: .customLong("failed"), help: ArgumentHelp("Quarantine for failed files (overrides failed_folder).", valueName: "dir"))
    var failedFolder: String?

    @Option(help: ArgumentHelp("Files processed in parallel (and, for process and replay, cores used); 0 = one per core (overrides workers).", valueName: "n"))
    var workers: Int?

    @Option(name: .customLong("metrics-interval"), help: ArgumentHelp("Seconds between metrics file writes (overrides metrics_interval_s).", valueName: "s"))
    var metricsInterval: Int?

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (overrides log_level).", valueName: "level"))
    var logLevel: String?
}
