#if canImport(Glibc)
import Glibc
#endif
import DequeModule
import Logging

/// Runs the configured program for every alert, the alert's JSON on its stdin: no shell, a timeout, a limit on how
/// many run at once, retries with backoff. Its failures are logged and never block ingestion: alerts wait in a
/// bounded queue, and beyond it they are dropped with an error (the alert itself is already in the alert log).
public actor AlertHook {
    private let settings: HookSettings
    private let logger: Logger
    private var waiting = Deque<(id: String, json: [UInt8])>()
    private var running = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var children = Set<pid_t>()

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

    /// Kills the process groups of hooks still running (at shutdown), so none outlives the daemon.
    public func terminateRunning() {
        for pid in children { kill(-pid, SIGKILL) }
        if !children.isEmpty { logger.warning("stopped alert hooks still running at shutdown", metadata: ["count": "\(children.count)"]) }
        children.removeAll()
    }

    private func deliver(_ job: (id: String, json: [UInt8])) async {
        for attempt in 0...settings.retries {
            let outcome = await run(job.json + [UInt8(ascii: "\n")])
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

    /// Starts the program, writes `input` to its stdin, and waits for it, killing its process group after the timeout.
    private func run(_ input: [UInt8]) async -> Outcome {
        let command = settings.command, timeout = Duration.seconds(settings.timeoutSeconds)
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(command)
        } catch {
            return Outcome(succeeded: false, reason: "cannot start \(command[0]): \(error.reason)", output: "")
        }
        children.insert(child.pid)
        defer { children.remove(child.pid) }
        let (exit, bytes) = await child.run(input: input, timeout: timeout, outputLimit: Self.outputLimit)
        let text = String(decoding: bytes, as: UTF8.self)
        switch exit {
        case .status(0): return Outcome(succeeded: true, reason: "ok", output: text)
        case .status(let code): return Outcome(succeeded: false, reason: "exited with status \(code)", output: text)
        case .signal(let signal): return Outcome(succeeded: false, reason: "killed by signal \(signal)", output: text)
        case .timedOut: return Outcome(succeeded: false, reason: "timed out after \(timeout)", output: text)
        }
    }
}
