#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Lists the drop folder: the truth that inotify events only hint at. Used at start, after a queue overflow,
/// for new subdirectories and on the reconcile timer.
public struct DropFolderScanner: Sendable {
    public let root: FilePath
    public let ignore: IgnoreRules

    public init(root: FilePath, ignore: IgnoreRules) {
        self.root = root
        self.ignore = ignore
    }

    /// What a listing found.
    public struct Listing: Sendable {
        /// Every entry that is not a directory and not ignored.
        public var files: [FilePath] = []
        /// Subfolders that could not be listed (no permission, an I/O error), with why: their files are not in
        /// `files`, and the rest of the tree is listed all the same.
        public var unreadable: [(path: FilePath, error: SystemError)] = []
    }

    /// Every entry below `directory` that is not a directory and not ignored: regular files, but also links, FIFOs
    /// and sockets, which must be quarantined rather than left lying. Symbolic links to directories are not followed.
    /// Throws only when `directory` itself cannot be listed; a subfolder that cannot be is reported in the listing.
    public func scan(_ directory: FilePath? = nil) throws(SystemError) -> Listing {
        var listing = Listing()
        try walk(directory ?? root, into: &listing, depth: 0)
        return listing
    }

    /// The directories of the tree (the root included), for setting up watches; subfolders that cannot be listed are
    /// left out (a listing reports them).
    public func directories() throws(SystemError) -> [FilePath] {
        var found: [FilePath] = [root]
        try walkDirectories(root, into: &found, depth: 0)
        return found
    }

    private static let maximumDepth = 64

    /// The entries of `directory`; nil when it went away, or when a subfolder (not the top) cannot be listed and
    /// `unreadable` takes the error.
    private func entries(_ directory: FilePath, depth: Int, unreadable: inout [(path: FilePath, error: SystemError)]) throws(SystemError) -> [Syscalls.DirectoryEntry]? {
        do {
            return try Syscalls.listDirectory(directory)
        } catch where error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
            return nil  // removed while we looked: nothing left to find there
        } catch where depth > 0 {
            // One subfolder a dropper made private (umask 077) must not hide the rest of the tree.
            unreadable.append((directory, error))
            return nil
        }
    }

    private func walk(_ directory: FilePath, into listing: inout Listing, depth: Int) throws(SystemError) {
        guard depth < Self.maximumDepth, let entries = try entries(directory, depth: depth, unreadable: &listing.unreadable) else { return }
        for entry in entries where !ignore.ignores(entry.name) {
            let path = directory.appending(entry.name)
            if try isDirectory(path, hint: entry.isDirectory) {
                try walk(path, into: &listing, depth: depth + 1)
            } else {
                listing.files.append(path)
            }
        }
    }

    private func walkDirectories(_ directory: FilePath, into found: inout [FilePath], depth: Int) throws(SystemError) {
        var unreadable: [(path: FilePath, error: SystemError)] = []
        guard depth < Self.maximumDepth, let entries = try entries(directory, depth: depth, unreadable: &unreadable) else { return }
        for entry in entries where !ignore.ignores(entry.name) {
            let path = directory.appending(entry.name)
            if try isDirectory(path, hint: entry.isDirectory) {
                found.append(path)
                try walkDirectories(path, into: &found, depth: depth + 1)
            }
        }
    }

    private func isDirectory(_ path: FilePath, hint: Bool?) throws(SystemError) -> Bool {
        if let hint { return hint }
        guard let info = try Syscalls.lstat(path) else { return false }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    /// `path` relative to the drop folder, e.g. `sub/a.txt`.
    public func relative(_ path: FilePath) -> FilePath {
        var relative = path
        if relative.removePrefix(root) { return relative }
        return FilePath(root: nil, path.lastComponent.map { [$0] } ?? [])
    }
}
