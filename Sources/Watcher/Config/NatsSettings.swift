#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The `nats:` section: where the records and alerts are published (JetStream), and how to authenticate.
/// Without the section nothing is published and the daemon opens no network connection.
public struct NatsSettings: Sendable, Equatable {
    /// Server URLs (`nats://host:4222`, `tls://host:4222`); the client picks one and fails over to the others.
    public var servers: [String]
    /// A NATS credentials file (`.creds`); exclusive with ``token``.
    public var credentialsFile: FilePath? = nil
    public var token: String? = nil
    /// CA certificates (PEM) the servers' TLS certificates are checked against; setting it requires TLS.
    public var tlsCA: FilePath? = nil
    /// Subjects are `<prefix>.articles` and `<prefix>.alerts.<severity>.<rule>`.
    public var subjectPrefix: String = "watcherd"
    /// Stream names, created when missing.
    public var articlesStream: String = "WATCHERD_ARTICLES"
    public var alertsStream: String = "WATCHERD_ALERTS"
    /// The work-queue stream `watcherd submit` fills and `input.nats` daemons consume (subject `<prefix>.work`).
    public var workStream: String = "WATCHERD_WORK"
    /// The durable pull consumer every daemon shares on the work stream.
    public var consumer: String = "watcherd"
    /// A work message not acknowledged within this time is delivered to another daemon.
    public var ackWaitSeconds: Int = 30
    /// Replicas of a stream watcherd creates (1, or 3/5 in a cluster).
    public var replicas: Int = 1
    /// JetStream's duplicate window for a stream watcherd creates: a re-publish of the same id within it is dropped.
    public var duplicateWindowSeconds: Int = 600

    public init(servers: [String]) {
        self.servers = servers
    }

    /// The connection settings for ``NatsConnection``.
    public var endpoint: NatsEndpoint {
        NatsEndpoint(servers: servers, credentialsFile: credentialsFile.map { PathText.display($0) }, token: token,
                     tlsCA: tlsCA.map { PathText.display($0) })
    }

    public var articlesSubject: String { "\(subjectPrefix).articles" }
    public var workSubject: String { "\(subjectPrefix).work" }

    /// The subject of one alert; characters a subject token cannot hold become `_`.
    public func alertSubject(severity: String, rule: String) -> String {
        "\(subjectPrefix).alerts.\(Self.token(severity)).\(Self.token(rule))"
    }

    /// `text` as one subject token: only letters, digits, `-` and `_` are kept, anything else becomes `_`.
    public static func token(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let keep = scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "-" || scalar == "_"
            out.unicodeScalars.append(keep ? scalar : "_")
        }
        return out.isEmpty ? "_" : out
    }
}

extension ConfigLoader {
    static let natsKeys: Set<String> = [
        "servers", "credentials", "token", "tls_ca", "subject_prefix", "streams", "replicas", "duplicate_window_s",
        "consumer", "ack_wait_s",
    ]

