import ArgumentParser
import Watcher

/// `watcherd check-config`: validates a configuration without starting anything.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a configuration file and print the settings it results in.",
        discussion: "Exits 0 when the configuration is valid, 1 with the file, line and key of the first problem otherwise."
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let (config, pipeline) = try options.configAndPipelineOrExit()
        try options.checkHookOrExit(config)
        print("configuration OK (\(options.config ?? "embedded defaults"))")
        print("  drop folder:      \(config.dropFolder)")
        let watch = WatchDecision.decide(config.watch, folder: ConfigLoader.absolute(config.dropFolder))
        print("  watching:         \(watch.mode.rawValue)\(watch.mode == .poll ? " every \(config.pollIntervalMilliseconds) ms" : "") (\(watch.reason))")
        print("  article log:      \(config.articlesLog)")
        print("  alert log:        \(config.alertsLog)")
        print("  state folder:     \(config.stateFolder)")
        print("  processed folder: \(config.processedFolder) (disposition: \(config.disposition.rawValue))")
        print("  failed folder:    \(config.failedFolder)")
        print("  max file size:    \(config.maxFileSize) bytes")
        print("  workers:          \(config.effectiveWorkers)")
        print("  gazetteer:        \(pipeline.recognizer?.gazetteer.actors.count ?? 0) actors (embedded + \(config.gazetteers.count) files)")
        print("  name tagger:      \(pipeline.recognizer?.tagger == nil ? "off (name_tagger: false)" : "on (name_tagger: false turns it off)")")
        let sources = (config.alerts.watchlist ? ["the embedded watchlist"] : []) + config.alerts.ruleFiles.map(\.string)
            + (config.alerts.inlineRulesFile == nil ? [] : ["alerts.rules"])
        let ruleCount = pipeline.rules.rules.count
        print("  rules:            \(ruleCount) (from \(sources.isEmpty ? "nothing" : sources.joined(separator: ", ")))"
              + (ruleCount == 0 ? "; no alert will be raised" : ""))
        let tables = config.parserTables.isEmpty ? "embedded only" : config.parserTables.map(\.string).joined(separator: ", ")
        print("  parser tables:    \(tables)")
        if let nats = config.nats {
            let auth = nats.credentialsFile.map { "credentials \($0)" } ?? (nats.token != nil ? "token" : nats.endpoint.credentialsInURL ? "in the URL" : "none")
            print("  nats servers:     \(nats.endpoint.displayServers) (auth: \(auth)\(nats.tlsCA.map { ", TLS CA \($0)" } ?? ""))")
            print("  nats streams:     \(nats.articlesStream) <- \(nats.articlesSubject), \(nats.alertsStream) <- \(nats.subjectPrefix).alerts.> (replicas \(nats.replicas), duplicate window \(nats.duplicateWindowSeconds) s)")
            print(config.inputFromNats
                ? "  input.nats:       files also come from \(nats.workStream) <- \(nats.workSubject) (consumer \(nats.consumer), ack wait \(nats.ackWaitSeconds) s)"
                : "  input.nats:       off (the drop folder only)")
        } else {
            print("  nats:             not configured (nothing is published)")
        }
    }
}

/// Prints to stderr.
func printError(_ message: String) {
    var standardError = StandardError()
    print(message, to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleOutput.writeStderr(string)
    }
}
