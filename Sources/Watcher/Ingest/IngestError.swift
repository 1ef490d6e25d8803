import SystemPackage

/// Why a dropped file could not become an article, in words a user can act on. `code` is stable and goes into the
/// error record; `message` is the sentence.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let symlink = Code(rawValue: "symlink")
        public static let notRegularFile = Code(rawValue: "not_regular_file")
        public static let tooLarge = Code(rawValue: "too_large")
        public static let empty = Code(rawValue: "empty")
        public static let unreadable = Code(rawValue: "unreadable")
        public static let binary = Code(rawValue: "binary")
        public static let undecodable = Code(rawValue: "undecodable")
        public static let unsupportedFormat = Code(rawValue: "unsupported_format")
        public static let malformed = Code(rawValue: "malformed")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func symlink() -> IngestError {
        IngestError(code: .symlink, message: "The file is a symbolic link; watcherd reads only regular files and never follows links. Copy or move the file itself into the drop folder.")
    }

    static func notRegular(kind: String) -> IngestError {
        IngestError(code: .notRegularFile, message: "The file is a \(kind), not a regular file, so it was not read. Drop regular files only.")
    }

    static func tooLarge(size: Int, limit: Int) -> IngestError {
        IngestError(code: .tooLarge, message: "The file is \(size) bytes, over the \(limit)-byte limit (max_file_size), so it was not read. Raise max_file_size if such files are expected.")
    }

    static func empty() -> IngestError {
        IngestError(code: .empty, message: "The file is empty. If it was still being written, have the writer use a temporary name (*.part) and rename it into the drop folder when complete.")
    }

    static func unsupportedFormat(name: String) -> IngestError {
        IngestError(code: .unsupportedFormat, message: "'\(name)' is not a format watcherd reads. Drop plain text (.txt or no extension), HTML (.html, .htm) or JSON (.json) files.")
    }

    static func unreadable(_ error: SystemError) -> IngestError {
        IngestError(code: .unreadable, message: "The file could not be read: \(error.reason). Check its permissions.")
    }

    /// A read that failed the same way at every listing: the storage, not the host, is at fault.
    static func unreadable(_ error: SystemError, tries: Int) -> IngestError {
        IngestError(code: .unreadable, message: "The file could not be read in \(tries) tries in a row, over more than 30 seconds: \(error.reason). "
                    + "The disk or network share it is on may be failing; drop a good copy of it again.")
    }
}
