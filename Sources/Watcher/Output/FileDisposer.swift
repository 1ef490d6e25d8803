#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Moves, deletes or keeps a source file once its record is durable, and quarantines failed files with a sidecar.
///
/// Destination names come only from the directory entry that was dropped (subfolders kept); an existing name is never
/// overwritten: a numbered suffix is added instead (`report.2.txt`).
public struct FileDisposer: Sendable {
    public let processedFolder: FilePath
    public let failedFolder: FilePath
    public let disposition: Disposition

    public init(processedFolder: FilePath, failedFolder: FilePath, disposition: Disposition) {
        self.processedFolder = processedFolder
        self.failedFolder = failedFolder
        self.disposition = disposition
    }

    /// Applies the configured disposition to a processed file. Returns where it went, if it moved.
    @discardableResult
    public func dispose(_ source: FilePath, relativePath: FilePath) throws(SystemError) -> FilePath? {
        switch disposition {
        case .keep: return nil
        case .delete:
            try Syscalls.unlink(source)
            return nil
        case .move:
            return try move(source, into: processedFolder, relativePath: relativePath, sidecar: nil)
        }
    }

    /// Moves a file that could not be processed into the failed folder, with `NAME.error.json` beside it.
    @discardableResult
    public func quarantine(_ source: FilePath, relativePath: FilePath, sidecar: [UInt8]) throws(SystemError) -> FilePath {
        try move(source, into: failedFolder, relativePath: relativePath, sidecar: sidecar)
    }

    private func move(_ source: FilePath, into folder: FilePath, relativePath: FilePath, sidecar: [UInt8]?) throws(SystemError) -> FilePath {
        var target = folder.pushing(relativePath)
        var parent = target
        parent.removeLastComponent()
        try Syscalls.makeDirectories(parent)
        guard let name = relativePath.lastComponent else { throw SystemError(call: "rename", path: source, errno: .invalidArgument) }
        for attempt in 1...10_000 {
            if attempt > 1 {
                target = parent.appending(Self.numbered(name, attempt))
            }
            if let sidecar {
                let sidecarPath = Self.sidecarPath(for: target)
                guard try Syscalls.lstat(sidecarPath) == nil else { continue }
                try StateFile.write(sidecar, to: sidecarPath)
            }
            do {
                do {
                    try Syscalls.renameNoReplace(source, target)
                } catch where error.errno == .improperLink {
                    // Across file systems the rename fails before it looks at the target, so a name taken there
                    // shows only when the copy cannot create it.
                    try copyAcrossDevices(source, to: target)
                }
                return target
            } catch where error.errno == .fileExists {
                // The name is taken (by the rename's or the copy's account): the next number is tried.
                if let sidecar = sidecar.map({ _ in Self.sidecarPath(for: target) }) { try? Syscalls.unlink(sidecar) }
                continue
            }
        }
        throw SystemError(call: "rename", path: source, errno: .fileExists)
    }

    /// `NAME.error.json` next to a quarantined file.
    public static func sidecarPath(for target: FilePath) -> FilePath {
        var sidecar = target
        let name = target.lastComponent.map { PathText.bytes(of: FilePath(root: nil, [$0])) } ?? []
        let suffixed = name + Array(".error.json".utf8)
        sidecar.removeLastComponent()
        return sidecar.appending(PathText.component(bytes: suffixed))
    }

    /// `report.txt` → `report.2.txt`; `notes` → `notes.2`.
    static func numbered(_ name: FilePath.Component, _ n: Int) -> FilePath.Component {
        let bytes = PathText.bytes(of: FilePath(root: nil, [name]))
        let tag = Array(".\(n)".utf8)
        if let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0 {
            return PathText.component(bytes: Array(bytes[..<dot]) + tag + Array(bytes[dot...]))
        }
        return PathText.component(bytes: bytes + tag)
    }

    /// The processed or failed folder is on another file system (under systemd, drop/ and the state folder are
    /// separate bind mounts): recreate the entry there, flush it, then remove the source. Links and FIFOs are
    /// recreated, never opened, so a link's target is not read and a FIFO cannot block.
    private func copyAcrossDevices(_ source: FilePath, to target: FilePath) throws(SystemError) {
        guard let info = try Syscalls.lstat(source) else { throw SystemError(call: "rename", path: source, errno: .noSuchFileOrDirectory) }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            try copyRegularFile(source, to: target)
        case S_IFLNK:
            let destination = try Syscalls.readLink(source)
            try Syscalls.symlink(destination, at: target)
        case S_IFIFO:
            try Syscalls.makeFIFO(target, mode: info.st_mode & 0o777)
        default:
            // A socket or device node cannot be carried over; its error record and sidecar say what it was.
            break
        }
        var directory = target
        directory.removeLastComponent()
        try Syscalls.fsyncDirectory(directory)
        try Syscalls.unlink(source)
    }

    private func copyRegularFile(_ source: FilePath, to target: FilePath) throws(SystemError) {
        let input = try Syscalls.open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        defer { try? input.close() }
        let output = try Syscalls.open(target, O_WRONLY | O_CREAT | O_EXCL, 0o640)
        do {
            var offset = 0
            while true {
                let chunk = try Syscalls.pread(input, count: 1 << 20, offset: offset, path: source)
                if chunk.isEmpty { break }
                try Syscalls.writeAll(output, chunk, path: target)
                offset += chunk.count
            }
            try Syscalls.fsync(output, path: target)
            try? output.close()
        } catch {
            try? output.close()
            try? Syscalls.unlink(target)
            throw error
        }
    }
}
