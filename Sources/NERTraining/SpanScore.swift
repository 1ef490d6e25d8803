import Watcher

/// Entity-level scores per type, as conlleval and seqeval count them: a predicted name is right when a gold name
/// has its type and exactly its tokens (exact), or its type and at least one of its tokens (overlap; each gold name
/// matched once).
public struct SpanScore: Sendable {
    public var exact: [NameType: EntityScore] = [:]
    public var overlap: [NameType: EntityScore] = [:]
    /// Errors by kind, for the error table.
    public var errors: [ErrorKind: Int] = [:]
    /// Errors by kind and type (the gold name's type; a spurious or unscored one's predicted type).
    public var errorsByType: [ErrorKind: [NameType: Int]] = [:]
    /// Gold names predicted with another type: `confusion[gold][predicted]` (right span or overlapping).
    public var confusion: [NameType: [NameType: Int]] = [:]
    /// With the sentences' words: each missed gold name ("TYPE name") and how often.
    public var missedNames: [String: Int] = [:]
    /// With the sentences' words: each spurious predicted name ("TYPE name") and how often.
    public var falseNames: [String: Int] = [:]
    /// With the sentences' words: each gold name found with the right type and other boundaries, as
    /// "TYPE gold → predicted" (the first prediction of its type on it, where it was found in pieces), and how often.
    public var boundaryErrors: [String: Int] = [:]

    public enum ErrorKind: String, CaseIterable, Sendable, Comparable {
        /// Gold name with no predicted name on any of its tokens.
        case missed = "missed (no name predicted on it)"
        /// Predicted name touching no gold name.
        case spurious = "spurious (no gold name there)"
        /// Same tokens, other type.
        case wrongType = "right span, wrong type"
        /// Same type, other boundaries.
        case wrongBoundary = "right type, wrong boundaries"
        /// Overlapping, other type and boundaries.
        case wrongBoth = "overlapping, wrong type and boundaries"
        /// Predicted name on a gold name of a type not scored (the whole recogniser's names on MISC ones).
        case unscored = "on a gold name of a type not scored"

        public static func < (a: ErrorKind, b: ErrorKind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public init() {}

    /// Adds one sentence's gold and predicted names; `words` (one per token) names the errors.
    public mutating func add(gold: [NameSpan], predicted: [NameSpan], types: Set<NameType> = Set(NameType.allCases),
                             words: [String]? = nil) {
        func text(_ span: NameSpan) -> String? { words.map { $0[span.first..<span.end].joined(separator: " ") } }
        func name(_ span: NameSpan) -> String? { text(span).map { span.type.conll + " " + $0 } }
        let unscored = gold.filter { !types.contains($0.type) }
        let gold = gold.filter { types.contains($0.type) }
        let predicted = predicted.filter { types.contains($0.type) }
        let goldSet = Set(gold)
        for p in predicted {
            if goldSet.contains(p) { exact[p.type, default: EntityScore()].truePositives += 1 }
            else { exact[p.type, default: EntityScore()].falsePositives += 1 }
        }
        let predictedSet = Set(predicted)
        for g in gold where !predictedSet.contains(g) { exact[g.type, default: EntityScore()].falseNegatives += 1 }

        var used = [Bool](repeating: false, count: gold.count)
        for p in predicted {
            if let i = gold.indices.first(where: { !used[$0] && gold[$0].type == p.type && Self.overlaps(gold[$0], p) }) {
                used[i] = true
                overlap[p.type, default: EntityScore()].truePositives += 1
            } else {
                overlap[p.type, default: EntityScore()].falsePositives += 1
            }
        }
        for (i, g) in gold.enumerated() where !used[i] { overlap[g.type, default: EntityScore()].falseNegatives += 1 }

        for g in gold where !predictedSet.contains(g) {
            let touching = predicted.filter { Self.overlaps(g, $0) }
            let kind: ErrorKind
            if touching.isEmpty { kind = .missed }
            else if touching.contains(where: { $0.first == g.first && $0.end == g.end }) { kind = .wrongType }
            else if touching.contains(where: { $0.type == g.type }) { kind = .wrongBoundary }
            else { kind = .wrongBoth }
            errors[kind, default: 0] += 1
            errorsByType[kind, default: [:]][g.type, default: 0] += 1
            if kind == .missed, let n = name(g) { missedNames[n, default: 0] += 1 }
            if kind == .wrongBoundary, let n = name(g), let found = touching.first(where: { $0.type == g.type }).flatMap(text) {
                boundaryErrors[n + " → " + found, default: 0] += 1
            }
            if kind == .wrongType || kind == .wrongBoth, let other = touching.first(where: { $0.type != g.type }) {
                confusion[g.type, default: [:]][other.type, default: 0] += 1
            }
        }
        for p in predicted where !goldSet.contains(p) && !gold.contains(where: { Self.overlaps($0, p) }) {
            let kind: ErrorKind = unscored.contains(where: { Self.overlaps($0, p) }) ? .unscored : .spurious
            errors[kind, default: 0] += 1
            errorsByType[kind, default: [:]][p.type, default: 0] += 1
            if kind == .spurious, let n = name(p) { falseNames[n, default: 0] += 1 }
        }
    }

    static func overlaps(_ a: NameSpan, _ b: NameSpan) -> Bool { a.first < b.end && b.first < a.end }

    public static func total(_ byType: [NameType: EntityScore]) -> EntityScore {
        var total = EntityScore()
        for type in NameType.allCases { total += byType[type] ?? EntityScore() }
        return total
    }

    public static func += (a: inout SpanScore, b: SpanScore) {
        for (type, score) in b.exact { a.exact[type, default: EntityScore()] += score }
        for (type, score) in b.overlap { a.overlap[type, default: EntityScore()] += score }
        for (kind, count) in b.errors { a.errors[kind, default: 0] += count }
        for (kind, byType) in b.errorsByType {
            for (type, count) in byType { a.errorsByType[kind, default: [:]][type, default: 0] += count }
        }
        for (gold, row) in b.confusion {
            for (predicted, count) in row { a.confusion[gold, default: [:]][predicted, default: 0] += count }
        }
        for (name, count) in b.missedNames { a.missedNames[name, default: 0] += count }
        for (name, count) in b.falseNames { a.falseNames[name, default: 0] += count }
        for (name, count) in b.boundaryErrors { a.boundaryErrors[name, default: 0] += count }
    }
}
