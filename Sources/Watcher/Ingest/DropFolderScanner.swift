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

    /// Every entry below `directory` that is not a directory and not ignored: regular files, but also links, FIFOs
    /// and sockets, which must be quarantined rather than left lying. Symbolic links to directories are not followed.
    public func scan(_ directory: FilePath? = nil) throws(SystemError) -> [FilePath] {
        var found: [FilePath] = []
        try walk(directory ?? root, into: &found, depth: 0)
        return found
    }

    /// The directories of the tree (the root included), for setting up watches.
    public func directories() throws(SystemError) -> [FilePath] {
        var found: [FilePath] = [root]
        try walkDirectories(root, into: &found, depth: 0)
        return found
    }

    private static let maximumDepth = 64

    private func walk(_ directory: FilePath, into found: inout [FilePath], depth: Int) throws(SystemError) {
        guard depth < Self.maximumDepth else { return }
        let entries: [Syscalls.DirectoryEntry]
        do {
            entries = try Syscalls.listDirectory(directory)
        } catch where error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
            return  // removed while we looked: nothing left to find there
        }
        for entry in entries where !ignore.ignores(entry.name) {
            let path = directory.appending(entry.name)
            if try isDirectory(path, hint: entry.isDirectory) {
                try walk(path, into: &found, depth: depth + 1)
            } else {
                found.append(path)
            }
        }
    }

    private func walkDirectories(_ directory: FilePath, into found: inout [FilePath], depth: Int) throws(SystemError) {
        guard depth < Self.maximumDepth else { return }
        let entries: [Syscalls.DirectoryEntry]
        do {
            entries = try Syscalls.listDirectory(directory)
        } catch where error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
            return
        }
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
