import Foundation
import SystemPackage

/// Reads a YAML configuration over the embedded defaults. Unknown keys and wrong types are errors naming the file,
/// line and key; nothing is silently ignored.
public enum ConfigLoader {
    /// The keys accepted at the top level of `watcherd.yaml`.
    static let topLevelKeys: Set<String> = [
        "drop_folder", "output", "state_folder", "processed_folder", "failed_folder", "disposition",
        "max_file_size", "fsync", "fsync_interval_ms", "ignore", "workers", "duplicates", "settle_ms",
        "reconcile_interval_s", "watch", "poll_interval_ms", "name_tagger", "log_level", "metrics_file", "metrics_interval_s", "gazetteers", "alerts", "parser_tables", "nats", "input",
    ]

    /// Loads the file at `path`, or the embedded defaults when `path` is nil.
    public static func load(path: String?) throws(ConfigError) -> WatcherConfig {
        guard let path else { return WatcherConfig() }
        return try parse(try ConfigText.read(path), file: path)
    }

    /// The `state_folder` a configuration file names, read leniently: for `watcherd reload`, which must find the
    /// daemon's answer even when the file has an error elsewhere (that error is what the daemon will report).
    public static func stateFolderHint(path: String) -> FilePath? {
        guard let text = try? ConfigText.read(path), let root = try? YAMLValue.parse(text, file: path),
              let members = try? root.members(allowed: topLevelKeys) else { return nil }
        guard let value = members.first(where: { $0.key == "state_folder" })?.value else { return WatcherConfig().stateFolder }
        return (try? value.string()).map { FilePath($0) }
    }

