import CSyscalls
import Foundation
import Logging
import ServiceLifecycle

/// Runs a blocking loop (the NATS forwarder or the work-queue consumer: the C client's calls block) on its own
/// thread inside the daemon's service group, and asks it to stop on graceful shutdown or cancellation.
public struct BlockingLoopService: Service, CustomStringConvertible {
    public let description: String
    private let body: @Sendable () throws -> Void
    private let stop: @Sendable () -> Void

    public init(name: String, run body: @escaping @Sendable () throws -> Void, stop: @escaping @Sendable () -> Void) {
        self.description = name
        self.body = body
        self.stop = stop
    }

    /// The forwarder: placed before the pipeline in the group, it is stopped after the pipeline has flushed, then
    /// publishes what the logs still hold for a few seconds; whatever is left goes out on the next start.
    public static func forwarder(_ forwarder: StreamForwarder) -> BlockingLoopService {
        BlockingLoopService(name: "StreamForwarder", run: { try forwarder.run() }, stop: { forwarder.stop() })
    }

    /// The work-queue consumer: placed after the drop folder service, it is the first to stop taking work.
    public static func consumer(_ consumer: WorkQueueConsumer) -> BlockingLoopService {
        BlockingLoopService(name: "WorkQueueConsumer", run: { consumer.run() }, stop: { consumer.stop() })
    }

    public func run() async throws {
        let body = self.body, stop = self.stop, name = description
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let thread = Thread {
                        // The kernel's thread name (what top, perf and /proc show; at most 15 bytes). The NATS
                        // client's threads, started from this one, inherit it: the bench sums their CPU by it.
                        _ = watcherd_set_thread_name(name)
                        do {
                            try body()
                            continuation.resume()
                        } catch {
                            continuation.resume(throwing: error)
                        }
                    }
                    thread.name = name
                    thread.start()
                }
            } onCancel: {
                stop()
            }
        } onGracefulShutdown: {
            stop()
        }
    }
}
