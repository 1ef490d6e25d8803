import ArgumentParser
import Foundation
import Watcher

/// `watcherd status`: a short summary read from the metrics file the daemon keeps in its state folder.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Summarise what a running (or the last) watcherd did, from its metrics file.",
        discussion: "Exits 0 when the metrics file is fresh, 3 when it is older than three write intervals (the daemon is probably not running), 1 when there is none."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let config = try options.configOrExit()
        let path = config.effectiveMetricsFile
        let metrics: MetricsFileReader
        do {
            metrics = try MetricsFileReader(path: path)
        } catch {
            printError("watcherd: no metrics at \(path) (\(error.localizedDescription)). Is watcherd running with this configuration?")
            throw ExitCode.failure
        }
        let age = Date().timeIntervalSince(metrics.modified)
        let fresh = age <= Double(config.metricsIntervalSeconds * 3)
        let summary = Summary(metrics: metrics, ageSeconds: age, fresh: fresh)
        if json {
            let data = try JSONSerialization.data(withJSONObject: summary.json, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(summary.text)
        }
        if !fresh { throw ExitCode(3) }
    }

    struct Summary {
        let metrics: MetricsFileReader
        let ageSeconds: Double
        let fresh: Bool

        func int(_ name: String) -> Int { Int(metrics.value(name) ?? 0) }

        var failures: [String: Int] {
            Dictionary(metrics.values("watcherd_files_failed_total").map { ($0.labels["reason"] ?? "?", Int($0.value)) }, uniquingKeysWith: +)
        }

        var alerts: [String: Int] {
            Dictionary(metrics.values("watcherd_alerts_total").map { ($0.labels["rule"] ?? "?", Int($0.value)) }, uniquingKeysWith: +)
        }

        var lastWrite: String? {
            let seconds = metrics.value("watcherd_last_write_timestamp_seconds") ?? 0
            return seconds > 0 ? Timestamp(milliseconds: Int64(seconds * 1000)).description : nil
        }

        var json: [String: Any] {
            [
                "running": fresh, "metrics_age_seconds": Int(ageSeconds),
                "files": ["processed": int("watcherd_files_processed_total"), "failed": failures,
                          "duplicates_skipped": int("watcherd_duplicates_skipped_total"), "seen": int("watcherd_files_seen_total")],
                "queue": ["waiting": int("watcherd_queue_depth"), "in_flight": int("watcherd_files_in_flight")],
                "alerts": alerts, "records": int("watcherd_records"), "last_write": lastWrite ?? NSNull(),
                "config_reloads": int("watcherd_config_reloads_total"), "config_reload_failures": int("watcherd_config_reload_failures_total"),
            ]
        }

        var text: String {
            var lines: [String] = []
            lines.append(fresh ? "watcherd is running (metrics \(Int(ageSeconds)) s old)" : "watcherd looks stopped: metrics are \(Int(ageSeconds)) s old")
            let failed = failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("files:   \(int("watcherd_files_processed_total")) processed, \(failures.values.reduce(0, +)) failed\(failed.isEmpty ? "" : " (\(failed))"), \(int("watcherd_duplicates_skipped_total")) duplicates skipped")
            lines.append("queue:   \(int("watcherd_queue_depth")) waiting, \(int("watcherd_files_in_flight")) in flight")
            let byRule = alerts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("alerts:  \(alerts.values.reduce(0, +))\(byRule.isEmpty ? "" : " (\(byRule))")")
            lines.append("records: \(int("watcherd_records")) in the ledger; last written \(lastWrite ?? "never")")
            lines.append("reloads: \(int("watcherd_config_reloads_total")) applied, \(int("watcherd_config_reload_failures_total")) refused")
            return lines.joined(separator: "\n")
        }
    }
}
