#if canImport(Glibc)
import Glibc
#endif

/// Renders a ``Report`` as one self-contained HTML page: inline CSS and SVG, no scripts, no fonts, nothing fetched
/// (a Content-Security-Policy forbids it), right-to-left wherever the text is Arabic.
public enum HTMLReportRenderer {
    public static func render(_ report: Report) -> String {
        var out = ""
        out.reserveCapacity(64_000 + report.stories.reduce(0) { $0 + $1.alerts.count } * 400)
        let periodText = "\(ReportFormat.minute(report.period.since)) – \(ReportFormat.minute(report.period.until)) UTC"
        out += """
            <!DOCTYPE html>
            <html lang="en" dir="ltr">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="watcherd report">
            <title>watcherd report, \(e(periodText))</title>
            <style>\(css)</style>
            </head>
            <body>
            <header><h1>watcherd report</h1><p>\(e(periodText)) · generated \(e(ReportFormat.minute(report.generatedAt))) UTC</p></header>

            """
        figures(report, into: &out)
        out += "<section id=\"timeline\"><h2>Alerts per hour</h2>\n"
        out += ReportSVG.timeline(report)
        out += "</section>\n"
        stories(report, into: &out)
        actors(report, into: &out)
        newNames(report, into: &out)
        out += "<section id=\"network\"><h2>Actors mentioned together in alerted articles</h2>\n"
        if report.network.nodes.isEmpty {
            out += "<p class=\"empty\">No alerted articles in this period.</p>\n"
        } else {
            out += ReportSVG.network(report.network)
            if report.network.omitted > 0 {
                out += "<p class=\"note\">The \(report.network.nodes.count) actors in most alerted articles are drawn; \(report.network.omitted) more are left out.</p>\n"
            }
        }
        out += "</section>\n"
        footer(report, into: &out)
        out += "</body>\n</html>\n"
        return out
    }

    static func e(_ text: String) -> String { HTMLText.escape(text) }

    /// `dir="rtl"` or `dir="ltr"` for a text.
    static func dir(_ text: String) -> String { "dir=\"\(HTMLText.direction(text))\"" }

    static func figures(_ report: Report, into out: inout String) {
        let f = report.figures
        out += "<section id=\"figures\" class=\"figures\">\n"
        out += card("Articles", f.articles, f.errorRecords > 0 ? "\(f.errorRecords) error records" : "ingested")
        out += card("Alerts", f.alerts, f.repeats > 0 ? "\(f.repeats) repeats" : "raised")
        for severity in Severity.allCases.reversed() {
            out += "<div class=\"card sev-\(severity.rawValue)\"><b>\(f.alertsBySeverity[severity] ?? 0)</b><span>\(severity.rawValue)</span></div>\n"
        }
        out += card("New stories", f.newStories, "first seen")
        out += card("Stories alerted", f.alertedStories, "with alerts")
        out += "</section>\n"
    }

    static func card(_ label: String, _ value: Int, _ note: String) -> String {
        "<div class=\"card\"><b>\(value)</b><span>\(e(label))</span><small>\(e(note))</small></div>\n"
    }

    static func stories(_ report: Report, into out: inout String) {
        out += "<section id=\"stories\"><h2>Alerts by story</h2>\n"
        if report.stories.isEmpty { out += "<p class=\"empty\">No alerts in this period.</p>\n" }
        if report.snippetsOmitted > 0 {
            out += "<p class=\"note\">Snippets are shown for the \(report.figures.alerts - report.snippetsOmitted) most severe alerts; \(report.snippetsOmitted) more are listed with their record only.</p>\n"
        }
        for story in report.stories {
            out += "<article class=\"story sev-\(story.highest.rawValue)\"><h3 \(dir(story.title))>\(e(story.title))</h3>"
            out += "<p class=\"meta\"><span class=\"sev\">\(story.highest.rawValue)</span> "
            if story.isNew { out += "<span class=\"new\">new story</span> " }
            if !story.sources.isEmpty {
                out += story.sources.map { "<bdi \(dir($0))>\(e($0))</bdi>" }.joined(separator: ", ") + " · "
            }
            out += "\(story.alerts.count) alert\(story.alerts.count == 1 ? "" : "s") · <code>\(e(story.story))</code></p>\n<ul>\n"
            for alert in story.alerts { self.alert(alert, storyTitle: story.title, into: &out) }
            out += "</ul></article>\n"
        }
        out += "</section>\n"
    }

    /// One alert; its title only when it differs from the story's (another version of the story).
    static func alert(_ alert: Report.AlertEntry, storyTitle: String, into out: inout String) {
        out += "<li class=\"sev-\(alert.severity.rawValue)\"><time>\(e(ReportFormat.minute(alert.time)))</time> <span class=\"sev\">\(alert.severity.rawValue)</span> <b>\(e(alert.rule))</b>"
        if alert.repeatOf != nil { out += " <span class=\"rep\">repeat</span>" }
        if let snippet = alert.snippet {
            var text = ""
            let plain = snippet.map(\.text).joined()
            if let title = alert.title, title != storyTitle { out += " <bdi \(dir(title))>\(e(title))</bdi>" }
            var origin: [String] = []
            if let source = alert.source { origin.append(source) }
            if let published = alert.published { origin.append(published) }
            if !origin.isEmpty { out += " <small><bdi>\(e(origin.joined(separator: ", ")))</bdi></small>" }
            for segment in snippet {
                switch segment.kind {
                case .plain: text += e(segment.text)
                case .actor: text += "<mark class=\"a\">\(e(segment.text))</mark>"
                case .keyword: text += "<mark class=\"k\">\(e(segment.text))</mark>"
                }
            }
            out += "<p class=\"snippet\" \(dir(plain))>\(text)</p>"
        }
        out += "<p class=\"rec\"><bdi>\(e(alert.file))</bdi> <code>\(e(alert.id))</code> <code>\(e(alert.article))</code></p></li>\n"
    }

