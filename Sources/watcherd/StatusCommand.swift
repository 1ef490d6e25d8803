import ArgumentParser
import Foundation
import Watcher

/// `watcherd status`: a short summary read from the metrics file the daemon keeps in its state folder.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Summarise what a running (or the last) watcherd did, from its metrics file.",
        discussion: "Exits 0 when the daemon runs and records, 3 when it is not running (the process its metrics name is gone; for metrics that name none, when they are older than three write intervals), 4 when it runs but cannot record or report (the output disk is full, an fsync of the logs failed, or its metrics are stale), 1 when there are no metrics."
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
        // The daemon names its process: after a kill -9 the metrics stay fresh for three intervals, the process not;
        // and a live daemon whose metrics cannot be written (a full disk) is not taken for a dead one.
        let pid = metrics.value("watcherd_process_id").flatMap { Int32(exactly: $0.rounded(.towardZero)) }
        let alive = pid.map(Self.isAlive)
        let stale = age > Double(config.metricsIntervalSeconds * 3)
        let fresh = alive ?? !stale
        let summary = Summary(metrics: metrics, ageSeconds: age, fresh: fresh, gone: alive == false, stale: stale)
        if json {
            let data = try JSONSerialization.data(withJSONObject: summary.json, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(summary.text)
        }
        if !fresh { throw ExitCode(3) }
        if !summary.faults.isEmpty { throw ExitCode(4) }
    }

    /// Whether process `pid` runs: it exists, is not a zombie waiting for its parent, and, where its name can be read,
    /// is a watcherd: named so, or named as this command's own binary (installed under another name). A pid reused
    /// by another program (after a reboot) is not taken for the daemon.
    static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, Syscalls.processExists(pid) else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return true }
        guard stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z" else { return false }
        return isWatcherd(named: stat[stat.index(after: open)..<close])
    }

    /// Whether a process name (`/proc/PID/comm` or the name in `/proc/PID/stat`) is a watcherd's: `watcherd…`, or
    /// this command's own binary's, installed under another name. `status` and `reload` both go by it.
    static func isWatcherd<S: StringProtocol>(named name: S) -> Bool {
        let own = (try? String(contentsOfFile: "/proc/self/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return name.hasPrefix("watcherd") || own.map { name == $0 } == true
    }

    struct Summary {
        let metrics: MetricsFileReader
        let ageSeconds: Double
        let fresh: Bool
        /// The process the metrics name is gone.
        var gone = false
        /// The metrics are older than three write intervals.
        var stale = false

        /// Conditions that stop recording, worded for the person reading `status`.
        var faults: [String] {
            var found: [String] = []
            if int("watcherd_recording_stopped") == 1 {
                found.append("RECORDING STOPPED: an fsync of the output logs failed. Files wait in the drop folder; check the disk (dmesg, free space), then restart watcherd")
            }
            if int("watcherd_output_disk_full") == 1 {
                found.append("DISK FULL: records cannot be written to the output disk. Files wait in the drop folder and are recorded once space is freed")
            }
            // Not before a first connection with nothing waiting, nor while a stopping daemon closes it.
            if let nats, fresh, nats.state == "disconnected" || nats.state == "reconnecting",
               nats.lag.values.contains(where: { $0.records > 0 }) {
                let waiting = nats.lag.sorted { $0.key < $1.key }.map { "\($0.value.records) \($0.key)" }.joined(separator: ", ")
                found.append("NATS \(nats.state.uppercased()): nothing is being published; \(waiting.isEmpty ? "records" : waiting) wait in the logs and go out once the server answers (see the journal for why)")
            }
            if fresh && stale {
                found.append("METRICS STALE: the daemon runs but has not written its metrics for \(Int(ageSeconds)) s; is the disk of its state folder full? These figures are that old")
            }
            return found
        }

        /// Things lost or set aside since the daemon started, worded for the reader: shown, but they do not make the
        /// exit status 4 (they are counts of the past, not the state now).
        var notes: [String] {
            var found: [String] = []
            if int("watcherd_nats_abandoned_files_total") > 0 {
                found.append("NATS: \(int("watcherd_nats_abandoned_files_total")) rotated logs were gone before all their lines were published; those lines are not on the stream (keep one uncompressed rotation: delaycompress)")
            }
            if int("watcherd_nats_log_restarts_total") > 0 {
                found.append("NATS: a log was truncated or replaced in place \(int("watcherd_nats_log_restarts_total")) times and read again from its start; lines written in between may be missing from the stream (use logrotate's create, not copytruncate)")
            }
            if int("watcherd_nats_oversized_total") > 0 {
                found.append("NATS: \(int("watcherd_nats_oversized_total")) records were larger than NATS takes (the server's max_payload or the stream's max_msg_size); each was published as a notice naming it (raise the limit the journal names to carry them whole)")
            }
            return found
        }

        /// A sample as an integer; 0 when absent or not a finite number in range (a damaged file).
        func int(_ name: String) -> Int { Int(exactly: (metrics.value(name) ?? 0).rounded(.towardZero)) ?? 0 }

        var failures: [String: Int] {
            Dictionary(metrics.values("watcherd_files_failed_total").map { ($0.labels["reason"] ?? "?", Int($0.value)) }, uniquingKeysWith: +)
        }

        var alerts: [String: Int] {
            Dictionary(metrics.values("watcherd_alerts_total").map { ($0.labels["rule"] ?? "?", Int($0.value)) }, uniquingKeysWith: +)
        }

        /// Entities of recorded articles: how many the gazetteer lists, how many it does not, and by what found them.
        var entities: (known: Int, unknown: Int, bySource: [String: Int]) {
            var result = (known: 0, unknown: 0, bySource: [String: Int]())
            for sample in metrics.values("watcherd_entities_total") {
                if sample.labels["known"] == "true" { result.known += Int(sample.value) } else { result.unknown += Int(sample.value) }
                result.bySource[sample.labels["source"] ?? "?", default: 0] += Int(sample.value)
            }
            return result
        }

        var lastWrite: String? {
            let seconds = metrics.value("watcherd_last_write_timestamp_seconds") ?? 0
            return seconds > 0 ? Timestamp(milliseconds: Int64(seconds * 1000)).description : nil
        }

        /// The NATS forwarder's state, when the daemon publishes (its metrics are present).
        var nats: (state: String, lag: [String: (records: Int, seconds: Double)], published: [String: Int], lastAck: String?)? {
            let states = metrics.values("watcherd_nats_connection_state")
            guard !states.isEmpty else { return nil }
            let state = states.first { $0.value == 1 }?.labels["state"] ?? "unknown"
            var lag: [String: (records: Int, seconds: Double)] = [:]
            for sample in metrics.values("watcherd_nats_lag_records") { lag[sample.labels["log"] ?? "?", default: (0, 0)].records = Int(sample.value) }
            for sample in metrics.values("watcherd_nats_lag_seconds") { lag[sample.labels["log"] ?? "?", default: (0, 0)].seconds = sample.value }
            let published = Dictionary(metrics.values("watcherd_nats_published_total").map { ($0.labels["log"] ?? "?", Int($0.value)) }, uniquingKeysWith: +)
            let ack = metrics.value("watcherd_nats_last_ack_timestamp_seconds") ?? 0
            return (state, lag, published, ack > 0 ? Timestamp(milliseconds: Int64(ack * 1000)).description : nil)
        }

        var json: [String: Any] {
            let found = entities
            var object: [String: Any] = [
                "running": fresh, "metrics_age_seconds": Int(ageSeconds), "process_gone": gone, "metrics_stale": fresh && stale,
                "recording_stopped": int("watcherd_recording_stopped") == 1, "output_disk_full": int("watcherd_output_disk_full") == 1,
                "files": ["processed": int("watcherd_files_processed_total"), "failed": failures,
                          "duplicates_skipped": int("watcherd_duplicates_skipped_total"), "seen": int("watcherd_files_seen_total")],
                "queue": ["waiting": int("watcherd_queue_depth"), "in_flight": int("watcherd_files_in_flight")],
                "alerts": alerts, "records": int("watcherd_records"), "last_write": lastWrite ?? NSNull(),
                "entities": ["known": found.known, "unknown": found.unknown, "by_source": found.bySource] as [String: Any],
                "config_reloads": int("watcherd_config_reloads_total"), "config_reload_failures": int("watcherd_config_reload_failures_total"),
            ]
            if let nats {
                object["nats"] = [
                    "connection": nats.state, "last_ack": nats.lastAck ?? NSNull(), "published": nats.published,
                    "lag": nats.lag.mapValues { ["records": $0.records, "seconds": $0.seconds] },
                    "publish_failures": int("watcherd_nats_publish_failures_total"), "abandoned_files": int("watcherd_nats_abandoned_files_total"),
                    "oversized": int("watcherd_nats_oversized_total"), "log_restarts": int("watcherd_nats_log_restarts_total"),
                ] as [String: Any]
            }
            return object
        }

        var text: String {
            var lines: [String] = []
            if gone && stale {
                lines.append("watcherd looks stopped: metrics are \(Int(ageSeconds)) s old and process \(int("watcherd_process_id")) is gone")
            } else if gone {
                lines.append("watcherd is not running: process \(int("watcherd_process_id")) named by its metrics is gone (metrics \(Int(ageSeconds)) s old)")
            } else {
                lines.append(fresh ? "watcherd is running (metrics \(Int(ageSeconds)) s old)" : "watcherd looks stopped: metrics are \(Int(ageSeconds)) s old")
            }
            lines += faults
            lines += notes
            let failed = failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("files:   \(int("watcherd_files_processed_total")) processed, \(failures.values.reduce(0, +)) failed\(failed.isEmpty ? "" : " (\(failed))"), \(int("watcherd_duplicates_skipped_total")) duplicates skipped")
            lines.append("queue:   \(int("watcherd_queue_depth")) waiting, \(int("watcherd_files_in_flight")) in flight")
            let byRule = alerts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("alerts:  \(alerts.values.reduce(0, +))\(byRule.isEmpty ? "" : " (\(byRule))")")
            let found = entities
            let unlisted = found.bySource.filter { $0.key != "gazetteer" && $0.value > 0 }.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("entities: \(found.known) listed, \(found.unknown) unlisted\(unlisted.isEmpty ? "" : " (\(unlisted))") in the articles recorded since start")
            lines.append("records: \(int("watcherd_records")) in the ledger; last written \(lastWrite ?? "never")")
            lines.append("reloads: \(int("watcherd_config_reloads_total")) applied, \(int("watcherd_config_reload_failures_total")) refused")
            if let nats {
                let lag = nats.lag.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.records) records / \(Int($0.value.seconds)) s" }.joined(separator: ", ")
                let published = nats.published.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                lines.append("nats:    \(nats.state); published \(published); lag \(lag); last ack \(nats.lastAck ?? "never")")
            }
            return lines.joined(separator: "\n")
        }
    }
}
