import ArgumentParser
import Logging
import SystemPackage
import Watcher

/// `watcherd process FILE...`: runs the pipeline once over the given files and prints their records.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Process files once and print their records to stdout, one JSON line each; nothing is moved or written.",
        discussion: """
            Files given together are grouped into stories among themselves (no state is read or kept), so rules \
            fire once per story as in the daemon. Exits 0 when every file gave an ok record, 2 when at least one \
            gave an error record.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("Article files to process.", valueName: "file"))
    var files: [String]

    @Flag(help: "Also print each alert (a JSON line with a \"rule\" field) after its article's record.")
    var showAlerts = false

    func run() async throws {
        let (config, pipeline) = try options.configAndPipelineOrExit()
        let reader = DropFileReader(maxFileSize: config.maxFileSize)
        let logger = Logger(label: "watcherd", factory: { _ in SwiftLogNoOpLogHandler() })
        let memory = try StoryMemory(stateFolder: nil, threshold: config.alerts.storySimilarity,
                                     cooldownHours: config.alerts.cooldownHours, policy: config.alerts.repeats, logger: logger)
        let alerting = AlertDispatcher(memory: memory, hook: nil, stats: nil, logger: logger)
        let showAlerts = self.showAlerts
        var failures = 0
        var output = StdoutBuffer()
        var pending = files[...]
        // Reading, the pipeline and the record's JSON run on the workers; story grouping and stdout in file order.
        try await OrderedParallel.run(workers: config.effectiveWorkers, next: {
            guard !pending.isEmpty else { return nil }
            defer { pending = pending.dropFirst(Self.chunk) }
            return Array(pending.prefix(Self.chunk))
        }, transform: { (file: String) -> (Pipeline.Result, [UInt8]) in
            let result = Self.process(file, reader: reader, pipeline: pipeline)
            return (result, result.record.jsonHead())
        }, consume: { processed in
            var result = processed.0
            if result.failure != nil { failures += 1 }
            let alerts = await alerting.prepare(&result)
            output.append(result.record.jsonLine(head: processed.1))
            if showAlerts, let alerts {
                for alert in alerts.lines { output.append(alert.line) }
            }
        })
        output.flush()
        if failures > 0 { throw ExitCode(2) }
    }

    /// Files handed to a worker at a time: enough to make a task's cost negligible, few enough to keep every core busy.
    private static let chunk = 8

    private static func process(_ file: String, reader: DropFileReader, pipeline: Pipeline) -> Pipeline.Result {
        let path = ConfigLoader.absolute(FilePath(file))
        let relative = FilePath(root: nil, path.lastComponent.map { [$0] } ?? [])
        switch reader.read(path, relativePath: relative) {
        case .vanished:
            return pipeline.rejection(path: path, relativePath: relative, error: IngestError(code: .unreadable, message: "The file does not exist."), size: nil)
        case .rejected(let error, let size):
            return pipeline.rejection(path: path, relativePath: relative, error: error, size: size)
        case .file(let dropped):
            return pipeline.process(dropped)
        }
    }
}
