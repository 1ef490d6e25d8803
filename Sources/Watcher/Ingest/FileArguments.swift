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
    public static func expand(_ arguments: [String], ignore: IgnoreRules, absolute: (FilePath) -> FilePath) -> (inputs: [Input], problems: [String]) {
        var inputs: [Input] = []
        var problems: [String] = []
        inputs.reserveCapacity(arguments.count)
        for argument in arguments {
            let path = absolute(FilePath(argument))
            guard let info = try? Syscalls.statFollowingLinks(path), info.st_mode & S_IFMT == S_IFDIR else {
                inputs.append(Input(path: path, relativePath: FilePath(root: nil, path.lastComponent.map { [$0] } ?? [])))
                continue
            }
            let scanner = DropFolderScanner(root: path, ignore: ignore)
            do {
                let found = try scanner.scan().sorted { $0.string < $1.string }
                inputs += found.map { Input(path: $0, relativePath: scanner.relative($0)) }
            } catch {
                problems.append("\(PathText.display(path)) is a folder that cannot be read (\(error)); its files were not processed.")
            }
        }
        return (inputs, problems)
    }

    /// The paths of a list (`--files-from`): one per line, a final `\r` dropped, empty lines skipped.
    public static func lines(of list: [UInt8]) -> [String] {
        list.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
        }
    }
}
