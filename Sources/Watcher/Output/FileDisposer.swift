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
        // The sidecar's name is the file's and «.error.json», written first under a temporary name that is longer
        // still, and all must fit in a file name.
        let reserve = sidecar == nil ? 0 : Self.sidecarSuffix.count + StateFile.temporaryNameOverhead
        // Numbers 2…99, then the time in milliseconds: a fixed-name feed (`latest.txt`) fills a hundred numbers in
        // two hours at one drop a minute, and trying ten thousand names per file (as before) ended in «File exists»
        // for every later drop.
        let stamp = Int(Timestamp.now().milliseconds)
        for attempt in 1...(Self.numberedAttempts + 20) {
            if attempt > Self.numberedAttempts {
                target = parent.appending(Self.numbered(name, stamp * 100 + attempt - Self.numberedAttempts, reserve: reserve))
            } else if attempt > 1 || PathText.bytes(of: FilePath(root: nil, [name])).count + reserve > Self.nameMax {
                target = parent.appending(Self.numbered(name, attempt, reserve: reserve))
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
            } catch {
                // No sidecar without its file: a move that failed otherwise (a copy that cannot read the file) takes
                // its sidecar back, or every retry would leave one more under the next number.
                if sidecar != nil { try? Syscalls.unlink(Self.sidecarPath(for: target)) }
                throw error
            }
        }
        throw SystemError(call: "rename", path: source, errno: .fileExists)
    }

    /// Moves a file quarantined by mistake back to `source` (or, when a newer file has the name again, beside it
    /// under a numbered name, as any move names it) and removes its sidecar: a new file renamed over the rejected one
    /// in the instant before the move. Returns where it went.
    public func putBack(_ target: FilePath, to source: FilePath) throws(SystemError) -> FilePath {
        var folder = source
        folder.removeLastComponent()
        guard let name = source.lastComponent else { throw SystemError(call: "rename", path: source, errno: .invalidArgument) }
        let back = try move(target, into: folder, relativePath: FilePath(root: nil, [name]), sidecar: nil)
        try? Syscalls.unlink(Self.sidecarPath(for: target))
        return back
    }

    /// `NAME.error.json` next to a quarantined file.
    public static func sidecarPath(for target: FilePath) -> FilePath {
        var sidecar = target
        let name = target.lastComponent.map { PathText.bytes(of: FilePath(root: nil, [$0])) } ?? []
        let suffixed = name + sidecarSuffix
        sidecar.removeLastComponent()
        return sidecar.appending(PathText.component(bytes: suffixed))
    }

    static let sidecarSuffix = Array(".error.json".utf8)

    /// Names tried with a small number (`report.2.txt` … `report.99.txt`) before a time-based one.
    static let numberedAttempts = 99

    /// The longest name a Linux file system takes, in bytes (`NAME_MAX`).
    static let nameMax = 255

    /// `report.txt` → `report.2.txt`; `notes` → `notes.2`; attempt 1 is the name itself. A name that would not fit in
    /// `nameMax` bytes with `reserve` more (the sidecar's «.error.json») loses the end of the part before its
    /// extension, at a character boundary, for «~» and eight hex digits of the whole name's SHA-256, so that two long
    /// names cut alike still differ: the file's record keeps its full name, and the log says where it went.
    static func numbered(_ name: FilePath.Component, _ n: Int, reserve: Int = 0) -> FilePath.Component {
        let bytes = PathText.bytes(of: FilePath(root: nil, [name]))
        var stem = bytes[...], suffix = bytes[bytes.endIndex...]
        // An extension is kept whole when short; a «.» that opens a long tail is part of the name.
        if let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0, bytes.count - dot <= 16 {
            stem = bytes[..<dot]
            suffix = bytes[dot...]
        }
        let tag = n > 1 ? Array(".\(n)".utf8) : []
        let room = nameMax - reserve - tag.count - suffix.count
        guard stem.count > room else { return PathText.component(bytes: Array(stem) + tag + Array(suffix)) }
        let mark = Array(RecordKey(hashing: bytes).hex(prefix: "~", digits: 8).utf8)
        var end = stem.startIndex + max(1, room - mark.count)
        // Not inside a UTF-8 sequence: continuation bytes are 10xxxxxx.
        while end > stem.startIndex + 1 && stem[end] & 0xC0 == 0x80 { end -= 1 }
        return PathText.component(bytes: Array(stem[..<end]) + mark + tag + Array(suffix))
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
