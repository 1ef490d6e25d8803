import SystemPackage

/// What the inotify thread reports. Events are hints: the folder listing stays the truth.
public enum DropEvent: Sendable, Equatable {
    /// A file was closed after writing or renamed into the watched tree.
    case file(FilePath)
    /// Part of the tree must be listed again: a new subdirectory, a queue overflow, a re-created drop folder.
    case rescan(FilePath, reason: String)
}
