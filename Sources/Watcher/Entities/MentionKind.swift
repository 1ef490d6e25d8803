/// How a mention was recognised: a full gazetteer name or variant, a short form (or a surname or part of a name
/// linked in the same article), a nationality adjective of a country, or a name found by discovery.
public enum MentionKind: String, Sendable, CaseIterable {
    case name
    case short
    case nationality
    case discovered

    /// Preference when two readings tie on length and cost: a name beats a short form beats a nationality.
    var rank: Int {
        switch self {
        case .name: 0
        case .short: 1
        case .discovered: 2
        case .nationality: 3
        }
    }
}
