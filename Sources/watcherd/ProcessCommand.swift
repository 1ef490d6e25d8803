import ArgumentParser
import SystemPackage
import Watcher

/// `watcherd process FILE...`: runs the pipeline once over the given files and prints their records.
struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Process files once and print their records to stdout, one JSON line each; nothing is moved or written.",
        discussion: "Exits 0 when every file gave an ok record, 2 when at least one gave an error record."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("Article files to process.", valueName: "file"))
    var files: [String]

    func run() throws {
        let config: WatcherConfig
        let pipeline: Pipeline
        do {
            config = try options.load()
            pipeline = try Pipeline(config: config)
        } catch {
            printError("watcherd: invalid configuration: \(error)")
            throw ExitCode.failure
        }
        let reader = DropFileReader(maxFileSize: config.maxFileSize)
        var failures = 0
        for file in files {
            let path = ConfigLoader.absolute(FilePath(file))
            let relative = FilePath(root: nil, path.lastComponent.map { [$0] } ?? [])
            let result: Pipeline.Result
            switch reader.read(path, relativePath: relative) {
            case .vanished:
                result = pipeline.rejection(path: path, relativePath: relative, error: IngestError(code: .unreadable, message: "The file does not exist."), size: nil)
            case .rejected(let error, let size):
                result = pipeline.rejection(path: path, relativePath: relative, error: error, size: size)
            case .file(let dropped):
                result = pipeline.process(dropped)
            }
            if result.failure != nil { failures += 1 }
            FileHandleOutput.writeStdout(result.line + [UInt8(ascii: "\n")])
        }
        if failures > 0 { throw ExitCode(2) }
    }
}
