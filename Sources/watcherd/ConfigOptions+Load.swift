import ArgumentParser
import SystemPackage
import Watcher

extension ConfigOptions {
    /// The configuration file (or the embedded defaults) with the command-line flags applied over it.
    func load() throws(ConfigError) -> WatcherConfig {
        var config = try ConfigLoader.load(path: self.config)
        try apply(to: &config)
        return config.resolvingPaths()
    }

    /// The pipeline for `config`: parser tables, gazetteer and rules, compiled (see ``Pipeline/init(config:)``).
    func pipeline(for config: WatcherConfig) throws(ConfigError) -> Pipeline {
        try Pipeline(config: config)
    }

    /// The configuration, or exit 1 with its first problem (file, line, key) on stderr.
    func configOrExit() throws -> WatcherConfig {
        do {
            return try load()
        } catch {
            printError("watcherd: invalid configuration: \(error)")
            throw ExitCode.failure
        }
    }

    /// Exit 1 when the hook program cannot run: for the commands that run the daemon or vouch for its configuration.
    func checkHookOrExit(_ config: WatcherConfig) throws {
        do {
            try ConfigLoader.checkHook(config.alerts, file: self.config ?? "<embedded>")
        } catch {
            printError("watcherd: invalid configuration: \(error)")
            throw ExitCode.failure
        }
    }

    /// The configuration and its compiled pipeline, or exit 1 with the first problem on stderr.
    func configAndPipelineOrExit() throws -> (WatcherConfig, Pipeline) {
        let config = try configOrExit()
        do {
            return (config, try pipeline(for: config))
        } catch {
            printError("watcherd: invalid configuration: \(error)")
            throw ExitCode.failure
        }
    }

    func apply(to config: inout WatcherConfig) throws(ConfigError) {
        if let dropFolder { config.dropFolder = FilePath(dropFolder) }
        if let articlesLog { config.articlesLog = FilePath(articlesLog) }
        if let alertsLog { config.alertsLog = FilePath(alertsLog) }
        if let stateFolder { config.stateFolder = FilePath(stateFolder) }
        if let processedFolder { config.processedFolder = FilePath(processedFolder) }
        if let failedFolder { config.failedFolder = FilePath(failedFolder) }
        if let workers {
            guard (0...256).contains(workers) else {
                throw ConfigError(file: "<command line>", key: "--workers", reason: "\(workers) is out of range; expected 0 to 256")
            }
            config.workers = workers
        }
        if let metricsInterval {
            guard (1...3_600).contains(metricsInterval) else {
                throw ConfigError(file: "<command line>", key: "--metrics-interval", reason: "\(metricsInterval) is out of range; expected 1 to 3600")
            }
            config.metricsIntervalSeconds = metricsInterval
        }
        if let logLevel {
            guard let level = LogLevelSetting(rawValue: logLevel) else {
                throw ConfigError(file: "<command line>", key: "--log-level", reason: "'\(logLevel)' is not one of: trace, debug, info, notice, warning, error, critical")
            }
            config.logLevel = level
        }
        // The file alone passed these checks when it was loaded: what fails now comes from the flags.
        try ConfigLoader.validate(config, file: self.config.map { "<command line, over \($0)>" } ?? "<command line>")
    }
}

extension ConfigError {
    /// Exits with a readable message instead of a stack of types.
    var asValidationError: ValidationError { ValidationError(description) }
}
