#if canImport(Glibc)
import Glibc
#endif
import CInotify
import Dispatch
import Foundation
import Logging
import Synchronization
import SystemPackage

/// Owns libinotifytools on one dedicated thread and turns its events into ``DropEvent``s.
///
/// libinotifytools keeps global state, is not thread-safe and offers no descriptor to poll, so exactly one thread
/// makes every call, copies each string it returns at once, and waits with a one-second timeout so it can stop.
public final class InotifyWatcher: Sendable {
    /// Why the watch could not be set up or kept.
    public struct WatchError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public let root: FilePath
    private let scanner: DropFolderScanner
    private let logger: Logger
    private let stats: PipelineStats?
    private let stopRequested = Atomic<Bool>(false)
    private let exited = DispatchSemaphore(value: 0)
    private let setupResult = Mutex<WatchError?>(nil)
    private let setupDone = DispatchSemaphore(value: 0)

    private static let fileEvents = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE)
    private static let selfEvents = UInt32(IN_DELETE_SELF | IN_MOVE_SELF)

    /// `stats`, when given, receives a heartbeat from every loop of the thread (the watchdog checks it).
    public init(root: FilePath, ignore: IgnoreRules, logger: Logger, stats: PipelineStats? = nil) {
        self.root = root
        self.stats = stats
        self.scanner = DropFolderScanner(root: root, ignore: ignore)
        self.logger = logger
    }

    /// Starts the thread and returns once every directory of the tree is watched.
    ///
    /// `deliver` runs on the watcher thread and must not block.
    public func start(deliver: @escaping @Sendable (DropEvent) -> Void) throws(WatchError) {
        let thread = Thread { [self] in
            self.run(deliver: deliver)
            self.exited.signal()
        }
        thread.name = "watcherd-inotify"
        thread.start()
        setupDone.wait()
        if let error = setupResult.withLock({ $0 }) { throw error }
    }

    /// Asks the thread to stop and waits (at most about a second, the poll timeout) until it has.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        _ = exited.wait(timeout: .now() + .seconds(3))
    }

    // MARK: The watcher thread

    private func run(deliver: @Sendable (DropEvent) -> Void) {
        do {
            try establish()
            setupDone.signal()
        } catch {
            setupResult.withLock { $0 = error }
            setupDone.signal()
            inotifytools_cleanup()
            return
        }
        var rootWatch = inotifytools_wd_from_filename(directoryName(root))
        while !stopRequested.load(ordering: .relaxed) {
            stats?.watcherBeatMicroseconds.store(Syscalls.monotonicMicroseconds(), ordering: .relaxed)
            guard let event = inotifytools_next_events(1, 1) else {
                let code = inotifytools_error()
                if code != 0 && code != EINTR {
                    logger.warning("inotify read failed", metadata: ["error": "\(Errno(rawValue: code))"])
                }
                continue
            }
            let mask = event.pointee.mask
            let wd = event.pointee.wd
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                logger.warning("inotify queue overflowed; listing the drop folder again")
                deliver(.eventsLost(root, reason: "inotify queue overflowed", since: ContinuousClock.now))
                continue
            }
            if wd == rootWatch && (mask & (Self.selfEvents | UInt32(IN_IGNORED))) != 0 {
                guard recover(deliver: deliver) else { return }
                rootWatch = inotifytools_wd_from_filename(directoryName(root))
                continue
            }
            guard let path = Self.path(of: event) else { continue }
            handle(mask: mask, path: path, deliver: deliver)
        }
        inotifytools_cleanup()
    }

    private func handle(mask: UInt32, path: FilePath, deliver: @Sendable (DropEvent) -> Void) {
        guard let name = path.lastComponent, !scanner.ignore.ignores(name) else { return }
        if mask & UInt32(IN_ISDIR) != 0 {
            if mask & UInt32(IN_CREATE) != 0 {
                // Watch first, then list: a file written before the watch existed produced no event.
                watchTree(path)
                deliver(.rescan(path, reason: "new subdirectory"))
            } else if mask & UInt32(IN_MOVED_TO | IN_MOVED_FROM) != 0 {
                // libinotifytools keeps the old path of a renamed directory's watches: start over from a listing.
                do {
                    // Starting over drops the events not yet read, closes among them.
                    let since = ContinuousClock.now
                    try establish()
                    deliver(.eventsLost(root, reason: "a subdirectory was moved", since: since))
                } catch {
                    logger.error("cannot watch the drop folder again", metadata: ["error": "\(error)"])
                }
            }
            return
        }
        if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 {
            deliver(.file(path))
        } else if mask & UInt32(IN_MOVED_FROM) != 0 {
            deliver(.movedAway(path))
        } else if mask & UInt32(IN_CREATE) != 0 {
            guard let info = try? Syscalls.lstat(path) else { return }
            if info.st_mode & S_IFMT != S_IFREG {
                // Links, FIFOs and sockets never get a close-after-write: catch them on create so they are quarantined.
                deliver(.file(path))
            } else if info.st_nlink > 1 {
                // A hard link to a file written elsewhere (`ln`, `cp -al`) is whole, and gets no close event either.
                deliver(.file(path))
            } else {
                // Regular files are never read on create: they may still be written, and a listing must not
                // read them half-written while their writer pauses.
                deliver(.opened(path))
            }
        }
    }

    /// The drop folder itself was deleted or moved away: re-create it and watch again, or give up so that the daemon
    /// exits and its supervisor restarts it.
    private func recover(deliver: @Sendable (DropEvent) -> Void) -> Bool {
        logger.error("the drop folder was deleted or moved; re-creating it", metadata: ["folder": "\(PathText.display(root))"])
        for attempt in 1...5 {
            do {
                try Syscalls.makeDirectories(root, mode: 0o775)
                let since = ContinuousClock.now
                try establish()
                deliver(.eventsLost(root, reason: "drop folder re-created", since: since))
                logger.notice("watching the re-created drop folder", metadata: ["folder": "\(PathText.display(root))"])
                return true
            } catch {
                logger.error("cannot re-create the drop folder", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                usleep(200_000)
            }
        }
        let reason = "the drop folder \(PathText.display(root)) disappeared and could not be re-created"
        deliver(.rescan(root, reason: reason))
        watchLost.withLock { $0 = WatchError(message: reason) }
        inotifytools_cleanup()
        return false
    }

    private let watchLost = Mutex<WatchError?>(nil)

    /// Set when the thread gave up: the daemon must exit non-zero.
    public var failure: WatchError? { watchLost.withLock { $0 } }

    /// (Re)initialises libinotifytools and watches every directory of the tree.
    private func establish() throws(WatchError) {
        inotifytools_cleanup()
        guard inotifytools_initialize() != 0 else {
            throw WatchError(message: "inotify could not be initialised: \(Errno(rawValue: inotifytools_error())); check fs.inotify.max_user_instances")
        }
        guard inotifytools_watch_file(directoryName(root), Int32(bitPattern: Self.fileEvents | Self.selfEvents | UInt32(IN_ONLYDIR))) != 0 else {
            throw WatchError(message: "cannot watch the drop folder \(PathText.display(root)): \(Errno(rawValue: inotifytools_error()))")
        }
        watchTree(root, includingRoot: false)
    }

    /// Watches `directory` and every directory below it (links are not followed).
    private func watchTree(_ directory: FilePath, includingRoot: Bool = true) {
        let subtree = DropFolderScanner(root: directory, ignore: scanner.ignore)
        let directories = (try? subtree.directories()) ?? [directory]
        for dir in directories where includingRoot || dir != directory {
            if inotifytools_watch_file(directoryName(dir), Int32(bitPattern: Self.fileEvents | UInt32(IN_ONLYDIR))) == 0 {
                let code = inotifytools_error()
                if code == ENOSPC {
                    logger.error("out of inotify watches; raise fs.inotify.max_user_watches", metadata: ["directory": "\(PathText.display(dir))"])
                } else if code != ENOENT {
                    logger.warning("cannot watch subdirectory", metadata: ["directory": "\(PathText.display(dir))", "error": "\(Errno(rawValue: code))"])
                }
            }
        }
    }

    /// libinotifytools names watched directories with a trailing slash; the bytes stay exactly the kernel's.
    private func directoryName(_ path: FilePath) -> [CChar] {
        PathText.bytes(of: path).map { CChar(bitPattern: $0) } + [CChar(UInt8(ascii: "/")), 0]
    }

    /// The full path an event is about, copied out of libinotifytools' buffers at once.
    private static func path(of event: UnsafeMutablePointer<inotify_event>) -> FilePath? {
        var eventName: UnsafePointer<CChar>? = nil
        var directoryLength = 0
        guard let directory = inotifytools_filename_from_event(event, &eventName, &directoryLength) else { return nil }
        let directoryPath = FilePath(platformString: directory)
        guard let eventName, eventName.pointee != 0, let component = FilePath.Component(platformString: eventName) else {
            return nil
        }
        return directoryPath.appending(component)
    }
}
