import Logging
import ServiceLifecycle
import SystemPackage

/// Rewrites the metrics file every few seconds (temp file + rename, so the textfile collector never reads half a
/// file), within a second of any change the `changes` counter shows (debounced: at most one write per
/// `debounce`), and once more at shutdown.
public struct MetricsService: Service, CustomStringConvertible {
    public var description: String { "MetricsService" }
    private let path: FilePath
    private let interval: Duration
    private let snapshot: @Sendable () async -> MetricsSnapshot
    private let logger: Logger
    private let changes: @Sendable () -> Int
    /// The shortest time between two writes caused by changes; with the tick below, a change is on disk within a second.
    static let debounce: Duration = .milliseconds(750)
    static let tick: Duration = .milliseconds(250)

    public init(path: FilePath, intervalSeconds: Int, logger: Logger, changes: @escaping @Sendable () -> Int = { 0 },
                snapshot: @escaping @Sendable () async -> MetricsSnapshot) {
        self.path = path
        self.interval = .seconds(intervalSeconds)
        self.snapshot = snapshot
        self.changes = changes
        self.logger = logger
    }

    public func run() async throws {
        var parent = path
        parent.removeLastComponent()
        try? Syscalls.makeDirectories(parent)
        let clock = ContinuousClock()
        var written = changes()
        await write()
        var writtenAt = clock.now
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: min(Self.tick, interval)) }
            let now = clock.now, current = changes()
            let due = now - writtenAt >= interval || (current != written && now - writtenAt >= Self.debounce)
            guard due, !Task.isShuttingDownGracefully else { continue }
            written = current
            await write()
            writtenAt = now
        }
        await write()
    }

    private func write() async {
        let text = await snapshot().render()
        do {
            try StateFile.write(Array(text.utf8), to: path, mode: 0o644)
        } catch {
            logger.warning("cannot write the metrics file", metadata: ["error": "\(error)"])
        }
    }
}
