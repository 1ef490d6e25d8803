/// One actor as it appears in one article: who it is and every place it is mentioned.
public struct Entity: Sendable, Equatable {
    /// The gazetteer id, or `new:` + the folded name for an unknown actor, however found, so that «إدلب» and «ادلب»
    /// are one id across articles.
    public var id: String
    public var type: EntityType
    public var subtype: String
    /// Canonical Arabic name (for a discovered actor, as first written).
    public var name: String
    public var nameEn: String
    /// Whether the actor is in the gazetteer.
    public var known: Bool
    /// What found it: the gazetteer, the statistical tagger, or a trigger (title, verb, head noun).
    public var source: EntitySource
    /// For an unknown actor, the evidence it was found by or introduced with, e.g. `title:السفير الأميركي`, `verb:قال`,
    /// `head:وزارة`; a person the tagger named has one where a title, reporting verb or apposition stands by it.
    public var trigger: String?
    /// Roles written next to the person, e.g. «رئيس الوزراء العراقي», in order of first appearance.
    public var roles: [String]
    /// Mentions in text order.
    public var mentions: [EntityMention]

    /// Mentions by name, short form or discovery; nationality adjectives are counted apart (see ``nationalityCount``).
    public var count: Int { mentions.count - nationalityCount }
    public var nationalityCount: Int { mentions.reduce(0) { $0 + ($1.kind == .nationality ? 1 : 0) } }

    /// Without a `source`, a known actor comes from the gazetteer and an unknown one from a trigger.
    public init(id: String, type: EntityType, subtype: String, name: String, nameEn: String, known: Bool,
                source: EntitySource? = nil, trigger: String? = nil, roles: [String] = [], mentions: [EntityMention] = []) {
        self.id = id
        self.type = type
        self.subtype = subtype
        self.name = name
        self.nameEn = nameEn
        self.known = known
        self.source = source ?? (known ? .gazetteer : .trigger)
        self.trigger = trigger
        self.roles = roles
        self.mentions = mentions
    }

    /// A known actor's entity, before any mention is added.
    init(actor: Actor) {
        self.init(id: actor.id, type: actor.type, subtype: actor.subtype, name: actor.name, nameEn: actor.nameEn,
                  known: true)
    }
}

/// Which recogniser found an entity: the gazetteer's names, the statistical name tagger, or discovery by a trigger
/// word (a title, a reporting verb, a head noun such as وزارة).
public enum EntitySource: String, Sendable, CaseIterable {
    case gazetteer
    case tagger
    case trigger
}
