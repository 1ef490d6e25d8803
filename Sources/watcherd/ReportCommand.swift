import ArgumentParser
import Foundation
import Watcher

/// `watcherd report`: one self-contained HTML page (or Markdown) summarising the alert and article logs of a period.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build a morning brief from the alert and article logs: one self-contained HTML file, or Markdown for chat.",
        discussion: """
            Reads output.articles and output.alerts and the copies logrotate left of them (NAME.1, NAME.2.gz, …). \
            The page shows headline figures, alerts per hour, alerts grouped by story with the matched words \
            highlighted and each alert's record, the most mentioned actors, unlisted names and a network of the actors \
            mentioned together in alerted articles. It loads nothing from the network and runs no scripts.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, md
    }

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Start of the period: an age before its end (30m, 24h, 7d), a UTC date (2024-07-24) or a time (2024-07-24T06:00:00Z).", valueName: "when"))
    var since: String = "24h"

    @Option(help: ArgumentHelp("End of the period (exclusive): now (the default), an age before now, a date or a time.", valueName: "when"))
    var until: String?

    @Option(help: ArgumentHelp("File to write (replaced atomically); default standard output.", valueName: "file"))
    var out: String?

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Write DIR/YYYY-MM-DD.html (or .md), dated by the period's end in UTC; for the daily timer.", valueName: "dir"))
    var outDir: String?

    @Option(help: ArgumentHelp("html (one self-contained page) or md (Markdown for chat).", valueName: "format"))
    var format: Format = .html

    @Option(name: .customLong("max-snippets"), help: ArgumentHelp("Alerts shown with their snippet, most severe first; the rest are listed with their record only.", valueName: "n"))
    var maxSnippets: Int = 400

    func validate() throws {
        let now = Timestamp.now()
        guard ReportPeriod.parseWhen(since, now: now) != nil else {
            throw ValidationError("--since takes an age (30m, 24h, 7d), a date (2024-07-24) or a UTC time (2024-07-24T06:00:00Z); got '\(since)'")
        }
        if let until, ReportPeriod.parseWhen(until, now: now) == nil {
            throw ValidationError("--until takes an age (30m, 24h, 7d), a date (2024-07-24) or a UTC time (2024-07-24T06:00:00Z); got '\(until)'")
        }
        if out != nil && outDir != nil { throw ValidationError("give --out or --out-dir, not both") }
        if maxSnippets < 0 { throw ValidationError("--max-snippets must be 0 or more") }
    }

    func run() throws {
        let config = try options.configOrExit()
        let now = Timestamp.now()
        // An age in --since counts back from the end of the period, so `--until 2024-07-25 --since 24h` is that day.
        let end = until.flatMap { ReportPeriod.parseWhen($0, now: now) } ?? now
        let period = ReportPeriod(since: ReportPeriod.parseWhen(since, now: end)!, until: end)
        guard period.since < period.until else {
            printError("watcherd: the period is empty: --since \(since) is not before --until \(until ?? "now")")
            throw ExitCode.failure
        }
        var builder = ReportBuilder(period: period, generatedAt: now)
        builder.maxSnippets = maxSnippets
        let report: Report
        do {
            report = try builder.build(articlesLog: ConfigLoader.absolute(config.articlesLog).string,
                                       alertsLog: ConfigLoader.absolute(config.alertsLog).string)
        } catch {
            printError("watcherd: cannot build the report: \(error)")
            throw ExitCode.failure
        }
        let text = format == .html ? HTMLReportRenderer.render(report) : MarkdownReportRenderer.render(report)
        var target = out
        if let outDir {
            let day = String(period.until.description.prefix(10))
            target = URL(fileURLWithPath: outDir).appendingPathComponent("\(day).\(format.rawValue)").path
        }
        guard let target else {
            FileHandleOutput.writeStdout(Array(text.utf8))
            try FileHandleOutput.requireStdoutWritten("the report")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            printError("watcherd: cannot write the report to \(target): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let alerts = report.figures.alerts
        FileHandleOutput.writeStderr("watcherd: wrote \(target): \(report.figures.articles) articles, \(alerts) alert\(alerts == 1 ? "" : "s"), \(text.utf8.count) bytes\n")
    }
}
