import Foundation

/// Renders a ``Report`` as Markdown for pasting into chat: figures, alerts by story with matched words in bold,
/// actors, unlisted names and the most frequent pairs of actors.
public enum MarkdownReportRenderer {
    public static func render(_ report: Report) -> String {
        let f = report.figures
        var out = "# watcherd report, \(ReportFormat.minute(report.period.since)) – \(ReportFormat.minute(report.period.until)) UTC\n\n"
        let bySeverity = Severity.allCases.reversed().map { "\($0.rawValue) \(f.alertsBySeverity[$0] ?? 0)" }.joined(separator: ", ")
        out += "**Articles** \(f.articles)\(f.errorRecords > 0 ? " (\(f.errorRecords) error records)" : "") · "
        out += "**Alerts** \(f.alerts) (\(bySeverity); \(f.repeats) repeats) · **New stories** \(f.newStories) · **Stories alerted** \(f.alertedStories)\n\n"
        out += "## Alerts by story\n\n"
        if report.stories.isEmpty { out += "No alerts in this period.\n\n" }
        if report.snippetsOmitted > 0 {
            out += "Snippets are shown for the \(f.alerts - report.snippetsOmitted) most severe alerts; \(report.snippetsOmitted) more are listed with their record only.\n\n"
        }
        for story in report.stories {
            out += "### \(story.highest.rawValue.uppercased()): \(escape(story.title))"
            if !story.sources.isEmpty { out += " (\(story.sources.map(escape).joined(separator: ", ")))" }
            if story.isNew { out += ", new story" }
            out += "\n\n"
            for alert in story.alerts {
                out += "- \(ReportFormat.minute(alert.time)) \(alert.severity.rawValue) `\(code(alert.rule))`\(alert.repeatOf != nil ? " (repeat)" : "")"
                if let snippet = alert.snippet {
                    out += ": " + emphasised(snippet)
                }
                out += " · `\(code(alert.file))` `\(code(alert.id))` `\(code(alert.article))`\n"
            }
            out += "\n"
        }
        out += "## Most mentioned actors\n\n"
        if report.topActors.isEmpty { out += "None in this period.\n\n" } else {
            out += "| actor | id | mentions | articles |\n|---|---|---:|---:|\n"
            for actor in report.topActors { out += "| \(escape(actor.name)) | `\(code(actor.id))` | \(actor.mentions) | \(actor.articles) |\n" }
            out += "\n"
        }
        out += "## Unlisted names\n\n"
        if report.newNames.isEmpty { out += "None in this period.\n\n" } else {
            out += "| name | mentions | articles | first seen |\n|---|---:|---:|---|\n"
            for name in report.newNames {
                out += "| \(escape(name.name))\(name.isNew ? " (new)" : "") | \(name.mentions) | \(name.articles) | \(ReportFormat.minute(name.firstSeen)) `\(code(name.firstFile))` |\n"
            }
            if report.moreNewNames > 0 { out += "\n\(report.moreNewNames) more unlisted names are not shown.\n" }
            out += "\n"
        }
        out += "## Actors mentioned together in alerted articles\n\n"
        let pairs = report.network.edges.sorted { $0.articles != $1.articles ? $0.articles > $1.articles : ($0.from, $0.to) < ($1.from, $1.to) }
        if pairs.isEmpty { out += "None in this period.\n" }
        for edge in pairs.prefix(15) {
            out += "- \(escape(report.network.nodes[edge.from].name)) + \(escape(report.network.nodes[edge.to].name)): \(edge.articles) articles\n"
        }
        if report.unreadableLines > 0 { out += "\n\(report.unreadableLines) log lines were not records this report understands and were skipped.\n" }
        if report.missingArticles > 0 { out += "\n\(report.missingArticles) alerted articles have no record in the article logs read.\n" }
        for damage in report.damagedHistory {
            out += "\nAn older article log, read only to tell what is new, was not read to its end: \(damage) New stories and names may include some seen before.\n"
        }
        out += "\nRead: " + (report.inputs.isEmpty ? "no log files" : report.inputs.map { "`\(code($0))`" }.joined(separator: ", ")) + ".\n"
        return out
    }

    /// The snippet with each run of matched words in bold; spaces at a run's edges stay outside the asterisks, where
    /// Markdown needs them.
    static func emphasised(_ snippet: [SnippetSegment]) -> String {
        var out = ""
        var run = ""
        func flush() {
            guard !run.isEmpty else { return }
            let trimmed = run.trimmingCharacters(in: .whitespaces)
            let leading = run.prefix { $0 == " " }, trailing = String(run.reversed().prefix { $0 == " " })
            out += trimmed.isEmpty ? run : leading + "**" + escape(trimmed) + "**" + trailing
            run = ""
        }
        for segment in snippet {
            if segment.kind == .plain {
                flush()
                out += escape(segment.text)
            } else {
                run += segment.text
            }
        }
        flush()
        return out
    }

    /// Text with Markdown's punctuation escaped and line breaks flattened, so article text cannot format the message.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "~": out += "\\"; out.unicodeScalars.append(scalar)
            case "\n", "\r", "\t": out += " "
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Text for inside a code span: backticks cannot close it early.
    static func code(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
            scalar == "`" ? "'" : (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? " " : scalar)
        }))
    }
}
