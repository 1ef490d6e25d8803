/// Everything the metrics file reports, gathered at one instant from the shared counters.
public struct MetricsSnapshot: Sendable {
    public let stats: PipelineStats
    public let queueDepth: Int
    public let inFlight: Int
    public let recorded: Int
    public let startedAt: Timestamp
    /// The NATS forwarder's counters, when `nats:` is configured.
    public let forwarder: ForwarderStats?

    public init(stats: PipelineStats, queueDepth: Int, inFlight: Int, recorded: Int, startedAt: Timestamp, forwarder: ForwarderStats? = nil) {
        self.stats = stats
        self.forwarder = forwarder
        self.queueDepth = queueDepth
        self.inFlight = inFlight
        self.recorded = recorded
        self.startedAt = startedAt
    }

    /// The Prometheus text of this snapshot.
    public func render() -> String {
        var p = PrometheusTextFormat()
        let s = stats
        p.single("watcherd_start_time_seconds", type: "gauge", help: "When the daemon started, in seconds since the epoch.", Double(startedAt.milliseconds) / 1000)
        p.single("watcherd_files_seen_total", type: "counter", help: "Files reported in the drop folder by inotify.", Double(s.filesSeen.load(ordering: .relaxed)))
        p.single("watcherd_files_processed_total", type: "counter", help: "Files recorded with status ok.", Double(s.filesProcessed.load(ordering: .relaxed)))
        let failures = s.failuresByCode.sorted { $0.key < $1.key }
        p.family("watcherd_files_failed_total", type: "counter", help: "Files recorded with status error and quarantined, by reason.",
                 samples: failures.map { ([("reason", $0.key)], Double($0.value)) })
        let warnings = s.extractionWarningsByKind.sorted { $0.key < $1.key }
        p.family("watcherd_extraction_warnings_total", type: "counter", help: "Articles recorded with an extraction warning (body_empty, body_small_share, no_title, no_date, tail_cut, prose_left_out), by warning.",
                 samples: warnings.map { ([("warning", $0.key)], Double($0.value)) })
        let entities = s.entitiesBySource.sorted { ($0.key.source, $0.key.known ? 1 : 0) < ($1.key.source, $1.key.known ? 1 : 0) }
        p.family("watcherd_entities_total", type: "counter", help: "Entities in recorded articles, by what found them (gazetteer, tagger, trigger) and whether the gazetteer lists them.",
                 samples: entities.map { ([("source", $0.key.source), ("known", $0.key.known ? "true" : "false")], Double($0.value)) })
        p.single("watcherd_reads_postponed_total", type: "counter", help: "Reads put off because the file could not be read for now (too many open files, no memory, an I/O error) or changed while it was read; the file stays in the drop folder.", Double(s.readsPostponed.load(ordering: .relaxed)))
        p.single("watcherd_duplicates_skipped_total", type: "counter", help: "Files whose exact bytes were recorded before, not recorded again.", Double(s.duplicatesSkipped.load(ordering: .relaxed)))
        let alerts = s.alertsByRule.sorted { ($0.key.rule, $0.key.severity) < ($1.key.rule, $1.key.severity) }
        p.family("watcherd_alerts_total", type: "counter", help: "Alerts written, by rule and severity.",
                 samples: alerts.map { ([("rule", $0.key.rule), ("severity", $0.key.severity)], Double($0.value)) })
        p.single("watcherd_queue_depth", type: "gauge", help: "Files waiting to be processed.", Double(queueDepth))
        p.single("watcherd_files_in_flight", type: "gauge", help: "Files being processed.", Double(inFlight))
        let histogram = s.durationHistogram
        p.histogram("watcherd_processing_duration_seconds", help: "Time from taking a file to disposing of it.",
                    bounds: PipelineStats.durationBuckets, cumulativeCounts: histogram.counts, sum: histogram.sum, count: histogram.total)
        p.single("watcherd_bytes_processed_total", type: "counter", help: "Bytes of files read and processed.", Double(s.bytesProcessed.load(ordering: .relaxed)))
        p.single("watcherd_records", type: "gauge", help: "Distinct records in the ledger (all runs).", Double(recorded))
        p.single("watcherd_gazetteer_actors", type: "gauge", help: "Actors in the gazetteer in force.", Double(s.gazetteerSize.load(ordering: .relaxed)))
        p.single("watcherd_last_write_timestamp_seconds", type: "gauge", help: "When a record was last made durable, in seconds since the epoch (0: never).", Double(s.lastWriteMilliseconds.load(ordering: .relaxed)) / 1000)
        p.single("watcherd_output_disk_full", type: "gauge", help: "Whether record writes fail because the output disk is full (then 1); files wait in the drop folder.", s.outputDiskFull.load(ordering: .relaxed) ? 1 : 0)
        p.single("watcherd_recording_stopped", type: "gauge", help: "Whether an fsync of the output logs failed (then 1): nothing more is recorded until watcherd restarts; files wait in the drop folder.", s.recordingStopped.load(ordering: .relaxed) ? 1 : 0)
        p.single("watcherd_process_id", type: "gauge", help: "The daemon's process id, for watcherd status to tell whether it still runs.", Double(Syscalls.processID))
        p.single("watcherd_write_failures_no_space_total", type: "counter", help: "Record writes that failed for lack of space and were cut back; their files are retried.", Double(s.writesFailedNoSpace.load(ordering: .relaxed)))
        p.single("watcherd_future_mtime_files_total", type: "counter", help: "Files whose modification time was in the future (clock skew), read once seen unchanged.", Double(s.futureModificationTimes.load(ordering: .relaxed)))
        p.single("watcherd_config_reloads_total", type: "counter", help: "Configuration reloads applied (SIGHUP).", Double(s.configReloads.load(ordering: .relaxed)))
        p.single("watcherd_config_reload_failures_total", type: "counter", help: "Configuration reloads refused because of an error.", Double(s.configReloadFailures.load(ordering: .relaxed)))
        forwarder?.render(into: &p, now: .now())
        return p.rendered
    }

    /// One line for systemd's STATUS=.
    public var statusLine: String {
        let processed = stats.filesProcessed.load(ordering: .relaxed)
        let failed = stats.filesFailed.load(ordering: .relaxed)
        let alerts = stats.alertsRaised.load(ordering: .relaxed)
        var line = "\(processed) processed, \(failed) failed, \(alerts) alerts, \(queueDepth) queued, \(inFlight) in flight"
        if stats.outputDiskFull.load(ordering: .relaxed) { line = "DISK FULL: records cannot be written, files wait in the drop folder; " + line }
        if stats.recordingStopped.load(ordering: .relaxed) {
            line = "RECORDING STOPPED: an fsync of the output logs failed, files wait in the drop folder until a restart; " + line
        }
        return line
    }
}