    static func natsSettings(_ value: YAMLValue) throws(ConfigError) -> NatsSettings {
        var settings = NatsSettings(servers: [])
        var serversValue: YAMLValue?
        for (key, member) in try value.members(allowed: natsKeys) {
            switch key {
            case "servers":
                // One URL or a list of them.
                if case .scalar = member.node { settings.servers = [try member.string()] } else { settings.servers = try member.strings() }
                serversValue = member
                for server in settings.servers where !validServer(server) {
                    throw member.error("'\(LogEscaping.escape(NatsEndpoint.redacted(server)))' is not a NATS server URL; write e.g. nats://10.0.0.5:4222 or tls://nats.example.org:4222")
                }
            case "credentials": settings.credentialsFile = try readableFile(member)
            case "token":
                let token = try member.string()
                guard !token.isEmpty else { throw member.error("expected a token, got an empty text") }
                settings.token = token
            case "tls_ca": settings.tlsCA = try readableFile(member)
            case "subject_prefix":
                let prefix = try member.string()
                let tokens = prefix.split(separator: ".", omittingEmptySubsequences: false)
                guard !prefix.isEmpty, tokens.allSatisfy({ !$0.isEmpty && NatsSettings.token(String($0)) == $0 }) else {
                    throw member.error("'\(LogEscaping.escape(prefix))' is not a subject prefix: dot-separated words of letters, digits, - and _ (no spaces, * or >)")
                }
                settings.subjectPrefix = prefix
            case "streams":
                for (stream, name) in try member.members(allowed: ["articles", "alerts", "work"]) {
                    let text = try name.string()
                    guard !text.isEmpty, NatsSettings.token(text) == text else {
                        throw name.error("'\(LogEscaping.escape(text))' is not a stream name: letters, digits, - and _ only")
                    }
                    switch stream {
                    case "articles": settings.articlesStream = text
                    case "alerts": settings.alertsStream = text
                    default: settings.workStream = text
                    }
                }
            case "consumer":
                let text = try member.string()
                guard !text.isEmpty, NatsSettings.token(text) == text else {
                    throw member.error("'\(LogEscaping.escape(text))' is not a consumer name: letters, digits, - and _ only")
                }
                settings.consumer = text
            case "ack_wait_s": settings.ackWaitSeconds = try member.int(in: 1...3_600)
            case "replicas": settings.replicas = try member.int(in: 1...5)
            case "duplicate_window_s": settings.duplicateWindowSeconds = try member.int(in: 1...604_800)
            default: break
            }
        }
        guard !settings.servers.isEmpty else {
            throw (serversValue ?? value).error("nats needs servers: the URL of at least one NATS server, e.g. [nats://127.0.0.1:4222]")
        }
        if settings.credentialsFile != nil && settings.token != nil {
            throw value.error("nats takes a credentials file or a token, not both")
        }
        if Set([settings.articlesStream, settings.alertsStream, settings.workStream]).count < 3 {
            throw value.error("nats.streams: articles, alerts and work must be different streams")
        }
        return settings
    }

    /// `nats://`, `tls://` or `ws(s)://` with a host, or a bare `host:port`.
    static func validServer(_ url: String) -> Bool {
        var rest = Substring(url)
        for scheme in ["nats://", "tls://", "ws://", "wss://"] where rest.hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            break
        }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        guard !rest.isEmpty, !rest.contains(where: { $0 == " " || $0 == "/" }) else { return false }
        if let colon = rest.lastIndex(of: ":") {
            guard let port = Int(rest[rest.index(after: colon)...]), (1...65_535).contains(port) else { return false }
        }
        return true
    }

    private static func readableFile(_ value: YAMLValue) throws(ConfigError) -> FilePath {
        let text = try value.string()
        guard !text.isEmpty else { throw value.error("expected a path, got an empty text") }
        guard access(text, R_OK) == 0 else {
            throw value.error("cannot read \(LogEscaping.escape(text)): \(Errno(rawValue: errno).description)")
        }
        return absolute(FilePath(text))
    }
}

extension ConfigLoader {
    /// The `input:` section: where files come from besides the drop folder.
    static func inputSettings(_ value: YAMLValue, into config: inout WatcherConfig) throws(ConfigError) {
        for (key, member) in try value.members(allowed: ["nats"]) where key == "nats" {
            config.inputFromNats = try member.bool()
        }
    }

    /// `input.nats` needs a `nats:` section, and files that leave the drop folder once recorded (that is how the
    /// daemon knows a work message is done).
    static func validateInput(_ config: WatcherConfig, file: String) throws(ConfigError) {
        guard config.inputFromNats else { return }
        guard config.nats != nil else {
            throw ConfigError(file: file, key: "input.nats", reason: "needs a nats: section with the servers to take work from")
        }
        guard config.disposition != .keep else {
            throw ConfigError(file: file, key: "input.nats", reason: "needs disposition move or delete: a work message is acknowledged once its file has left the drop folder")
        }
        guard IgnoreRules(patterns: config.ignore).ignores(name: WorkQueueConsumer.stagingName) else {
            throw ConfigError(file: file, key: "input.nats", reason: "the ignore patterns must cover \(WorkQueueConsumer.stagingName) (keep \".*\" or \"*.part\"): files from the queue are written under such a name and then renamed")
        }
    }
}
