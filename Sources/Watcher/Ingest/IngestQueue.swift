import DequeModule
import Synchronization
import SystemPackage

/// The paths waiting to be processed, deduplicated, handed to a fixed number of workers.
///
/// Memory stays bounded under any burst: the queue holds paths, not contents, at most one entry per file that
/// exists in the drop folder, and workers read one file each at a time.
public final class IngestQueue: Sendable {
    /// How a path came to be offered; files found by a listing may still be open for writing.
    public enum Origin: Sendable {
        case event
        case scan
    }

    public struct Item: Sendable {
        public let path: FilePath
        public let origin: Origin
        /// When the latest close or rename event for the path came (wall clock, ms), if one did: a file modified
        /// after it is being written again, and its next close event brings it back.
        public var eventAt: Int64?

        public init(path: FilePath, origin: Origin, eventAt: Int64? = nil) {
            self.path = path
            self.origin = origin
            self.eventAt = eventAt
        }
    }

    private struct State: ~Copyable {
        var pending = Deque<Item>()
        var pendingPaths = Set<FilePath>()
        var inFlight = Set<FilePath>()
        /// Paths offered again while being processed: offered once more when that processing ends.
        var reoffered = Set<FilePath>()
        var waiters = Deque<CheckedContinuation<Item?, Never>>()
        var closed = false
        /// Regular files seen created and not yet closed after writing, with when (on the monotonic clock, which a
        /// change of the wall clock does not move).
        var opened: [FilePath: ContinuousClock.Instant] = [:]
        /// When the latest event for each waiting or reoffered path came; taken when the path is handed out.
        var eventAt: [FilePath: Int64] = [:]
        /// When inotify events were last lost (see ``noteEventsLost(at:)``).
        var eventsLostAt: ContinuousClock.Instant?
    }

    /// At most this many files are remembered as open for writing; beyond it the mark is a hint not taken.
    static let openedLimit = 65_536

    private let state = Mutex(State())

    public init() {}

    /// Adds a path unless it is already waiting; a path being processed is offered again once it is done.
    public func offer(_ path: FilePath, origin: Origin) {
        let handOff: (CheckedContinuation<Item?, Never>, Item)? = state.withLock { state in
            // A close after writing or a rename into the folder: the file is whole. A later event for a path that
            // waits already moves its time on (the same name written again and closed again).
            if origin == .event {
                state.opened[path] = nil
                if !state.closed { state.eventAt[path] = Timestamp.now().milliseconds }
            }
            guard !state.closed, !state.pendingPaths.contains(path) else { return nil }
            if state.inFlight.contains(path) {
                state.reoffered.insert(path)
                return nil
            }
            if let waiter = state.waiters.popFirst() {
                state.inFlight.insert(path)
                return (waiter, Item(path: path, origin: origin, eventAt: state.eventAt.removeValue(forKey: path)))
            }
            let item = Item(path: path, origin: origin)
            state.pending.append(item)
            state.pendingPaths.insert(path)
            return nil
        }
        if let (waiter, item) = handOff { waiter.resume(returning: item) }
    }

    /// The next path to process, or nil once the queue is closed. The caller must call ``done(_:)`` afterwards.
    public func next() async -> Item? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Item?, Never>) in
            let item: Item?? = state.withLock { state in
                if state.closed { return .some(nil) }
                if var item = state.pending.popFirst() {
                    state.pendingPaths.remove(item.path)
                    state.inFlight.insert(item.path)
                    item.eventAt = state.eventAt.removeValue(forKey: item.path)
                    return .some(item)
                }
                state.waiters.append(continuation)
                return .none
            }
            if let item { continuation.resume(returning: item) }
        }
    }

    /// Marks a path as processed; if it was offered meanwhile, it goes back in the queue.
    public func done(_ path: FilePath) {
        let again = state.withLock { state -> Bool in
            state.inFlight.remove(path)
            return state.reoffered.remove(path) != nil
        }
        if again { offer(path, origin: .scan) }
    }

    /// Stops handing out work: waiting workers get nil; what was pending stays in the drop folder for next time.
    public func close() {
        let waiters = state.withLock { state -> Deque<CheckedContinuation<Item?, Never>> in
            state.closed = true
            state.pending.removeAll()
            state.pendingPaths.removeAll()
            state.eventAt.removeAll()
            let waiters = state.waiters
            state.waiters.removeAll()
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// Notes that a regular file was created at `path` and may still be being written: a listing that finds it
    /// leaves it to its close event (see ``openedForWriting(_:)``).
    public func noteOpened(_ path: FilePath) {
        let now = ContinuousClock.now
        state.withLock { state in
            if state.opened.count < Self.openedLimit || state.opened[path] != nil { state.opened[path] = now }
        }
    }

    /// Forgets the mark of a file moved out of the folder before it was closed.
    public func forgetOpened(_ path: FilePath) {
        _ = state.withLock { $0.opened.removeValue(forKey: path) }
    }

    /// Notes that events were lost at `instant` (inotify started over, or its queue overflowed): a file marked open
    /// before it may have been closed unseen. Returns how many marks that concerns.
    @discardableResult
    public func noteEventsLost(at instant: ContinuousClock.Instant) -> Int {
        state.withLock { state in
            state.eventsLostAt = max(state.eventsLostAt ?? instant, instant)
            return state.opened.values.count { $0 < instant }
        }
    }

    /// Whether the open mark of `path` was made before events were last lost, so its close may never come.
    public func markPredatesLostEvents(_ path: FilePath) -> Bool {
        state.withLock { state in
            guard let mark = state.opened[path], let lost = state.eventsLostAt else { return false }
            return mark < lost
        }
    }

    /// Forgets the marks of files that a full listing of the drop folder did not find (deleted before their close),
    /// so that marks do not pile up to the limit. Marks made after the listing began are kept: it could not see them.
    public func pruneOpened(keeping present: Set<FilePath>, listedSince start: ContinuousClock.Instant) {
        state.withLock { state in
            guard !state.opened.isEmpty else { return }
            state.opened = state.opened.filter { present.contains($0.key) || $0.value >= start }
        }
    }

    /// How long ago a file seen created at `path` was created, if it has not been closed after writing since.
    public func openedForWriting(_ path: FilePath) -> Duration? {
        state.withLock { $0.opened[path] }.map { ContinuousClock.now - $0 }
    }

    /// Whether ``close()`` was called: the daemon is stopping.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Files waiting (not counting those being processed).
    public var depth: Int { state.withLock { $0.pending.count } }

    /// Files being processed right now.
    public var inFlightCount: Int { state.withLock { $0.inFlight.count } }
}
