import Synchronization

/// Counters shared by every worker, read by the status line, metrics and the watchdog.
public final class PipelineStats: Sendable {
    public let filesSeen = Atomic<Int>(0)
    public let filesProcessed = Atomic<Int>(0)
    public let filesFailed = Atomic<Int>(0)
    public let duplicatesSkipped = Atomic<Int>(0)
    public let alertsRaised = Atomic<Int>(0)
    public let bytesProcessed = Atomic<Int>(0)
    /// Milliseconds since the epoch of the last durable record write.
    public let lastWriteMilliseconds = Atomic<Int64>(0)
    /// CLOCK_MONOTONIC µs at which a worker last finished a file or found the queue empty: the watchdog's proof of life.
    public let lastProgressMicroseconds = Atomic<UInt64>(0)
    private let failures = Mutex<[String: Int]>([:])

    public init() {}

    public func countFailure(_ code: IngestError.Code) {
        filesFailed.add(1, ordering: .relaxed)
        failures.withLock { $0[code.rawValue, default: 0] += 1 }
    }

    /// Failed files by error code.
    public var failuresByCode: [String: Int] { failures.withLock { $0 } }

    public func markProgress() {
        lastProgressMicroseconds.store(Syscalls.monotonicMicroseconds(), ordering: .relaxed)
    }
}
