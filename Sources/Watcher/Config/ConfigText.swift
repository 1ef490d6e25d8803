import Foundation
import SystemPackage

/// Reads a configuration, rules, gazetteer or parser-table file as UTF-8 text, with errors that name the file and
/// say what is wrong with it (not Foundation's "The file isn't in the correct format.").
public enum ConfigText {
    public static func read(_ path: String) throws(ConfigError) -> String {
        let fd: FileDescriptor
        do {
            fd = try Syscalls.open(FilePath(path), O_RDONLY | O_CLOEXEC)
        } catch {
            throw ConfigError(file: path, key: "", reason: "cannot be read: \(error.reason)")
        }
        defer { try? fd.close() }
        let bytes: [UInt8]
        do {
            let info = try Syscalls.fstat(fd, path: FilePath(path))
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw ConfigError(file: path, key: "", reason: "is a directory, not a YAML file")
            }
            bytes = try Syscalls.readAll(fd, path: FilePath(path), limit: 64 << 20)
        } catch let error as ConfigError {
            throw error
        } catch let error as SystemError {
            throw ConfigError(file: path, key: "", reason: "cannot be read: \(error.reason)")
        } catch {
            throw ConfigError(file: path, key: "", reason: "cannot be read: \(error)")
        }
        if let zero = bytes.firstIndex(of: 0) {
            throw ConfigError(file: path, key: "", reason: "is not a text file (a NUL byte at offset \(zero)); it must be UTF-8 YAML")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var offset = 0
            while offset < bytes.count {
                let length = UTF8Validation.sequenceLength(bytes, at: offset)
                if length == 0 { break }
                offset += length
            }
            throw ConfigError(file: path, key: "", reason: "is not valid UTF-8 (the first bad byte is at offset \(offset)); save it as UTF-8 YAML")
        }
        return text
    }
}
