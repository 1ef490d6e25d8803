import Logging
import ServiceLifecycle
import SystemPackage

/// Rewrites the metrics file every few seconds (temp file + rename, so the textfile collector never reads half a
/// file), and once more at shutdown.
public struct MetricsService: Service, CustomStringConvertible {
    public var description: String { "MetricsService" }
    private let path: FilePath
    private let interval: Duration
    private let snapshot: @Sendable () async -> MetricsSnapshot
    private let logger: Logger

    public init(path: FilePath, intervalSeconds: Int, logger: Logger, snapshot: @escaping @Sendable () async -> MetricsSnapshot) {
        self.path = path
        self.interval = .seconds(intervalSeconds)
        self.snapshot = snapshot
        self.logger = logger
    }

    public func run() async throws {
        var parent = path
        parent.removeLastComponent()
        try? Syscalls.makeDirectories(parent)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await write()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
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
