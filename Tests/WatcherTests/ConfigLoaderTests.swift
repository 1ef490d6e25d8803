import Testing
import Watcher

@Suite struct ConfigLoaderTests {
    @Test func emptyDocumentGivesEmbeddedDefaults() throws {
        let config = try ConfigLoader.parse("", file: "w.yaml")
        #expect(config == WatcherConfig())
        #expect(config.dropFolder == "./drop")
        #expect(config.articlesLog == "./out/articles.jsonl")
        #expect(config.maxFileSize == 10 * 1024 * 1024)
        #expect(config.disposition == .move)
        #expect(config.fsync == .always)
        #expect(config.duplicates == .skip)
    }

    @Test func everyKeyIsRead() throws {
        let yaml = """
            drop_folder: /srv/drop
            output:
              articles: /srv/out/a.jsonl
              alerts: /srv/out/b.jsonl
            state_folder: /srv/state
            processed_folder: /srv/done
            failed_folder: /srv/bad
            disposition: delete
            max_file_size: 2MiB
            fsync: interval
            fsync_interval_ms: 250
            ignore: ["*.partial"]
            workers: 3
            duplicates: record
            settle_ms: 500
            reconcile_interval_s: 30
            log_level: debug
            """
        let config = try ConfigLoader.parse(yaml, file: "w.yaml")
        #expect(config.dropFolder == "/srv/drop")
        #expect(config.alertsLog == "/srv/out/b.jsonl")
        #expect(config.disposition == .delete)
        #expect(config.maxFileSize == 2 * 1024 * 1024)
        #expect(config.fsync == .interval(milliseconds: 250))
        #expect(config.ignore == ["*.partial"])
        #expect(config.workers == 3)
        #expect(config.duplicates == .record)
        #expect(config.settleMilliseconds == 500)
        #expect(config.reconcileSeconds == 30)
        #expect(config.logLevel == .debug)
    }

    @Test func unknownKeyNamesFileLineAndKey() {
        let yaml = "drop_folder: /srv/drop\noutput:\n  articels: /x.jsonl\n"
        #expect {
            try ConfigLoader.parse(yaml, file: "bad.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == "bad.yaml" && error.line == 3 && error.key == "output.articels"
                && error.description.contains("bad.yaml:3") && error.reason.contains("unknown key")
        }
    }

    @Test func wrongTypeNamesTheKey() {
        #expect {
            try ConfigLoader.parse("workers: many\n", file: "c.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.key == "workers" && error.line == 1 && error.reason.contains("whole number")
        }
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("disposition: archive\n", file: "c.yaml") }
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("max_file_size: lots\n", file: "c.yaml") }
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("fsync: sometimes\n", file: "c.yaml") }
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("workers: 9999\n", file: "c.yaml") }
    }

    @Test func syntaxErrorHasALine() {
        #expect {
            try ConfigLoader.parse("drop_folder: [unclosed\nworkers: 2\n", file: "s.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.line > 0 && error.reason.contains("YAML")
        }
    }

    @Test func outputsInsideTheDropFolderAreRefused() {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("drop_folder: /srv/drop\nprocessed_folder: /srv/drop/done\n", file: "c.yaml") }
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("drop_folder: /srv/drop\noutput:\n  articles: /srv/drop/a.jsonl\n", file: "c.yaml") }
        // The metrics file too: the daemon would take its own metrics for articles every few seconds.
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("drop_folder: /srv/drop\nmetrics_file: /srv/drop/w.prom\n", file: "c.yaml") }
    }

    @Test func aRepeatedKeyIsNamedWhereItIsRepeated() {
        let top = #expect(throws: ConfigError.self) { try ConfigLoader.parse("# settings\nworkers: 1\nfsync: always\nworkers: 2\n", file: "c.yaml") }
        #expect(top?.line == 4 && top?.key == "workers" && top?.reason.contains("first on line 2") == true)
        let nested = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("workers: 1\n\nalerts:\n  cooldown_h: 1\n  repeats: record\n  cooldown_h: 2\n", file: "c.yaml")
        }
        #expect(nested?.line == 6 && nested?.column == 3 && nested?.key == "alerts.cooldown_h")
        // Inside a list of rules, indented under its key or flush with it: the element is named by its index.
        let rule = "alerts:\n  rules:\n    - id: a\n      severity: low\n      when: {keywords: [x]}\n    - id: b\n      severity: low\n      when: {keywords: [y]}\n      severity: high\n"
        let inList = #expect(throws: ConfigError.self) { try ConfigLoader.parse(rule, file: "c.yaml") }
        #expect(inList?.line == 9 && inList?.key == "alerts.rules[1].severity")
        let flush = rule.replacingOccurrences(of: "\n    ", with: "\n  ")
        let flushList = #expect(throws: ConfigError.self) { try ConfigLoader.parse(flush, file: "c.yaml") }
        #expect(flushList?.line == 9 && flushList?.key == "alerts.rules[1].severity")
    }

    @Test func aHookProgramThatCannotRunIsRefused() throws {
        // Read-only commands load the configuration too and never run the hook: only the daemon and check-config ask.
        func check(_ program: String) throws -> ConfigError? {
            let config = try ConfigLoader.parse("alerts:\n  hook:\n    command: [\(program)]\n", file: "c.yaml")
            do { try ConfigLoader.checkHook(config.alerts, file: "c.yaml"); return nil } catch { return error }
        }
        #expect(try check("/opt/no-such-dir/send-alert.sh")?.reason.contains("cannot be run (No such file or directory)") == true)
        #expect(try check("/etc/passwd")?.reason.contains("not executable") == true)
        #expect(try check("/usr/bin")?.reason.contains("not a file") == true)
        #expect(try check("/bin/cat") == nil)
    }

    @Test func oneFileSpeltTwoWaysIsOneFile() {
        // Articles and alerts in one file would mix the two kinds of line; a restart would redeliver a record as an alert.
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("output:\n  articles: out/log.jsonl\n  alerts: ./out/log.jsonl\n", file: "c.yaml") }
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("output:\n  articles: /srv/out/a.jsonl\n  alerts: /srv/out/x/../a.jsonl\n", file: "c.yaml") }
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("output:\n  articles: /srv/out/a.jsonl\nmetrics_file: /srv/out/./a.jsonl\n", file: "c.yaml") }
        #expect((try? ConfigLoader.parse("output:\n  articles: out/a.jsonl\n  alerts: out/b.jsonl\n", file: "c.yaml")) != nil)
    }

    @Test func byteSizes() {
        #expect(ByteSize.parse("10MiB") == 10 * 1024 * 1024)
        #expect(ByteSize.parse("512 KiB") == 512 * 1024)
        #expect(ByteSize.parse("1GB") == 1_000_000_000)
        #expect(ByteSize.parse("2000") == 2000)
        #expect(ByteSize.parse("ten") == nil)
    }
}
