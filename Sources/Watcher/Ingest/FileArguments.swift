#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The files a one-off command reads (`watcherd process`): each file named, every file below each folder named
/// (with the drop folder's ignore patterns, in name order), and the paths of a list, one per line.
public enum FileArguments {
    /// One file to read, and its path below the folder given (the name alone for a file named directly).
    public struct Input: Sendable, Equatable {
        public let path: FilePath
        public let relativePath: FilePath
    }

    /// Expands `arguments` in order. A name that is not a folder is kept as it is, so that a missing file still gets
    /// its error record; a folder that cannot be listed is returned in `problems` as a sentence.
    public static func expand(_ arguments: [FilePath], ignore: IgnoreRules, absolute: (FilePath) -> FilePath) -> (inputs: [Input], problems: [String]) {
        var inputs: [Input] = []
        var problems: [String] = []
        inputs.reserveCapacity(arguments.count)
        for argument in arguments {
            let path = absolute(argument)
            guard let info = try? Syscalls.statFollowingLinks(path), info.st_mode & S_IFMT == S_IFDIR else {
                inputs.append(Input(path: path, relativePath: FilePath(root: nil, path.lastComponent.map { [$0] } ?? [])))
                continue
            }
            let scanner = DropFolderScanner(root: path, ignore: ignore)
            let unreadable: [(path: FilePath, error: SystemError)]
            do {
                let listing = try scanner.scan()
                inputs += listing.files.sorted { $0.string < $1.string }.map { Input(path: $0, relativePath: scanner.relative($0)) }
                unreadable = listing.unreadable
            } catch {
                unreadable = [(path, error)]
            }
            for (folder, error) in unreadable {
                problems.append("\(PathText.display(folder)) is a folder that cannot be read (\(error)); its files were not processed.")
            }
        }
        return (inputs, problems)
    }

    /// The paths of a list (`--files-from`): one per line, a final `\r` dropped, empty lines skipped. The bytes are
    /// kept as they are: a name that is not UTF-8 (as `find` prints it) still names its file.
    public static func lines(of list: [UInt8]) -> [FilePath] {
        list.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            return trimmed.isEmpty ? nil : path(bytes: trimmed)
        }
    }

    /// A path from its raw bytes (no NUL among them: the first one ends it, as the kernel would read it).
    public static func path<Bytes: Collection<UInt8>>(bytes: Bytes) -> FilePath {
        var terminated = bytes.prefix { $0 != 0 }.map { CChar(bitPattern: $0) }
        terminated.append(0)
        return terminated.withUnsafeBufferPointer { FilePath(platformString: $0.baseAddress!) }
    }

    /// The arguments of the command line as given, for those of `parsed` (decoded as UTF-8, each invalid byte
    /// replaced) that came from one: an argument that is not UTF-8 would otherwise name a file that does not exist.
    public static func rawPaths(_ parsed: [String], argv: [[UInt8]]) -> [FilePath] {
        // In argv's order: two names that differ only in bytes that are not UTF-8 decode alike, and each must get its
        // own bytes back (the parser keeps the order of the arguments).
        var byDecoded: [String: [[UInt8]]] = [:]
        for raw in argv { byDecoded[String(decoding: raw, as: UTF8.self), default: []].append(raw) }
        var used: [String: Int] = [:]
        return parsed.map { argument in
            let next = used[argument, default: 0]
            guard let candidates = byDecoded[argument], next < candidates.count else { return FilePath(argument) }
            used[argument] = next + 1
            return path(bytes: candidates[next])
        }
    }
}
