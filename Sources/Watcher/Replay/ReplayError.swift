import SystemPackage

/// Why replay could not read its input, as a sentence naming the file.
public struct ReplayError: Error, Sendable, CustomStringConvertible {
    public let description: String

    static func unreadable(_ path: FilePath, reason: String) -> ReplayError {
        ReplayError(description: "\(PathText.display(path)) cannot be read (\(reason)); its remaining records were not replayed.")
    }

    static func unopenable(_ path: FilePath, reason: String) -> ReplayError {
        ReplayError(description: "\(PathText.display(path)) cannot be opened (\(reason)); none of its records were replayed.")
    }
}
