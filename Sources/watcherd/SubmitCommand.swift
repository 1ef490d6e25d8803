import ArgumentParser
import Foundation
import Logging
import Watcher

/// `watcherd submit FILE...`: puts article files on the NATS work queue for the daemons that run with `input.nats`.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Put article files on the NATS work queue, for any daemon running with input.nats to process.",
        discussion: """
            Each file becomes one message: its bytes, its name in the Watcherd-File-Name header, and the SHA-256 of \
            its bytes as Nats-Msg-Id, so the same file submitted twice within the duplicate window is queued once. \
            Files larger than max_file_size (or than the server's max_payload) are refused. Exits 1 if any file was \
            not queued.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("Article files to queue.", valueName: "file"))
    var files: [String]

    func run() throws {
        let config = try options.configOrExit()
        guard let nats = config.nats else {
            printError("watcherd: the configuration has no nats: section; add servers under nats: first")
            throw ExitCode.failure
        }
        let connection: NatsConnection
        do {
            connection = try NatsConnection(nats.endpoint)
            try NatsStreams.ensure([nats.workSpec], on: connection, logger: Logger(label: "watcherd.submit"))
        } catch {
            printError("watcherd: \(error)")
            throw ExitCode.failure
        }
        let limit = min(config.maxFileSize, connection.maxPayload - 1024)
        var failures = 0
        for file in files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("watcherd: \(file): cannot be read")
                failures += 1
                continue
            }
            guard data.count <= limit else {
                printError("watcherd: \(file): \(data.count) bytes is more than the limit of \(limit) (max_file_size \(config.maxFileSize), server max_payload \(connection.maxPayload))")
                failures += 1
                continue
            }
            let id = WorkQueueConsumer.messageID(of: Array(data))
            do {
                let ack = try connection.publish(subject: nats.workSubject, data: Array(data), messageID: id,
                                                 headers: [WorkQueueConsumer.fileNameHeader: name])
                print(ack.duplicate ? "\(file): already queued (same bytes within the duplicate window)" : "\(file): queued as \(ack.stream) #\(ack.sequence)")
            } catch {
                printError("watcherd: \(file): \(error)")
                failures += 1
            }
        }
        // Queued work that no daemon takes waits in silence: say so when the consumer the daemons share is not there
        // (no daemon has run with input.nats, or the stream or consumer name differs from theirs).
        if failures < files.count, (try? connection.consumerExists(stream: nats.workStream, durable: nats.consumer)) == false {
            printError("watcherd: warning: no daemon takes work from \(nats.workStream) yet (it has no consumer \(nats.consumer)): "
                       + "the files wait there until a daemon runs with input.nats and the same nats.streams.work and nats.consumer.")
        }
        if failures > 0 { throw ExitCode.failure }
    }
}
