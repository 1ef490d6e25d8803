import Foundation
import Testing

/// `watcherd report` over logs the real daemon wrote from the seeds.
@Suite(.serialized)
struct ReportIntegrationTests {
    @Test func theSeedsReportNamesEveryAlertAndItsRecord() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let seeds = try FileManager.default.contentsOfDirectory(atPath: DaemonHarness.packageRoot.appendingPathComponent("seeds").path).sorted()
        for seed in seeds {
            try daemon.dropAtomically(seed, Data(contentsOf: DaemonHarness.packageRoot.appendingPathComponent("seeds/\(seed)")))
        }
        try daemon.waitForRecords(seeds.count)
        #expect(try daemon.stop() == 0)
        let alerts = daemon.records(daemon.alerts)
        #expect(alerts.count >= 5)

        let reports = daemon.root.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let logs = ["--articles", daemon.articles.path, "--alerts", daemon.alerts.path]
        let written = try runWatcherd(["report"] + logs + ["--out-dir", reports.path])
        #expect(written.exitCode == 0, "\(written.output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: reports.path)
        #expect(names.count == 1 && names[0].range(of: #"^\d{4}-\d{2}-\d{2}\.html$"#, options: .regularExpression) != nil, "\(names)")
        let html = try String(contentsOf: reports.appendingPathComponent(names[0]), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for alert in alerts {
            #expect(html.contains(alert["id"] as! String))
            #expect(html.contains(alert["article"] as! String))
            #expect(html.contains(alert["rule"] as! String))
        }
        #expect(html.contains("<b>\(seeds.count)</b><span>Articles</span>"))
        #expect(html.contains("<b>\(alerts.count)</b><span>Alerts</span>"))
        #expect(html.contains("<mark class=\"k\">"))
        #expect(html.contains("<mark class=\"a\">"))

        let markdown = try runWatcherd(["report", "--format", "md"] + logs)
        #expect(markdown.exitCode == 0)
        #expect(markdown.output.contains("**Alerts** \(alerts.count)"))

        // A period before the logs: the same files, no alerts.
        let empty = try runWatcherd(["report", "--until", "2001-01-02", "--since", "24h"] + logs)
        #expect(empty.exitCode == 0)
        #expect(empty.output.contains("No alerts in this period."))

        let bad = try runWatcherd(["report", "--since", "yesterday"] + logs)
        #expect(bad.exitCode != 0)
        #expect(bad.output.contains("--since takes"))
    }
}
