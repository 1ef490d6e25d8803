import Foundation

/// The watched actors: the embedded `data/gazetteer.yaml` plus the user's own files, merged in order.
///
/// A later file may add actors, or extend an earlier actor by repeating its `id` without a `type` (adding
/// `variants`, `short` and `nationality`). Every problem is a ``ConfigError`` with file, line and key.
public struct Gazetteer: Sendable {
    public private(set) var actors: [Actor]
    private var indexByID: [String: Int]

    static let entryKeys: Set<String> = [
        "id", "type", "subtype", "name", "name_en", "variants", "short", "parent", "country", "nationality",
    ]

    /// The file name the embedded gazetteer is reported under.
    public static let embeddedName = "<embedded>/gazetteer.yaml"

    /// Loads from texts (already read) in order; references (`parent`, `country`) are checked once all are merged.
    public init(sources: [(text: String, file: String)]) throws(ConfigError) {
        actors = []
        indexByID = [:]
        for source in sources { try merge(source.text, file: source.file) }
        try checkReferences()
    }

    /// The embedded gazetteer followed by the files at `paths`.
    public static func load(extraFiles paths: [String]) throws(ConfigError) -> Gazetteer {
        var sources: [(text: String, file: String)] = []
        if let embedded = EmbeddedData.files["gazetteer.yaml"] { sources.append((embedded, embeddedName)) }
        for path in paths {
            sources.append((try ConfigText.read(path), path))
        }
        return try Gazetteer(sources: sources)
    }

    public func actor(id: String) -> Actor? { indexByID[id].map { actors[$0] } }

    private mutating func merge(_ text: String, file: String) throws(ConfigError) {
        guard let root = try YAMLValue.parse(text, file: file), !root.isNull else { return }
        for item in try root.list() {
            let members = try item.members(allowed: Self.entryKeys)
            var fields: [String: YAMLValue] = [:]
            for (key, value) in members { fields[key] = value }
            guard let idValue = fields["id"] else { throw item.error("an actor needs an `id`") }
            let id = try idValue.string()
            guard Self.isSlug(id) else {
                throw idValue.error("'\(LogEscaping.escape(id))' is not a slug (lower-case ASCII letters, digits and -)")
            }
            if fields["type"] == nil, let existing = indexByID[id] {
                try extend(&actors[existing], with: fields, at: item)
                continue
            }
            if let existing = indexByID[id] {
                let first = actors[existing]
                throw idValue.error("duplicate id '\(id)': already defined at \(first.file):\(first.line); "
                    + "to add variants to it, repeat the id without `type`")
            }
            actors.append(try Self.actor(id: id, fields: fields, at: item))
            indexByID[id] = actors.count - 1
        }
    }

    private static func actor(id: String, fields: [String: YAMLValue], at item: YAMLValue) throws(ConfigError) -> Actor {
        func required(_ key: String) throws(ConfigError) -> YAMLValue {
            guard let value = fields[key] else { throw item.error("actor '\(id)' needs `\(key)`") }
            return value
        }
        let type = try required("type").choice(EntityType.self)
        let name = try nonEmpty(try required("name"))
        let subtype = try fields["subtype"].map { (v) throws(ConfigError) in try v.string() } ?? ""
        let nameEn = try fields["name_en"].map { (v) throws(ConfigError) in try v.string() } ?? ""
        var actor = Actor(id: id, type: type, subtype: subtype, name: name, nameEn: nameEn, file: item.file, line: item.line)
        actor.parent = try fields["parent"].map { (v) throws(ConfigError) in try v.string() }
        actor.country = try fields["country"].map { (v) throws(ConfigError) in try v.string() }
        try extend(&actor, with: fields, at: item)
        return actor
    }

    private func extend(_ actor: inout Actor, with fields: [String: YAMLValue], at item: YAMLValue) throws(ConfigError) {
        try Self.extend(&actor, with: fields, at: item)
    }

    private static func extend(_ actor: inout Actor, with fields: [String: YAMLValue], at item: YAMLValue) throws(ConfigError) {
        if let value = fields["variants"] { actor.variants += try names(value) }
        if let value = fields["short"] { actor.short += try names(value) }
        if let value = fields["nationality"] {
            guard actor.type == .location else {
                throw value.error("only a location (a country or region) has nationality adjectives")
            }
            actor.nationality += try names(value)
        }
    }

    private static func names(_ value: YAMLValue) throws(ConfigError) -> [String] {
        var result: [String] = []
        if case .scalar = value.node { return [try nonEmpty(value)] }
        for item in try value.list() { result.append(try nonEmpty(item)) }
        return result
    }

    /// A name must contain at least one letter once folded; «ـ» or «،» alone would match nothing or everything.
    private static func nonEmpty(_ value: YAMLValue) throws(ConfigError) -> String {
        let text = try value.string()
        let tokens = ArabicTokenizer.tokenize(NormalizedText(text))
        guard !tokens.isEmpty else { throw value.error("'\(LogEscaping.escape(text))' has no letters to match") }
        return text
    }

    private func checkReferences() throws(ConfigError) {
        for actor in actors {
            for (key, reference) in [("parent", actor.parent), ("country", actor.country)] {
                guard let reference, indexByID[reference] == nil else { continue }
                throw ConfigError(file: actor.file, line: actor.line, key: "\(actor.id).\(key)",
                                  reason: "unknown \(key) '\(LogEscaping.escape(reference))': no actor has that id")
            }
        }
    }

    private static func isSlug(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x2E
        }
    }
}
