/// The four kinds of actor the gazetteer and the recogniser know.
public enum EntityType: String, Sendable, CaseIterable, Hashable {
    case person
    case organization
    case location
    case media
}