    /// Parses configuration text; an empty document means all defaults.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> WatcherConfig {
        var config = WatcherConfig()
        guard let root = try YAMLValue.parse(text, file: file), !root.isNull else { return config }
        var intervalMilliseconds: Int?
        var fsyncWord: String?
        var fsyncValue: YAMLValue?
        for (key, value) in try root.members(allowed: topLevelKeys) {
            switch key {
            case "drop_folder": config.dropFolder = try path(value)
            case "state_folder": config.stateFolder = try path(value)
            case "processed_folder": config.processedFolder = try path(value)
            case "failed_folder": config.failedFolder = try path(value)
            case "output":
                for (outputKey, outputValue) in try value.members(allowed: ["articles", "alerts"]) {
                    if outputKey == "articles" { config.articlesLog = try path(outputValue) }
                    else { config.alertsLog = try path(outputValue) }
                }
            case "disposition": config.disposition = try value.choice(Disposition.self)
            case "max_file_size": config.maxFileSize = try byteSize(value)
            case "fsync":
                fsyncWord = try value.string()
                fsyncValue = value
            case "fsync_interval_ms": intervalMilliseconds = try value.int(in: 1...60_000)
            case "ignore": config.ignore = try value.strings()
            case "workers": config.workers = try value.int(in: 0...256)
            case "duplicates": config.duplicates = try value.choice(DuplicatePolicy.self)
            case "settle_ms": config.settleMilliseconds = try value.int(in: 0...600_000)
            case "reconcile_interval_s": config.reconcileSeconds = try value.int(in: 1...86_400)
            case "watch": config.watch = try value.choice(WatchSetting.self)
            case "name_tagger": config.nameTagger = try value.bool()
            case "poll_interval_ms": config.pollIntervalMilliseconds = try value.int(in: 100...3_600_000)
            case "log_level": config.logLevel = try value.choice(LogLevelSetting.self)
            case "metrics_file": config.metricsFile = try path(value)
            case "metrics_interval_s": config.metricsIntervalSeconds = try value.int(in: 1...3_600)
            case "alerts": config.alerts = try alertSettings(value)
            case "nats": config.nats = try natsSettings(value)
            case "input": try inputSettings(value, into: &config)
            case "gazetteers":
                config.gazetteers = []
                for item in try value.list() { config.gazetteers.append(try path(item)) }
            case "parser_tables":
                var paths: [FilePath] = []
                for item in try value.list() { paths.append(try path(item)) }
                config.parserTables = paths
            default: break
            }
        }
        switch fsyncWord {
        case nil, "always": config.fsync = .always
        case "interval": config.fsync = .interval(milliseconds: intervalMilliseconds ?? 200)
        case let other?:
            throw fsyncValue!.error("'\(LogEscaping.escape(other))' is not one of: always | interval")
        }
        try validate(config, file: file)
        try validateInput(config, file: file)
        // A mistake in a parser table is reported now, with its own file and line, not when the first file arrives.
        _ = try ParserTables.load(paths: config.parserTables.map { PathText.display($0) })
        return config
    }

    /// Checks relations between keys that no single key can check.
    public static func validate(_ config: WatcherConfig, file: String) throws(ConfigError) {
        let drop = absolute(config.dropFolder)
        for (key, folder) in [("processed_folder", config.processedFolder), ("failed_folder", config.failedFolder),
                              ("state_folder", config.stateFolder)] {
            if absolute(folder).starts(with: drop) {
                throw ConfigError(
                    file: file, key: key,
                    reason: "must lie outside the drop folder \(PathText.display(drop)): files moved into the watched tree would be picked up again")
            }
        }
        for (key, log) in [("output.articles", config.articlesLog), ("output.alerts", config.alertsLog),
                           ("metrics_file", config.effectiveMetricsFile)] {
            if absolute(log).starts(with: drop) {
                throw ConfigError(
                    file: file, key: key,
                    reason: "must lie outside the drop folder \(PathText.display(drop)): the daemon would read its own output as articles")
            }
        }
        // Compared as absolute, normalised paths: «out/log.jsonl» and «./out/log.jsonl» are one file.
        let articles = absolute(config.articlesLog), alerts = absolute(config.alertsLog), metrics = absolute(config.effectiveMetricsFile)
        if articles == alerts {
            throw ConfigError(file: file, key: "output", reason: "articles and alerts must be different files (both are \(PathText.display(articles)))")
        }
        if metrics == articles || metrics == alerts {
            throw ConfigError(file: file, key: "metrics_file", reason: "must not be one of the output logs (\(PathText.display(metrics)))")
        }
    }

    /// Whether the hook program can be run by this process: checked where the daemon starts and by `check-config`,
    /// not when a configuration is read (read-only commands never run it, and a reload does not change it). A
    /// program that cannot run would fail every alert, each given up after its retries.
    public static func checkHook(_ settings: AlertSettings, file: String) throws(ConfigError) {
        guard let program = settings.hook?.command.first else { return }
        var info = stat()
        let missing = stat(program, &info) != 0
        if missing || (info.st_mode & S_IFMT) != S_IFREG || access(program, X_OK) != 0 {
            let reason = missing ? String(cString: strerror(errno)) : (info.st_mode & S_IFMT) != S_IFREG ? "not a file" : "not executable"
            throw ConfigError(file: file, key: "alerts.hook.command",
                              reason: "the hook program '\(LogEscaping.escape(program))' cannot be run (\(reason)): every alert would fail to reach it; install it or fix the path")
        }
    }

    /// `path` made absolute against the working directory and lexically normalised.
    public static func absolute(_ path: FilePath) -> FilePath {
        if path.isAbsolute { return path.lexicallyNormalized() }
        let cwd = FilePath(FileManager.default.currentDirectoryPath)
        return cwd.pushing(path).lexicallyNormalized()
    }

    static let alertKeys: Set<String> = ["watchlist", "rule_files", "rules", "cooldown_h", "repeats", "story_similarity", "hook"]

    static func alertSettings(_ value: YAMLValue) throws(ConfigError) -> AlertSettings {
        var settings = AlertSettings()
        for (key, member) in try value.members(allowed: alertKeys) {
            switch key {
            case "watchlist": settings.watchlist = try member.bool()
            case "rule_files":
                for item in try member.list() { settings.ruleFiles.append(try path(item)) }
            case "rules":
                _ = try member.list()  // read with line numbers by the rule loader, against the gazetteer
                settings.inlineRulesFile = member.file
            case "cooldown_h": settings.cooldownHours = try member.int(in: 0...8_760)
            case "repeats": settings.repeats = try member.choice(StoryMemory.RepeatPolicy.self)
            case "story_similarity":
                guard case .scalar = member.node, let number = member.node.float, (0.05...1).contains(number) else {
                    throw member.error("expected a number from 0.05 to 1 (the share of shingles two versions of a story share)")
                }
                settings.storySimilarity = number
            case "hook":
                var command: [String] = []
                var hook = HookSettings(command: [])
                for (hookKey, hookValue) in try member.members(allowed: ["command", "timeout_s", "concurrency", "retries", "queue_limit"]) {
                    switch hookKey {
                    case "command": command = try hookValue.strings()
                    case "timeout_s": hook.timeoutSeconds = try hookValue.int(in: 1...3_600)
                    case "concurrency": hook.concurrency = try hookValue.int(in: 1...64)
                    case "retries": hook.retries = try hookValue.int(in: 0...10)
                    default: hook.queueLimit = try hookValue.int(in: 1...1_000_000)
                    }
                }
                guard let program = command.first, !program.isEmpty else {
                    throw member.error("a hook needs a command: the program and its arguments as a list (no shell)")
                }
                guard program.hasPrefix("/") else {
                    throw member.error("the hook program must be an absolute path (no shell, no PATH lookup): '\(LogEscaping.escape(program))'")
                }
                hook.command = command
                settings.hook = hook
            default: break
            }
        }
        return settings
    }

    private static func path(_ value: YAMLValue) throws(ConfigError) -> FilePath {
        let text = try value.string()
        guard !text.isEmpty else { throw value.error("expected a path, got an empty text") }
        return FilePath(text)
    }

    /// Parses sizes such as `10MiB`, `512 KiB`, `2000000`.
    static func byteSize(_ value: YAMLValue) throws(ConfigError) -> Int {
        let text = try value.string().trimmingCharacters(in: .whitespaces)
        guard let size = ByteSize.parse(text), size > 0 else {
            throw value.error("'\(LogEscaping.escape(text))' is not a size; write e.g. 10MiB, 512KiB or 1048576")
        }
        return size
    }

    /// The operating system's sentence for a Foundation file error ("Permission denied"), else its description.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Errno(rawValue: Int32(underlying.code)).description
        }
        return nsError.localizedDescription
    }
}
