import Logging

extension NatsSettings {
    public var articlesSpec: NatsStreamSpec {
        NatsStreamSpec(name: articlesStream, subjects: [articlesSubject], replicas: replicas, duplicateWindowSeconds: duplicateWindowSeconds)
    }

    public var alertsSpec: NatsStreamSpec {
        NatsStreamSpec(name: alertsStream, subjects: ["\(subjectPrefix).alerts.>"], replicas: replicas, duplicateWindowSeconds: duplicateWindowSeconds)
    }

    /// The work queue: each message is removed once a daemon acknowledged it.
    public var workSpec: NatsStreamSpec {
        NatsStreamSpec(name: workStream, subjects: [workSubject], replicas: replicas, duplicateWindowSeconds: duplicateWindowSeconds, workQueue: true)
    }
}

/// Creating the streams watcherd uses when they are missing.
public enum NatsStreams {
    /// Creates each stream of `specs` that does not exist; an existing one is used as it is (a difference from the
    /// configuration is logged). Returns the streams' states by name.
    @discardableResult
    public static func ensure(_ specs: [NatsStreamSpec], on connection: NatsConnection,
                              logger: Logger = Logger(label: "watcherd.nats")) throws(NatsError) -> [String: NatsStreamState] {
        var states: [String: NatsStreamState] = [:]
        for spec in specs {
            var existing = try connection.stream(named: spec.name)
            if existing == nil {
                do {
                    let created = try connection.addStream(spec)
                    states[spec.name] = created
                    logger.notice("created NATS stream", metadata: [
                        "stream": "\(created.name)", "replicas": "\(created.replicas)", "subjects": "\(created.subjects.joined(separator: ","))",
                    ])
                    continue
                } catch where error.jetStreamCode == 10058 {
                    existing = try connection.stream(named: spec.name)  // another daemon created it first
                }
            }
            guard let existing else { continue }
            states[spec.name] = existing
            if existing.replicas != spec.replicas || Int(existing.duplicateWindowSeconds) != spec.duplicateWindowSeconds || existing.workQueue != spec.workQueue {
                logger.warning("the NATS stream exists with other settings than configured; it is used as it is", metadata: [
                    "stream": "\(spec.name)", "replicas": "\(existing.replicas)", "duplicate_window_s": "\(Int(existing.duplicateWindowSeconds))",
                    "work_queue": "\(existing.workQueue)",
                ])
            }
        }
        return states
    }
}
