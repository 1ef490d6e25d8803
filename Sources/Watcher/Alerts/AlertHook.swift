#if canImport(Glibc)
import Glibc
#endif
import DequeModule
import Logging

/// Runs the configured program for every alert, the alert's JSON on its stdin: no shell, a timeout, a limit on how
/// many run at once, retries with backoff. Its failures are logged and never block ingestion: alerts wait in a
/// bounded queue, and beyond it they are dropped with an error (the alert itself is already in the alert log).
///
/// The alert's id is in the hook's environment as `WATCHERD_ALERT_ID`: an alert may reach the hook more than once
/// (delivery is at least once across crashes, see ``AlertDelivery``), and the id tells a repeat from a new alert.
public actor AlertHook {
    /// One alert to hand over, and what to call once the hook is done with it (ran, or was given up on).
    typealias Job = (id: String, json: [UInt8], done: @Sendable () async -> Void)

    private let settings: HookSettings
    private let logger: Logger
    private var waiting = Deque<Job>()
    private var roomWaiters: [CheckedContinuation<Void, Never>] = []
    private var running = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var children = Set<pid_t>()
    /// Set at shutdown: runs still going were killed, not finished.
    private var stopping = false

    public init(settings: HookSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Queues an alert for the hook; returns at once. `done` runs once the hook ran it or gave up on it.
    public nonisolated func submit(id: String, json: [UInt8], done: @escaping @Sendable () async -> Void = {}) {
        Task { await self.enqueue((id, json, done)) }
    }

    /// Queues an alert, waiting for room in the queue instead of giving it up (alerts redelivered at start).
    func submitWaitingForRoom(id: String, json: [UInt8], done: @escaping @Sendable () async -> Void) async {
        while waiting.count >= settings.queueLimit {
            await withCheckedContinuation { roomWaiters.append($0) }
        }
        await enqueue((id, json, done))
    }

    /// Waits until every queued alert was handed to the hook and every run finished (tests and shutdown).
    public func drain() async {
        if running == 0 && waiting.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func enqueue(_ job: Job) async {
        guard waiting.count < settings.queueLimit else {
            logger.error("alert hook queue is full; this alert is not passed to the hook", metadata: ["alert": "\(job.id)", "queue_limit": "\(settings.queueLimit)"])
            await job.done()
            return
        }
        waiting.append(job)
        pump()
    }

    private func pump() {
        while running < settings.concurrency, let job = waiting.popFirst() {
            running += 1
            Task {
                // A run cut short by shutdown is not done: the delivery cursor stays before it for the next start.
                if await self.deliver(job) { await job.done() }
                self.finished()
            }
        }
        if waiting.count < settings.queueLimit, !roomWaiters.isEmpty {
            let waiters = roomWaiters
            roomWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
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
        stopping = true
        for pid in children { kill(-pid, SIGKILL) }
        if !children.isEmpty { logger.warning("stopped alert hooks still running at shutdown", metadata: ["count": "\(children.count)"]) }
        children.removeAll()
    }

    /// Runs the hook for one alert with its retries; false if shutdown cut it short.
    private func deliver(_ job: Job) async -> Bool {
        for attempt in 0...settings.retries {
            if stopping { return false }
            let outcome = await run(job.json + [UInt8(ascii: "\n")], id: job.id)
            if outcome.succeeded {
                logger.debug("alert hook ran", metadata: ["alert": "\(job.id)", "output": "\(LogEscaping.escape(outcome.output))"])
                return true
            }
            if stopping { return false }
            let last = attempt == settings.retries
            logger.log(level: last ? .error : .warning, last ? "alert hook failed; giving up on this alert" : "alert hook failed; retrying", metadata: [
                "alert": "\(job.id)", "attempt": "\(attempt + 1)", "reason": "\(outcome.reason)", "output": "\(LogEscaping.escape(outcome.output))",
            ])
            if !last { try? await Task.sleep(for: .milliseconds(250 << attempt)) }
        }
        return true
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
    private func run(_ input: [UInt8], id: String) async -> Outcome {
        let command = settings.command, timeout = Duration.seconds(settings.timeoutSeconds)
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(command, environment: ["WATCHERD_ALERT_ID": id])
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
