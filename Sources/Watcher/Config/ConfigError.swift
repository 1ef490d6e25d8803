/// A problem in a configuration, rules or gazetteer file, located by file, line and key so the user can fix it.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in (`<embedded>` for the built-in defaults, `<command line>` for flags).
    public let file: String
    /// 1-based line, or 0 when unknown.
    public let line: Int
    public let column: Int
    /// The key path, e.g. `output.articles` or `rules[2].severity`.
    public let key: String
    public let reason: String

    public init(file: String, line: Int = 0, column: Int = 0, key: String, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.reason = reason
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return key.isEmpty ? "\(place): \(reason)" : "\(place): \(key): \(reason)"
    }
}
