import SystemPackage

/// Why replay could not read its input, as a sentence naming the file.
public struct ReplayError: Error, Sendable, CustomStringConvertible {
    public let description: String

    static func unreadable(_ path: FilePath, reason: String) -> ReplayError {
        ReplayError(description: "\(PathText.display(path)) cannot be read (\(reason)); its remaining records were not replayed.")
    }

    static func noLogs(_ path: FilePath) -> ReplayError {
        ReplayError(description: "No article log at \(PathText.display(path)) nor any rotated copy of it; give the logs with --articles.")
    }
}
