/// One watched actor from a gazetteer file: who or what it is and every way the news writes it.
///
/// Names are stored as written; folding and proclitics are applied when the matcher is compiled.
public struct Actor: Sendable, Equatable {
    /// Stable slug, e.g. `mustafa-al-kadhimi`.
    public var id: String
    public var type: EntityType
    /// A finer kind such as `armed_group`, `country`, `agency`.
    public var subtype: String
    /// Canonical Arabic name.
    public var name: String
    public var nameEn: String
    /// Alternative full names, spellings, transliterations and acronyms (mention kind `name`).
    public var variants: [String]
    /// Unambiguous short forms such as a surname (mention kind `short`).
    public var short: [String]
    /// The umbrella actor's id (a faction's parent).
    public var parent: String?
    public var country: String?
    /// Masculine singular nisbas without ال (أميركي); the feminine, dual and plural forms are derived.
    public var nationality: [String]
    /// Where the entry was defined, for error messages.
    public var file: String
    public var line: Int

    public init(id: String, type: EntityType, subtype: String, name: String, nameEn: String, variants: [String] = [],
                short: [String] = [], parent: String? = nil, country: String? = nil, nationality: [String] = [],
                file: String = "<inline>", line: Int = 0) {
        self.id = id
        self.type = type
        self.subtype = subtype
        self.name = name
        self.nameEn = nameEn
        self.variants = variants
        self.short = short
        self.parent = parent
        self.country = country
        self.nationality = nationality
        self.file = file
        self.line = line
    }

    /// Every surface of a nationality adjective derived from its masculine singular: ة, ون/ين (= يون/يين on the
    /// nisba's ي), ان, تان, تين, ات, and the accusative ا (إيرانياً once harakat are folded away). The article is a
    /// proclitic and is not listed.
    public static func nationalityForms(of nisba: String) -> [String] {
        var base = nisba
        if !base.hasSuffix("ي") && !base.hasSuffix("ى") { base += "ي" }
        return ["", "ة", "ون", "ين", "ان", "تان", "تين", "ات", "ا"].map { base + $0 }
    }
}
