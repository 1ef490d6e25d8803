/// The kinds of name the tagger marks, in the CoNLL spelling of ANERcorp (PERS, LOC, ORG, MISC).
public enum NameType: Int, Sendable, CaseIterable, Comparable {
    case person = 0
    case location = 1
    case organization = 2
    case miscellaneous = 3

    /// The CoNLL tag suffix: PERS, LOC, ORG, MISC.
    public var conll: String {
        switch self {
        case .person: "PERS"
        case .location: "LOC"
        case .organization: "ORG"
        case .miscellaneous: "MISC"
        }
    }

    public init?(conll: some StringProtocol) {
        guard let type = Self.allCases.first(where: { $0.conll == conll }) else { return nil }
        self = type
    }

    /// The entity type a tagged span becomes in a record; MISC (events, products, languages…) has none.
    public var entityType: EntityType? {
        switch self {
        case .person: .person
        case .location: .location
        case .organization: .organization
        case .miscellaneous: nil
        }
    }

    public static func < (a: NameType, b: NameType) -> Bool { a.rawValue < b.rawValue }
}

/// One BIO tag as a small integer: 0 is O, then B and I of each ``NameType`` in turn (B-PERS 1, I-PERS 2, …).
public struct NameLabel: Sendable, Hashable {
    public let rawValue: UInt8

    public static let count = 1 + 2 * NameType.allCases.count
    public static let outside = NameLabel(rawValue: 0)

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static func begin(_ type: NameType) -> NameLabel { NameLabel(rawValue: UInt8(1 + 2 * type.rawValue)) }
    public static func inside(_ type: NameType) -> NameLabel { NameLabel(rawValue: UInt8(2 + 2 * type.rawValue)) }

    public var type: NameType? { rawValue == 0 ? nil : NameType(rawValue: (Int(rawValue) - 1) / 2) }
    public var isBegin: Bool { rawValue != 0 && rawValue % 2 == 1 }
    public var isInside: Bool { rawValue != 0 && rawValue % 2 == 0 }

    /// Parses `O`, `B-PERS`, `I-LOC`…; nil for anything else.
    public init?(conll tag: some StringProtocol) {
        if tag == "O" { self = .outside; return }
        let parts = tag.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, let type = NameType(conll: parts[1]) else { return nil }
        switch parts[0] {
        case "B": self = .begin(type)
        case "I": self = .inside(type)
        default: return nil
        }
    }

    public var conll: String {
        guard let type else { return "O" }
        return (isBegin ? "B-" : "I-") + type.conll
    }

    @inline(__always)
    static func isInsideRaw(_ label: Int) -> Bool { label != 0 && label % 2 == 0 }

    /// Whether `next` may follow `previous` (nil: the sentence start): an I- tag continues a name of its own type.
    @inline(__always)
    static func allowed(_ previous: Int, _ next: Int) -> Bool {
        guard next != 0, next % 2 == 0 else { return true }
        return previous == next || previous == next - 1
    }
}

/// A tagged name: token range `[first, end)` and its type.
public struct NameSpan: Sendable, Hashable {
    public var first: Int
    public var end: Int
    public var type: NameType

    public init(first: Int, end: Int, type: NameType) {
        self.first = first
        self.end = end
        self.type = type
    }

    /// The spans of a BIO sequence; an I- tag that continues nothing opens a span (as conlleval reads it).
    public static func spans(of labels: [NameLabel]) -> [NameSpan] {
        var result: [NameSpan] = []
        var open: NameSpan? = nil
        for (t, label) in labels.enumerated() {
            if let current = open, !(label.isInside && label.type == current.type) {
                result.append(current)
                open = nil
            }
            if let type = label.type, open == nil { open = NameSpan(first: t, end: t, type: type) }
            open?.end = t + 1
        }
        if let open { result.append(open) }
        return result
    }
}
