import Foundation

/// Reads watch rules from YAML and checks them against the gazetteer. Every problem names the file, line, rule and
/// reason: an unknown actor id, an empty condition, a bad severity.
///
/// A rules file is a list of rules, or a mapping with a `rules:` list:
/// ```yaml
/// rules:
///   - id: militia-threats
///     description: Armed factions threaten US forces
///     severity: high
///     when:
///       all:
///         - types: [armed_group]
///         - keywords: [هدد, تهديد]
///       near: sentence
/// ```
public struct RuleLoader {
    public let gazetteer: Gazetteer
    private var rules: [AlertRule] = []
    private var keywords: [Keyword] = []
    private var keywordIndex: [Keyword: Int] = [:]
    private var ruleIDs: [String: String] = [:]
    private let children: [String: [String]]
    private let knownTypes: Set<String>

    static let leafKeys: Set<String> = ["actors", "keywords", "types"]
    static let nodeKeys: Set<String> = ["all", "any", "none"]
    static let conditionKeys: Set<String> = leafKeys.union(nodeKeys).union(["near", "min_mentions", "in", "include_children", "known", "exact"])
    /// Which kind of condition each modifier belongs to.
    static let modifierKinds: [String: Set<String>] = [
        "min_mentions": leafKeys, "in": leafKeys, "include_children": ["actors"], "known": ["types"], "exact": ["keywords"], "near": ["all"],
    ]

    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        var children: [String: [String]] = [:]
        var types = Set(EntityType.allCases.map(\.rawValue))
        for actor in gazetteer.actors {
            if let parent = actor.parent { children[parent, default: []].append(actor.id) }
            types.insert(actor.subtype)
        }
        self.children = children
        self.knownTypes = types
    }

    /// Adds the rules of one YAML text.
    public mutating func add(_ text: String, file: String) throws(ConfigError) {
        guard let root = try YAMLValue.parse(text, file: file), !root.isNull else { return }
        let list: YAMLValue
        if case .mapping = root.node {
            guard let rulesValue = try root.members(allowed: ["rules"]).first?.value else { return }
            list = rulesValue
        } else {
            list = root
        }
        for item in try list.list() { try addRule(item) }
    }

    /// The compiled rule set.
    public func build() -> RuleSet { RuleSet(rules: rules, keywords: keywords) }

    /// Adds one rule given as a YAML mapping.
    package mutating func addRule(_ value: YAMLValue) throws(ConfigError) {
        var id: String?, description = "", severity: Severity?, condition: RuleCondition?
        for (key, member) in try value.members(allowed: ["id", "description", "severity", "when"]) {
            switch key {
            case "id":
                let text = try member.string()
                guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0) }) else {
                    throw member.error("a rule id is letters, digits, '-', '_' or '.'; got '\(LogEscaping.escape(text))'")
                }
                if let previous = ruleIDs[text] { throw member.error("rule '\(text)' is defined twice (first at \(previous))") }
                id = text
            case "description": description = try member.string()
            case "severity": severity = try member.choice(Severity.self)
            case "when": condition = try parseCondition(member, rule: id ?? "?")
            default: break
            }
        }
        guard let id else { throw value.error("a rule needs an id") }
        guard let severity else { throw value.error("rule '\(id)' needs a severity: info | low | medium | high | critical") }
        guard let condition else { throw value.error("rule '\(id)' needs a condition under 'when'") }
        ruleIDs[id] = "\(value.file):\(value.line)"
        rules.append(AlertRule(id: id, description: description, severity: severity, condition: condition, file: value.file, line: value.line))
    }

    private mutating func parseCondition(_ value: YAMLValue, rule: String) throws(ConfigError) -> RuleCondition {
        let members = try value.members(allowed: Self.conditionKeys)
        let kinds = members.filter { Self.leafKeys.contains($0.key) || Self.nodeKeys.contains($0.key) }
        guard kinds.count == 1, let (kind, body) = kinds.first else {
            let found = kinds.isEmpty ? "none" : kinds.map(\.key).joined(separator: ", ")
            throw value.error("rule '\(rule)': a condition needs exactly one of actors, keywords, types, all, any, none (found \(found))")
        }
        var leaf = RuleCondition.Leaf()
        var near: RuleCondition.Proximity?
        var includeChildren = false
        var known: Bool?
        var exactAll = false
        for (key, member) in members {
            // A modifier where it means nothing would be ignored without a word: the rule would not do what it says.
            if let allowed = Self.modifierKinds[key], !allowed.contains(kind) {
                let placement = allowed == Self.leafKeys ? "a leaf (actors, keywords or types)" : allowed.sorted().map { "'\($0)'" }.joined(separator: " or ")
                throw member.error("rule '\(rule)': '\(key)' applies to \(placement), not to '\(kind)'"
                                   + (Self.nodeKeys.contains(kind) && allowed == Self.leafKeys ? "; put it on the leaves inside" : ""))
            }
            switch key {
            case "min_mentions", "in", "include_children", "known", "exact":
                try Self.inRule(rule) { () throws(ConfigError) in
                    switch key {
                    case "min_mentions": leaf.minMentions = try member.int(in: 1...10_000)
                    case "in": leaf.scope = try member.choice(RuleCondition.Scope.self)
                    case "include_children": includeChildren = try member.bool()
                    case "known": known = try member.bool()
                    default: exactAll = try member.bool()
                    }
                }
            case "near":
                if let word = try? member.string(), word == "sentence" {
                    near = .sentence
                } else if let count = try? member.int(in: 1...1_000) {
                    near = .tokens(count)
                } else {
                    throw member.error("rule '\(rule)': 'near' is 'sentence' or a number of tokens from 1 to 1000, not '\(LogEscaping.escape((try? member.string()) ?? "?"))'")
                }
            default: break
            }
        }
        switch kind {
        case "actors":
            var ids = Set<String>()
            for item in try body.strings().enumerated() {
                guard gazetteer.actor(id: item.element) != nil else {
                    let place = (try? body.list())?[item.offset] ?? body
                    throw place.error("rule '\(rule)': unknown actor id '\(LogEscaping.escape(item.element))'; ids are the gazetteer's (see data/gazetteer.yaml)")
                }
                ids.insert(item.element)
                if includeChildren { ids.formUnion(descendants(of: item.element)) }
            }
            guard !ids.isEmpty else { throw body.error("rule '\(rule)': empty condition: list at least one actor id") }
            return .actors(ids, leaf)
        case "keywords":
            var indices: [Int] = []
            let items: [YAMLValue] = (try? body.list()) ?? [body]
            for item in items {
                let keyword: Keyword
                if case .mapping = item.node {
                    var text = "", exact = exactAll
                    for (key, member) in try item.members(allowed: ["text", "exact"]) {
                        if key == "text" { text = try member.string() } else { exact = try member.bool() }
                    }
                    keyword = Keyword(text, exact: exact)
                } else {
                    keyword = Keyword(try item.string(), exact: exactAll)
                }
                guard !keyword.text.trimmingCharacters(in: .whitespaces).isEmpty else { throw item.error("rule '\(rule)': an empty keyword") }
                // Keywords are matched word by word, and punctuation is no word: such a keyword would never match.
                guard keyword.exact || keyword.text.unicodeScalars.contains(where: { CharacterSet.alphanumerics.contains($0) }) else {
                    throw item.error("rule '\(rule)': the keyword '\(LogEscaping.escape(keyword.text))' has no letter or digit, so it can never match a word; give it with exact: true to find it literally")
                }
                indices.append(index(of: keyword))
            }
            guard !indices.isEmpty else { throw body.error("rule '\(rule)': empty condition: list at least one keyword") }
            return .keywords(indices, leaf)
        case "types":
            let types = try body.strings()
            for type in types where !knownTypes.contains(type) {
                throw body.error("rule '\(rule)': unknown type '\(LogEscaping.escape(type))'; use person, organization, location, media or a subtype such as armed_group, country, base")
            }
            guard !types.isEmpty else { throw body.error("rule '\(rule)': empty condition: list at least one type") }
            // Names found in the text, not in the gazetteer, have a type but no subtype.
            let topTypes = Set(EntityType.allCases.map(\.rawValue))
            if known == false, !types.contains(where: topTypes.contains), let subtype = types.first {
                throw body.error("rule '\(rule)': '\(LogEscaping.escape(subtype))' with known: false can never match: names found in the text have a type (person, organization, location, media) but no subtype; use the type")
            }
            return .types(Set(types), known: known, leaf)
        default:
            var parts: [RuleCondition] = []
            for item in try body.list() { parts.append(try parseCondition(item, rule: rule)) }
            guard !parts.isEmpty else { throw body.error("rule '\(rule)': empty condition: '\(kind)' needs at least one condition") }
            switch kind {
            case "all": return .all(parts, near: near)
            case "any": return .any(parts)
            default: return .none(parts)
            }
        }
    }

    /// A typed read's error with the rule's id in front, as every other rule error has it.
    private static func inRule<T>(_ rule: String, _ read: () throws(ConfigError) -> T) throws(ConfigError) -> T {
        do {
            return try read()
        } catch {
            throw ConfigError(file: error.file, line: error.line, column: error.column, key: error.key, reason: "rule '\(rule)': \(error.reason)")
        }
    }

    private mutating func index(of keyword: Keyword) -> Int {
        if let existing = keywordIndex[keyword] { return existing }
        keywords.append(keyword)
        keywordIndex[keyword] = keywords.count - 1
        return keywords.count - 1
    }

    /// Every actor below `id` through `parent` links (factions of an umbrella, and theirs).
    private func descendants(of id: String) -> Set<String> {
        var found = Set<String>()
        var stack = children[id] ?? []
        while let next = stack.popLast() {
            if found.insert(next).inserted { stack += children[next] ?? [] }
        }
        return found
    }
}