    static func actors(_ report: Report, into out: inout String) {
        out += "<section id=\"actors\"><h2>Most mentioned actors</h2>\n"
        guard !report.topActors.isEmpty else {
            out += "<p class=\"empty\">No known actors mentioned in this period.</p></section>\n"
            return
        }
        out += "<table><thead><tr><th>actor</th><th>type</th><th>mentions</th><th>articles</th></tr></thead><tbody>\n"
        for actor in report.topActors {
            out += "<tr><td \(dir(actor.name))>\(e(actor.name)) <code>\(e(actor.id))</code></td><td>\(e(actor.type ?? ""))</td><td>\(actor.mentions)</td><td>\(actor.articles)</td></tr>\n"
        }
        out += "</tbody></table></section>\n"
    }

    static func newNames(_ report: Report, into out: inout String) {
        out += "<section id=\"names\"><h2>Unlisted names</h2>\n"
        guard !report.newNames.isEmpty else {
            out += "<p class=\"empty\">No unlisted names in this period.</p></section>\n"
            return
        }
        out += "<table><thead><tr><th>name</th><th>type</th><th>mentions</th><th>articles</th><th>first seen</th></tr></thead><tbody>\n"
        for name in report.newNames {
            out += "<tr><td \(dir(name.name))>\(e(name.name))\(name.isNew ? " <span class=\"new\">new</span>" : "")</td><td>\(e(name.type ?? ""))</td>"
            out += "<td>\(name.mentions)</td><td>\(name.articles)</td><td>\(e(ReportFormat.minute(name.firstSeen))) <bdi>\(e(name.firstFile))</bdi></td></tr>\n"
        }
        out += "</tbody></table>\n"
        if report.moreNewNames > 0 { out += "<p class=\"note\">\(report.moreNewNames) more unlisted names are not shown.</p>\n" }
        out += "</section>\n"
    }

    static func footer(_ report: Report, into out: inout String) {
        out += "<footer><p>Read: " + (report.inputs.isEmpty ? "no log files" : report.inputs.map { "<code>\(e($0))</code>" }.joined(separator: ", ")) + ".</p>\n"
        if report.unreadableLines > 0 {
            out += "<p class=\"warn\">\(report.unreadableLines) log lines were not records this report understands and were skipped.</p>\n"
        }
        if report.missingArticles > 0 {
            out += "<p class=\"warn\">\(report.missingArticles) alerted articles have no record in the article logs read; the network uses their alerts' matched actors.</p>\n"
        }
        for damage in report.damagedHistory {
            out += "<p class=\"warn\">An older article log, read only to tell what is new, was not read to its end: \(e(damage)) New stories and names may include some seen before.</p>\n"
        }
        out += "</footer>\n"
    }

    static let css = """
        :root{--critical:#7f1d1d;--high:#dc2626;--medium:#d97706;--low:#0891b2;--info:#6b7280}
        body{font-family:system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem;color:#111;background:#fff;line-height:1.45}
        h1{margin:.2rem 0}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}h3{margin:.2rem 0;font-size:1.1rem}
        .figures{display:flex;flex-wrap:wrap;gap:.6rem}.card{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;min-width:6rem}
        .card b{display:block;font-size:1.6rem}.card span{display:block;font-weight:600}.card small{color:#555}
        .card.sev-critical b{color:var(--critical)}.card.sev-high b{color:var(--high)}.card.sev-medium b{color:var(--medium)}
        .card.sev-low b{color:var(--low)}.card.sev-info b{color:var(--info)}
        .story{border-left:4px solid var(--info);padding:.3rem .8rem;margin:.8rem 0;background:#fafafa}
        .story.sev-critical{border-color:var(--critical)}.story.sev-high{border-color:var(--high)}.story.sev-medium{border-color:var(--medium)}.story.sev-low{border-color:var(--low)}
        .meta{margin:.1rem 0;color:#444;font-size:.9rem}.story ul{list-style:none;padding:0;margin:.3rem 0}.story li{margin:.4rem 0}
        .sev{font-size:.75rem;text-transform:uppercase;font-weight:700;padding:0 .3rem;border-radius:3px;color:#fff;background:var(--info)}
        .sev-critical>.sev,.sev-critical .meta .sev{background:var(--critical)}.sev-high>.sev,.sev-high .meta .sev{background:var(--high)}
        .sev-medium>.sev,.sev-medium .meta .sev{background:var(--medium)}.sev-low>.sev,.sev-low .meta .sev{background:var(--low)}
        .new{font-size:.75rem;font-weight:700;color:#065f46;background:#d1fae5;padding:0 .3rem;border-radius:3px}
        .rep{font-size:.75rem;color:#555;border:1px solid #aaa;padding:0 .3rem;border-radius:3px}
        .snippet{margin:.2rem 0;font-size:1.05rem}.snippet[dir=rtl]{text-align:right}
        mark.k{background:#fde68a}mark.a{background:#bfdbfe}
        .rec{margin:0;font-size:.8rem;color:#555}code{font-size:.8rem;color:#333}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #eee;padding:.2rem .4rem;text-align:start}td[dir=rtl]{text-align:right}
        svg{max-width:100%;height:auto;display:block}.note{color:#555;font-size:.9rem}.warn{color:#b45309}.empty{color:#555;font-style:italic}
        footer{margin-top:2rem;color:#555;font-size:.85rem;border-top:1px solid #ddd}
        """
}

/// Shared text forms of the report's times.
enum ReportFormat {
    /// `2024-07-24 10:15` (UTC).
    static func minute(_ time: Timestamp) -> String {
        let text = time.description
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
