import DequeModule
import Foundation
import Logging
import Synchronization

/// Runs the configured program for every alert, the alert's JSON on its stdin: no shell, a timeout, a limit on how
/// many run at once, retries with backoff. Its failures are logged and never block ingestion: alerts wait in a
/// bounded queue, and beyond it they are dropped with an error (the alert itself is already in the alert log).
public actor AlertHook {
    private let settings: HookSettings
    private let logger: Logger
    private var waiting = Deque<(id: String, json: [UInt8])>()
    private var running = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    public init(settings: HookSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Queues an alert for the hook; returns at once.
    public nonisolated func submit(id: String, json: [UInt8]) {
        Task { await self.enqueue(id: id, json: json) }
    }

    /// Waits until every queued alert was handed to the hook and every run finished (tests and shutdown).
    public func drain() async {
        if running == 0 && waiting.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func enqueue(id: String, json: [UInt8]) {
        guard waiting.count < settings.queueLimit else {
            logger.error("alert hook queue is full; this alert is not passed to the hook", metadata: ["alert": "\(id)", "queue_limit": "\(settings.queueLimit)"])
            return
        }
        waiting.append((id, json))
        pump()
    }

    private func pump() {
        while running < settings.concurrency, let job = waiting.popFirst() {
            running += 1
            Task {
                await self.deliver(job)
                self.finished()
            }
        }
        if running == 0 && waiting.isEmpty {
            let waiters = idleWaiters
            idleWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    private func finished() {
        running -= 1
        pump()
    }

    private func deliver(_ job: (id: String, json: [UInt8])) async {
        for attempt in 0...settings.retries {
            let outcome = await Self.run(settings.command, input: job.json + [UInt8(ascii: "\n")], timeout: .seconds(settings.timeoutSeconds))
            if outcome.succeeded {
                logger.debug("alert hook ran", metadata: ["alert": "\(job.id)", "output": "\(LogEscaping.escape(outcome.output))"])
                return
            }
            let last = attempt == settings.retries
            logger.log(level: last ? .error : .warning, last ? "alert hook failed; giving up on this alert" : "alert hook failed; retrying", metadata: [
                "alert": "\(job.id)", "attempt": "\(attempt + 1)", "reason": "\(outcome.reason)", "output": "\(LogEscaping.escape(outcome.output))",
            ])
            if !last { try? await Task.sleep(for: .milliseconds(250 << attempt)) }
        }
    }

    /// What one run of the hook gave.
    struct Outcome: Sendable {
        let succeeded: Bool
        let reason: String
        /// The first few kilobytes of what it printed (stdout and stderr).
        let output: String
    }

    static let outputLimit = 4_096

    /// Starts the program, writes `input` to its stdin, and waits for it, killing it after `timeout`.
    static func run(_ command: [String], input: [UInt8], timeout: Duration) async -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let stdin = Pipe(), output = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = output
        let captured = Mutex<[UInt8]>([])
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            captured.withLock { buffer in
                if buffer.count < outputLimit { buffer.append(contentsOf: data.prefix(outputLimit - buffer.count)) }
            }
        }
        do {
            try process.run()
        } catch {
            output.fileHandleForReading.readabilityHandler = nil
            return Outcome(succeeded: false, reason: "cannot start \(command[0]): \(error.localizedDescription)", output: "")
        }
        // A hook that does not read its input must not block us: write from a detached task and ignore EPIPE.
        let writer = Task.detached {
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var timedOut = false
        while process.isRunning {
            if clock.now >= deadline {
                timedOut = true
                process.terminate()
                try? await Task.sleep(for: .milliseconds(500))
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        process.waitUntilExit()
        writer.cancel()
        output.fileHandleForReading.readabilityHandler = nil
        let text = String(decoding: captured.withLock { $0 }, as: UTF8.self)
        if timedOut { return Outcome(succeeded: false, reason: "timed out after \(timeout)", output: text) }
        if process.terminationReason == .uncaughtSignal {
            return Outcome(succeeded: false, reason: "killed by signal \(process.terminationStatus)", output: text)
        }
        let status = process.terminationStatus
        return Outcome(succeeded: status == 0, reason: status == 0 ? "ok" : "exited with status \(status)", output: text)
    }
}
