import ArgumentParser
import Foundation
import Watcher

/// `watcherd stream-read`: prints what a JetStream stream holds, one JSON line per message, for checks and scripts.
struct StreamReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream-read",
        abstract: "Print the messages of the NATS articles or alerts stream as JSON lines.",
        discussion: """
            Uses the servers and credentials under nats: in the configuration. Each line is \
            {"seq":N,"subject":"…","msg_id":"…","data":RECORD}. Reads by sequence and creates no consumer, so it \
            changes nothing on the server.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("articles, alerts, or any stream name.", valueName: "stream"))
    var stream = "articles"

    @Option(help: ArgumentHelp("First sequence to print.", valueName: "seq"))
    var from: UInt64 = 1

    func run() throws {
        let config = try options.configOrExit()
        guard let nats = config.nats else {
            printError("watcherd: the configuration has no nats: section; add servers under nats: first")
            throw ExitCode.failure
        }
        let name = stream == "articles" ? nats.articlesStream : stream == "alerts" ? nats.alertsStream : stream
        do {
            let connection = try NatsConnection(nats.endpoint)
            guard let state = try connection.stream(named: name) else {
                printError("watcherd: the NATS server has no stream \(name)")
                throw ExitCode.failure
            }
            var sequence = max(from, state.firstSequence)
            while sequence <= state.lastSequence {
                if let message = try connection.message(stream: name, sequence: sequence) {
                    let data = Data(message.data)
                    let payload = (try? JSONSerialization.jsonObject(with: data)) ?? String(decoding: message.data, as: UTF8.self)
                    let line: [String: Any] = ["seq": message.sequence, "subject": message.subject, "msg_id": message.messageID ?? NSNull(), "data": payload]
                    let encoded = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
                    print(String(decoding: encoded, as: UTF8.self))
                }
                sequence += 1
            }
        } catch let error as NatsError {
            printError("watcherd: \(error)")
            throw ExitCode.failure
        }
    }
}
