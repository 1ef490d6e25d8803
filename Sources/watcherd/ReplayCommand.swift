import ArgumentParser
import Foundation
import Logging
import SystemPackage
import Watcher

/// `watcherd replay`: entity recognition, rules, stories and cooldown re-run over the stored article records.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run entity recognition and the watch rules over the article log, without the source files.",
        discussion: """
            Reads the article log and the copies logrotate left beside it (plain or .gz), oldest first, and prints \
            the alerts the rules raise, as JSON lines marked "replay": true or as a table. Stories and the cooldown \
            apply within the replay, at each record's ingested_at; the daemon's state and logs are never written. \
            --rules and --gazetteer replace the configuration's rule_files and gazetteers (list the configured \
            files too to add to them). With --diff, only the alerts the rules would add (+) or no longer raise (-) \
            compared with the alert log are shown. Throughput goes to stderr. Exits 2 when some input could not be \
            read.
            """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("YAML configuration file; without it the embedded defaults are used.", valueName: "path"))
    var config: String?

    @Option(help: ArgumentHelp("Replay records ingested at or after: a date (2024-07-24), a UTC time (2024-07-24T10:00:00Z) or an age (30m, 2h, 7d).", valueName: "when"))
    var since: String?

    @Option(help: ArgumentHelp("Replay records ingested before (same forms as --since).", valueName: "when"))
    var until: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Rule files to use instead of the configuration's rule_files.", valueName: "file"))
    var rules: [String] = []

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Gazetteer files to use instead of the configuration's gazetteers.", valueName: "file"))
    var gazetteer: [String] = []

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Article logs to read, in order (plain or .gz); default: output.articles and its rotated copies.", valueName: "file"))
    var articles: [String] = []

    @Option(help: ArgumentHelp("Alert log to compare with for --diff (with its rotated copies); default: output.alerts.", valueName: "file"))
    var alerts: String?

    @Flag(help: "Show only the alerts the rules would add or no longer raise, compared with the alert log.")
    var diff = false

    @Option(help: ArgumentHelp("jsonl (default) or table.", valueName: "format"))
    var format: OutputFormat = .jsonl

    @Option(help: ArgumentHelp("Cores to analyse on; 0 = all (overrides workers).", valueName: "n"))
    var workers: Int?

    enum OutputFormat: String, ExpressibleByArgument {
        case jsonl, table
    }

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, AlertFilter.parseSince(value, now: Date()) == nil {
                throw ValidationError("\(name) takes a date (2024-07-24), a UTC time (2024-07-24T10:00:00Z) or an age (30m, 2h, 7d); got '\(value)'")
            }
        }
        let now = Date()
        if let since, let until, let from = AlertFilter.parseSince(since, now: now), let to = AlertFilter.parseSince(until, now: now), from >= to {
            throw ValidationError("--since (\(since)) must be before --until (\(until)): no record can be in that window")
        }
        if let workers, !(0...256).contains(workers) { throw ValidationError("--workers must be 0 to 256") }
    }

    func run() async throws {
        let settings = try loadConfig()
        let replayer: Replayer
        do {
            let recognizer = try Pipeline.recognizer(for: settings)
            replayer = Replayer(recognizer: recognizer, rules: try WatchRules.load(settings.alerts, gazetteer: recognizer.gazetteer),
                                alerts: settings.alerts)
        } catch {
            printError("watcherd: invalid configuration: \(error)")
            throw ExitCode.failure
        }
        let files: [FilePath]
        if articles.isEmpty {
            files = (try? LogArchive.files(of: settings.articlesLog)) ?? []
            if files.isEmpty {
                printError("watcherd: no article log at \(PathText.display(settings.articlesLog)) nor any rotated copy of it; give the logs with --articles.")
                throw ExitCode.failure
            }
        } else {
            files = articles.map { ConfigLoader.absolute(FilePath($0)) }
        }
        // The alert logs --diff compares with, found before the replay: a diff against no log would call every
        // alert new.
        // The log and the copies logrotate left beside it; a file given with --alerts and missing is left in, to
        // fail by name.
        let alertLog = alerts.map { ConfigLoader.absolute(FilePath($0)) } ?? settings.alertsLog
        var alertLogs = (try? LogArchive.files(of: alertLog)) ?? []
        if alerts != nil && !alertLogs.contains(alertLog) { alertLogs.append(alertLog) }
        if diff && alertLogs.isEmpty {
            printError("watcherd: --diff: no alert log at \(PathText.display(settings.alertsLog)) nor any rotated copy of it, so there is "
                       + "nothing to compare with; give the log with --alerts FILE, or the daemon's configuration with --config.")
            throw ExitCode.failure
        }
        let now = Date()
        func stamp(_ text: String?) -> Timestamp? {
            text.flatMap { AlertFilter.parseSince($0, now: now) }.map { Timestamp(milliseconds: Int64(($0.timeIntervalSince1970 * 1000).rounded())) }
        }
        let window = Replayer.Window(since: stamp(since), until: stamp(until))
        let workers = workers.map { $0 > 0 ? $0 : WatcherConfig().effectiveWorkers } ?? settings.effectiveWorkers
        let logger = Logger(label: "watcherd", factory: { _ in SwiftLogNoOpLogHandler() })
        let colour = isatty(STDOUT_FILENO) == 1 && getenv("NO_COLOR") == nil
        var output = StdoutBuffer()
        var raised: [AlertRecord] = []
        let started = DispatchTime.now().uptimeNanoseconds
        let stats = try await replayer.run(files: files, window: window, workers: workers, logger: logger, keepArticleIDs: diff) { alert in
            if diff {
                raised.append(alert)
            } else {
                output.append(render(alert.jsonLine(), mark: nil, colour: colour))
            }
        }
        var failures = stats.failures
        var summary = ""
        var unreadableAlertLines = 0
        if diff {
            let logged = AlertDiff(alertLogs: alertLogs)
            failures += logged.failures
            let (added, removed, changed) = logged.compare(replayed: raised, articles: stats.articles, alsoRaised: stats.repeatedAlertIDs)
            for alert in added { output.append(render(alert.jsonLine(), mark: "added", colour: colour)) }
            for alert in removed { output.append(render(alert.line, mark: "removed", colour: colour)) }
            for change in changed {
                output.append(render(change.replayed.jsonLine(), mark: "changed", colour: colour, changed: change.fields,
                                     was: change.logged.content.severity))
            }
            summary = "; diff against \(logged.count) logged alerts: +\(added.count) -\(removed.count) ~\(changed.count)"
                + (logged.unreadable > 0 ? " (\(logged.unreadable) unreadable alert lines skipped)" : "")
            // An unreadable alert line may be a logged alert shown as added: the diff cannot be trusted whole.
            if logged.unreadable > 0 { unreadableAlertLines = logged.unreadable }
        }
        output.flush()
        try FileHandleOutput.requireStdoutWritten("the replayed alerts")
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        FileHandleOutput.writeStderr(String(
            format: "replay: %d records from %d files in %.2f s: %.0f articles/s, %.1f MB/s of text on %d workers, name tagger %@; %d alerts from %d rules",
            stats.replayed, stats.files, seconds, Double(stats.replayed) / seconds, Double(stats.textBytes) / 1e6 / seconds, workers,
            settings.nameTagger ? "on" : "off", stats.alerts, replayer.rules.rules.count) + summary + "\n")
        if replayer.rules.rules.isEmpty {
            FileHandleOutput.writeStderr("replay: warning: no rule is loaded, so no alert can be raised; check --rules and alerts.rule_files\n")
        }
        let unreadable = "unreadable lines" + (stats.firstUnreadable.map { " (the first: \($0))" } ?? "")
        let skipped = [(stats.outsideWindow, "outside the window"), (stats.withoutText, "error records without text"),
                       (stats.unreadable, unreadable)].filter { $0.0 > 0 }
        if !skipped.isEmpty {
            FileHandleOutput.writeStderr("replay: skipped " + skipped.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n")
        }
        if stats.outOfOrder > 0 {
            FileHandleOutput.writeStderr("replay: warning: \(stats.outOfOrder) records are more than an hour older than a record read before "
                                         + "them; give --articles oldest first (a shell's articles.jsonl* puts the live log first), or stories "
                                         + "and the cooldown are decided out of order\n")
        }
        if stats.repeatedAlerts > 0 {
            FileHandleOutput.writeStderr("replay: \(stats.repeatedAlerts) alerts of records that appear twice (the same file recorded again) "
                                         + "were not repeated, as the daemon logs each alert id once\n")
        }
        if stats.warmUp > 0 {
            let hours = StoryMemory.retentionMilliseconds(cooldownHours: max(settings.alerts.cooldownHours, 0)) / 3_600_000
            FileHandleOutput.writeStderr("replay: \(stats.warmUp) records of the \(hours) h before --since were read "
                                         + "into the story memory only, as the daemon's memory held them\n")
        }
        for failure in failures { FileHandleOutput.writeStderr("watcherd: \(failure)\n") }
        if !failures.isEmpty || stats.unreadable > 0 || unreadableAlertLines > 0 { throw ExitCode(2) }
    }

    /// One output line: the alert's JSON with `"replay":true` (and `"diff"`; for a changed alert the parts that
    /// changed and the logged severity) added, or its table row.
    private func render(_ line: [UInt8], mark: String?, colour: Bool, changed: [String] = [], was: String? = nil) -> [UInt8] {
        var json = line
        if json.last == UInt8(ascii: "}") {
            json.removeLast()
            var extra = JSONWriter()
            extra.object { w in
                w.field("replay", true)
                if let mark { w.field("diff", mark) }
                if !changed.isEmpty {
                    w.field("changed", strings: changed)
                    if changed.contains("severity") { w.field("logged_severity", was) }
                }
            }
            json.append(UInt8(ascii: ","))
            json += extra.bytes.dropFirst()
        }
        guard format == .table else { return json }
        let row = AlertLine(String(decoding: json, as: UTF8.self))?.readable(colour: colour) ?? String(decoding: json, as: UTF8.self)
        let sign = mark == "added" ? "+ " : mark == "removed" ? "- " : mark == "changed" ? "~ " : ""
        let note = changed.isEmpty ? "" : "  (changed: " + changed.joined(separator: ", ") + (was.map { changed.contains("severity") ? ", was \($0)" : "" } ?? "") + ")"
        return Array((sign + row + note).utf8)
    }

    /// The configuration with the command line's files applied, every path absolute.
    private func loadConfig() throws -> WatcherConfig {
        do {
            var settings = try ConfigLoader.load(path: config)
            if !rules.isEmpty { settings.alerts.ruleFiles = rules.map { ConfigLoader.absolute(FilePath($0)) } }
            if !gazetteer.isEmpty { settings.gazetteers = gazetteer.map { ConfigLoader.absolute(FilePath($0)) } }
            if let workers { settings.workers = workers }
            try ConfigLoader.validate(settings, file: config ?? "<command line>")
            return settings.resolvingPaths()
        } catch {
            printError("watcherd: invalid configuration: \(error)")
            throw ExitCode.failure
        }
    }
}
