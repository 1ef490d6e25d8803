import ArgumentParser
import Foundation
import Logging
import SystemPackage
import Watcher

/// `watcherd process FILE|FOLDER...`: runs the pipeline once over the given files and prints their records.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Process files once and print their records to stdout, one JSON line each; nothing is moved or written.",
        discussion: """
            A folder stands for every file below it, in name order, with the ignore patterns of the drop folder. \
            For archives of many thousand files, give the folder or \
            --files-from rather than a glob: a long argument list is slow to parse. \
            Files given together are grouped into stories among themselves (no state is read or kept), so rules \
            fire once per story as in the daemon. Exits 0 when every file gave an ok record, 2 when at least one \
            gave an error record or a folder or list could not be read.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("Article files, or folders of them, to process.", valueName: "file-or-folder"))
    var files: [String] = []

    @Option(help: ArgumentHelp("Also process the paths listed in this file, one per line (- reads them from stdin).", valueName: "list"))
    var filesFrom: String?

    func validate() throws {
        if files.isEmpty && filesFrom == nil { throw ValidationError("Give the files or folders to process, or --files-from LIST.") }
    }

    @Flag(help: "Also print each alert (a JSON line with a \"rule\" field) after its article's record.")
    var showAlerts = false

    @Flag(help: "Instead of records, print for each file every block the parser saw: its prose score and why it was kept or removed.")
    var explain = false

    func run() async throws {
        let (config, pipeline) = try options.configAndPipelineOrExit()
        let reader = DropFileReader(maxFileSize: config.maxFileSize)
        let logger = Logger(label: "watcherd", factory: { _ in SwiftLogNoOpLogHandler() })
        let memory = try StoryMemory(stateFolder: nil, threshold: config.alerts.storySimilarity,
                                     cooldownHours: config.alerts.cooldownHours, policy: config.alerts.repeats, logger: logger)
        let alerting = AlertDispatcher(memory: memory, hook: nil, stats: nil, logger: logger)
        let showAlerts = self.showAlerts
        var failures = 0
        // From argv's bytes, not the parsed strings: a name that is not UTF-8 must still name its file.
        let argv = (0..<Int(CommandLine.argc)).map { index in
            CommandLine.unsafeArgv[index].map { Array(UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: strlen($0))) } ?? []
        }
        var arguments = FileArguments.rawPaths(files, argv: argv)
        if let filesFrom {
            let list = filesFrom == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: filesFrom)
            guard let list else {
                FileHandleOutput.writeStderr("watcherd: the list \(filesFrom) cannot be read; no file was processed.\n")
                throw ExitCode(2)
            }
            arguments += FileArguments.lines(of: [UInt8](list))
        }
        let (inputs, problems) = FileArguments.expand(arguments, ignore: IgnoreRules(patterns: config.ignore), absolute: ConfigLoader.absolute)
        for problem in problems { FileHandleOutput.writeStderr("watcherd: \(problem)\n") }
        failures += problems.count
        if explain {
            for input in inputs { failures += explainFile(input, pipeline: pipeline, reader: reader) }
            try FileHandleOutput.requireStdoutWritten("the explanation")
            if failures > 0 { throw ExitCode(2) }
            return
        }
        var output = StdoutBuffer()
        // Extraction warnings, written to stderr 64 KiB at a time: one write per article cost 2% of the command on an
        // archive where most articles have one (no date). The record carries the same warnings.
        var warnings: [UInt8] = []
        defer { if !warnings.isEmpty { FileHandleOutput.writeStderr(warnings) } }
        var pending = inputs[...]
        // Reading, the pipeline and the record's JSON run on the workers; story grouping and stdout in file order.
        try await OrderedParallel.run(workers: config.effectiveWorkers, next: {
            guard !pending.isEmpty else { return nil }
            defer { pending = pending.dropFirst(Self.chunk) }
            return Array(pending.prefix(Self.chunk))
        }, transform: { (input: FileArguments.Input) -> (Pipeline.Result, [UInt8]) in
            let result = Self.process(input, reader: reader, pipeline: pipeline)
            return (result, result.record.jsonHead())
        }, consume: { processed in
            var result = processed.0
            if result.failure != nil { failures += 1 }
            if let extraction = result.record.article?.extraction, !extraction.warnings.isEmpty {
                warnings += "watcherd: \(result.record.file.name): extraction may be incomplete (\(extraction.warnings.map(\.rawValue).joined(separator: ", "))); kept \(extraction.charsKept) of \(extraction.charsIn) characters\n".utf8
                if warnings.count >= 1 << 16 {
                    FileHandleOutput.writeStderr(warnings)
                    warnings.removeAll(keepingCapacity: true)
                }
            }
            let alerts = await alerting.prepare(&result)
            output.append(processed.1, result.record.jsonTail())
            if showAlerts, let alerts {
                for alert in alerts.lines { output.append(alert.line) }
            }
        })
        output.flush()
        try FileHandleOutput.requireStdoutWritten("the records")
        if failures > 0 { throw ExitCode(2) }
    }

    /// Files handed to a worker at a time: enough to make a task's cost negligible, few enough to keep every core busy.
    private static let chunk = 8

    private static func process(_ input: FileArguments.Input, reader: DropFileReader, pipeline: Pipeline) -> Pipeline.Result {
        let (path, relative) = (input.path, input.relativePath)
        var outcome = reader.read(path, relativePath: relative)
        // A file being rewritten is read again a few times before it is given up as changing.
        for _ in 0..<3 {
            guard case .changing = outcome else { break }
            usleep(100_000)
            outcome = reader.read(path, relativePath: relative)
        }
        switch outcome {
        case .changing:
            return pipeline.rejection(path: path, relativePath: relative, error: IngestError(code: .unreadable, message: "The file changed while it was read (a writer is still at it). Run again once it is complete."), size: nil)
        case .vanished:
            return pipeline.rejection(path: path, relativePath: relative, error: IngestError(code: .unreadable, message: "The file does not exist."), size: nil)
        case .rejected(let error, let size, _):
            return pipeline.rejection(path: path, relativePath: relative, error: error, size: size)
        case .unavailable(let error):
            return pipeline.rejection(path: path, relativePath: relative, error: IngestError(code: .unreadable, message: "The file could not be read: \(error.reason). Try again."), size: nil)
        case .file(let dropped):
            return pipeline.process(dropped)
        }
    }

    /// Prints the extraction trace of one file; returns 1 when it could not be read or parsed.
    private func explainFile(_ input: FileArguments.Input, pipeline: Pipeline, reader: DropFileReader) -> Int {
        let (path, relative) = (input.path, input.relativePath)
        let file = relative.string
        guard case .file(let dropped) = reader.read(path, relativePath: relative) else {
            FileHandleOutput.writeStderr("watcherd: \(file): cannot be read\n")
            return 1
        }
        do throws(IngestError) {
            guard let format = ArticleFormat(fileName: dropped.relativePath.lastComponent?.string ?? file) else {
                throw IngestError(code: .unsupportedFormat, message: "The file's extension names no format watcherd reads (.txt, .html, .json).")
            }
            let decoded = try pipeline.decoder.decode(dropped.bytes)
            let (parsed, trace) = try pipeline.parser.explain(decoded.text, format: format)
            var out = "== \(file) (\(format), \(decoded.encoding))\n"
            out += "verdict   score   element                      why: text\n"
            out += trace.rendered
            if let extraction = parsed.article.extraction {
                out += "-- kept \(extraction.charsKept) of \(extraction.charsIn) characters; warnings: "
                    + (extraction.warnings.isEmpty ? "none" : extraction.warnings.map(\.rawValue).joined(separator: ", ")) + "\n"
            }
            FileHandleOutput.writeStdout(Array(out.utf8))
            return 0
        } catch {
            FileHandleOutput.writeStderr("watcherd: \(file): \(error.message)\n")
            return 1
        }
    }
}
