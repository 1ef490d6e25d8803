import SystemPackage

/// What the inotify thread reports. Events are hints: the folder listing stays the truth.
public enum DropEvent: Sendable, Equatable {
    /// A file was closed after writing or renamed into the watched tree.
    case file(FilePath)
    /// A regular file was created and may still be being written; its close event will offer it.
    case opened(FilePath)
    /// A file was moved out of the tree.
    case movedAway(FilePath)
    /// Part of the tree must be listed again: a new subdirectory, a queue overflow, a re-created drop folder.
    case rescan(FilePath, reason: String)
    /// Events may have been lost (inotify re-initialised after a folder moved or the drop folder was re-created, or
    /// its queue overflowed): files marked open before `since` may have been closed unseen. The tree is listed
    /// again, and such a file is read once unchanged for a while (``PipelineService/lostCloseQuietSeconds``).
    case eventsLost(FilePath, reason: String, since: ContinuousClock.Instant)
}
