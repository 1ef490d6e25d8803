import Yams

/// A YAML node together with where it came from, so every typed read can fail with file, line and key.
package struct YAMLValue {
    package let node: Node
    package let file: String
    /// Dotted key path from the document root, used in error messages.
    package let path: String

    /// Parses `text`; a syntax error becomes a ``ConfigError`` with the parser's line and column.
    package static func parse(_ text: String, file: String) throws(ConfigError) -> YAMLValue? {
        do {
            guard let node = try Yams.compose(yaml: text) else { return nil }
            return YAMLValue(node: node, file: file, path: "")
        } catch let error as YamlError {
            throw ConfigError(yamlError: error, file: file, text: text)
        } catch {
            throw ConfigError(file: file, key: "", reason: "cannot be read as YAML: \(error)")
        }
    }

    package var line: Int { node.mark.map { $0.line } ?? 0 }
    package var column: Int { node.mark.map { $0.column } ?? 0 }

    package func error(_ reason: String) -> ConfigError {
        ConfigError(file: file, line: line, column: column, key: path, reason: reason)
    }

    private var describedValue: String {
        switch node {
        case .scalar(let s): return "'\(LogEscaping.escape(s.string))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The members of a mapping, in file order; a key outside `allowed` is an error naming it.
    package func members(allowed: Set<String>) throws(ConfigError) -> [(key: String, value: YAMLValue)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping, got \(describedValue)") }
        var result: [(String, YAMLValue)] = []
        for (keyNode, valueNode) in mapping {
            let name = keyNode.string ?? "?"
            let child = YAMLValue(node: valueNode, file: file, path: path.isEmpty ? name : "\(path).\(name)")
            guard allowed.contains(name) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw ConfigError(
                    file: file, line: keyNode.mark?.line ?? 0, column: keyNode.mark?.column ?? 0, key: child.path,
                    reason: "unknown key; expected one of: \(known)")
            }
            result.append((name, child))
        }
        return result
    }

    package var isNull: Bool {
        if case .scalar(let s) = node { return s.tag.rawValue == Tag.Name.null.rawValue || (s.string == "~" || s.string == "null") && s.style == .plain }
        return false
    }

    package func string() throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected text, got \(describedValue)") }
        return scalar.string
    }

    package func int(in range: ClosedRange<Int>? = nil) throws(ConfigError) -> Int {
        guard case .scalar = node, let value = node.int else { throw error("expected a whole number, got \(describedValue)") }
        if let range, !range.contains(value) {
            throw error("\(value) is out of range; expected \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    package func bool() throws(ConfigError) -> Bool {
        guard case .scalar = node, let value = node.bool else { throw error("expected true or false, got \(describedValue)") }
        return value
    }

    /// One of a fixed set of words, e.g. `move | delete | keep`.
    package func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws(ConfigError) -> T where T.RawValue == String {
        let word = try string()
        guard let value = T(rawValue: word) else {
            let options = T.allCases.map(\.rawValue).joined(separator: " | ")
            throw error("'\(LogEscaping.escape(word))' is not one of: \(options)")
        }
        return value
    }

    package func list() throws(ConfigError) -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw error("expected a list, got \(describedValue)") }
        return sequence.enumerated().map { index, element in
            YAMLValue(node: element, file: file, path: "\(path)[\(index)]")
        }
    }

    /// A list of texts; a single text is accepted as a list of one.
    package func strings() throws(ConfigError) -> [String] {
        if case .scalar = node { return [try string()] }
        var result: [String] = []
        for item in try list() { result.append(try item.string()) }
        return result
    }
}

extension ConfigError {
    init(yamlError: YamlError, file: String, text: String) {
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            self.init(file: file, line: mark.line, column: mark.column, key: "", reason: "YAML syntax error: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // The parser names the mapping, not the repeated line: that one is found in the text, with the keys above.
            let found = duplicates.sorted().first.flatMap { Self.repeatedKey($0, text: text, mappingLine: context.mark.line) }
            self.init(
                file: file, line: found?.line ?? context.mark.line, column: found?.column ?? context.mark.column,
                key: found?.path ?? duplicates.sorted().joined(separator: ", "),
                reason: "key given more than once" + (found.map { " (first on line \($0.firstLine))" } ?? ""))
        default:
            self.init(file: file, key: "", reason: "YAML error: \(yamlError)")
        }
    }
}

extension ConfigError {
    /// Where `key` is given a second time in the block mapping that starts on `mappingLine` (1-based): its line and
    /// column, the line of the first, and its dotted path through the keys above it. Nil when the text does not show
    /// it plainly (a flow mapping, a quoted key).
    static func repeatedKey(_ key: String, text: String, mappingLine: Int) -> (line: Int, column: Int, firstLine: Int, path: String)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        func indent(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }
        func keyOf(_ line: Substring) -> Substring? {
            var body = line.drop { $0 == " " }
            if body.hasPrefix("- ") { body = body.dropFirst(2).drop { $0 == " " } }
            guard let colon = body.firstIndex(of: ":"), !body.hasPrefix("#") else { return nil }
            let after = body.index(after: colon)
            guard after == body.endIndex || body[after] == " " else { return nil }
            return body[..<colon]
        }
        func isBlank(_ line: Substring) -> Bool {
            line.allSatisfy { $0 == " " } || line.drop(while: { $0 == " " }).hasPrefix("#")
        }
        guard mappingLine >= 1, mappingLine <= lines.count else { return nil }
        let start = mappingLine - 1
        let column = indent(lines[start]) + (lines[start].drop { $0 == " " }.hasPrefix("- ") ? 2 : 0)
        var first: Int?
        for index in start..<lines.count {
            let line = lines[index]
            if isBlank(line) { continue }
            let lineLevel = indent(line) + (line.drop { $0 == " " }.hasPrefix("- ") && index == start ? 2 : 0)
            if lineLevel < column { break }
            guard lineLevel == column, let name = keyOf(line), name == key else { continue }
            guard let firstIndex = first else { first = index; continue }
            // The keys of the mappings this one sits in, read upwards; a list element is its list's key and index.
            var components = [String(name)]
            var level = column
            var above = index - 1
            while above >= 0 && level > 0 {
                let line = lines[above]
                above -= 1
                if isBlank(line) { continue }
                let lineIndent = indent(line)
                let body = line.dropFirst(lineIndent)
                if body.hasPrefix("- ") {
                    guard lineIndent + 2 + body.dropFirst(2).prefix(while: { $0 == " " }).count == level else { continue }
                    // The element holding the key: its earlier siblings give its index, then comes the list's key
                    // (less indented, or as indented for a list written flush under its key).
                    var position = 0
                    var owner: (key: Substring, indent: Int)?
                    while above >= 0 {
                        let sibling = lines[above]
                        above -= 1
                        if isBlank(sibling) { continue }
                        let siblingIndent = indent(sibling)
                        if siblingIndent == lineIndent && sibling.dropFirst(siblingIndent).hasPrefix("- ") { position += 1; continue }
                        if siblingIndent > lineIndent { continue }
                        owner = keyOf(sibling).map { ($0, siblingIndent) }
                        break
                    }
                    guard let owner else {
                        components[0] = "[\(position)]." + components[0]
                        break
                    }
                    components.insert("\(owner.key)[\(position)]", at: 0)
                    level = owner.indent
                } else if lineIndent < level, let key = keyOf(line) {
                    components.insert(String(key), at: 0)
                    level = lineIndent
                }
            }
            return (index + 1, column + 1, firstIndex + 1, components.joined(separator: "."))
        }
        return nil
    }
}
