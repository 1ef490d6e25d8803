import Yams

/// Hand-written expected entities for evaluation: the seeds' gold (per file) and the independent news set.
public struct EntityGold: Sendable {
    /// One expected entity: a gazetteer id or `new:<Arabic name>` for an actor discovery should find.
    public struct Expected: Sendable {
        public var id: String
        public var type: EntityType?
        /// Surfaces as written in the text.
        public var surfaces: [String]
        /// Nationality adjectives that refer to it.
        public var nationality: [String]
        public var kind: MentionKind?

        public var isDiscovered: Bool { id.hasPrefix("new:") }
    }

    /// One gold document.
    public struct Document: Sendable {
        public var id: String
        /// The text, when the gold carries it (news items); seeds are read from their files.
        public var text: String?
        /// What the item exercises (clitics, traps, discovery, …).
        public var tests: [String]
        public var expected: [Expected]
    }

    public var documents: [Document]

    /// Parses the seeds gold: a mapping from file name to a list of `{id, surface, nationality}`.
    public static func seeds(_ yaml: String, file: String) throws(ConfigError) -> EntityGold {
        guard let root = try YAMLValue.parse(yaml, file: file) else { return EntityGold(documents: []) }
        guard case .mapping = root.node else { throw root.error("expected a mapping from seed file name to entities") }
        var documents: [Document] = []
        for (name, value) in members(of: root) {
            documents.append(Document(id: name, text: nil, tests: [], expected: try entities(value)))
        }
        return EntityGold(documents: documents)
    }

    /// Parses the news gold: a list of `{id, text, tests, entities: [{id, type, surface, kind}]}`.
    public static func news(_ yaml: String, file: String) throws(ConfigError) -> EntityGold {
        guard let root = try YAMLValue.parse(yaml, file: file) else { return EntityGold(documents: []) }
        var documents: [Document] = []
        for item in try root.list() {
            var document = Document(id: "", text: nil, tests: [], expected: [])
            for (key, value) in try item.members(allowed: ["id", "text", "tests", "entities", "note", "notes"]) {
                switch key {
                case "id": document.id = try value.string()
                case "text": document.text = try value.string()
                case "tests": document.tests = value.isNull ? [] : try value.strings()
                case "entities": document.expected = value.isNull ? [] : try entities(value)
                default: break
                }
            }
            guard document.text != nil else { throw item.error("a news item needs `text`") }
            documents.append(document)
        }
        return EntityGold(documents: documents)
    }

    /// The members of a mapping whose keys are data (file names), not a fixed vocabulary.
    private static func members(of value: YAMLValue) -> [(String, YAMLValue)] {
        guard case .mapping(let mapping) = value.node else { return [] }
        return mapping.map { key, node in
            let name = key.string ?? "?"
            return (name, YAMLValue(node: node, file: value.file, path: name))
        }
    }

    private static func entities(_ value: YAMLValue) throws(ConfigError) -> [Expected] {
        if value.isNull { return [] }
        var result: [Expected] = []
        for item in try value.list() {
            var expected = Expected(id: "", type: nil, surfaces: [], nationality: [], kind: nil)
            for (key, field) in try item.members(allowed: ["id", "type", "surface", "surfaces", "nationality", "kind", "note"]) {
                switch key {
                case "id": expected.id = try field.string()
                case "type": expected.type = try field.choice(EntityType.self)
                case "surface", "surfaces": expected.surfaces = field.isNull ? [] : try field.strings()
                case "nationality": expected.nationality = field.isNull ? [] : try field.strings()
                case "kind": expected.kind = try field.choice(MentionKind.self)
                default: break
                }
            }
            guard !expected.id.isEmpty else { throw item.error("an expected entity needs `id`") }
            result.append(expected)
        }
        return result
    }
}
