#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Decides from a name alone whether a file (or folder) in the drop folder is to be left alone, using
/// shell-style patterns (`fnmatch(3)`), so half-written uploads (`*.part`) and editor files are never picked up.
public struct IgnoreRules: Sendable, Equatable {
    public let patterns: [String]

    public init(patterns: [String]) {
        self.patterns = patterns
    }

    public func ignores(_ name: FilePath.Component) -> Bool {
        name.withPlatformString { cName in
            patterns.contains { pattern in fnmatch(pattern, cName, 0) == 0 }
        }
    }

    public func ignores(name: String) -> Bool {
        patterns.contains { pattern in fnmatch(pattern, name, 0) == 0 }
    }
}
