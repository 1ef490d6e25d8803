/// Scores the recogniser against hand-written gold.
///
/// Criterion: an expected entity is found when an entity with its id is recognised in the same document; an
/// expected `new:<name>` is found when a discovered (unknown) entity's name folds to the same words, ignoring a
/// leading article. Every recognised entity not matched so is a false positive, whatever its mentions' kinds.
/// Mentions are scored apart: an expected surface is found when a mention of the matched entity folds to it, allowing
/// the و ف ب ك ل clitics the mention leaves out.
public enum EntityEvaluation {
    /// The outcome for one gold document.
    public struct DocumentResult: Sendable {
        public var id: String
        public var score = EntityScore()
        /// Gold ids not found.
        public var missed: [String] = []
        /// Recognised entities not in the gold: id and the surfaces they were recognised from.
        public var spurious: [(id: String, type: EntityType, surfaces: [String])] = []
        public var surfacesFound = 0
        public var surfacesExpected = 0
        /// Expected surfaces of found entities that no mention matched, as `id «surface»`.
        public var surfacesMissed: [String] = []
        /// Scores by entity type (a false positive counts under the recognised type).
        public var byType: [EntityType: EntityScore] = [:]
    }

    /// Runs `recognizer` over each document (`texts[id]` when the gold has no text) and scores it.
    public static func evaluate(_ gold: EntityGold, texts: [String: String] = [:],
                                with recognizer: EntityRecognizer) -> [DocumentResult] {
        gold.documents.compactMap { document in
            guard let text = document.text ?? texts[document.id] else { return nil }
            return score(document, recognized: recognizer.recognize(text))
        }
    }

    /// Scores one document's recognised entities against its gold.
    public static func score(_ document: EntityGold.Document, recognized: [Entity]) -> DocumentResult {
        var result = DocumentResult(id: document.id)
        var used = Set<Int>()
        for expected in document.expected {
            let match = recognized.indices.first { index in
                !used.contains(index) && matches(expected, recognized[index])
            }
            let type = expected.type ?? match.map { recognized[$0].type }
            let surfaces = Set(expected.surfaces + expected.nationality)
            result.surfacesExpected += surfaces.count
            if let match {
                used.insert(match)
                result.score.truePositives += 1
                if let type { result.byType[type, default: EntityScore()].truePositives += 1 }
                let mentions = recognized[match].mentions.map { NormalizedText.fold($0.text) }
                for surface in surfaces.sorted() {
                    if mentions.contains(where: { surfaceMatches(NormalizedText.fold(surface), $0) }) {
                        result.surfacesFound += 1
                    } else {
                        result.surfacesMissed.append("\(expected.id) «\(surface)»")
                    }
                }
            } else {
                result.score.falseNegatives += 1
                result.missed.append(expected.id)
                if let type { result.byType[type, default: EntityScore()].falseNegatives += 1 }
            }
        }
        for (index, entity) in recognized.enumerated() where !used.contains(index) {
            result.score.falsePositives += 1
            result.byType[entity.type, default: EntityScore()].falsePositives += 1
            var surfaces: [String] = []
            for mention in entity.mentions where !surfaces.contains(mention.text) { surfaces.append(mention.text) }
            result.spurious.append((entity.id, entity.type, surfaces))
        }
        return result
    }

    static func matches(_ expected: EntityGold.Expected, _ entity: Entity) -> Bool {
        guard expected.isDiscovered else { return entity.id == expected.id }
        guard !entity.known else { return false }
        return nameKey(String(expected.id.dropFirst(4))) == nameKey(entity.name)
    }

    /// A name's folded words, the first without its article.
    static func nameKey(_ name: String) -> String {
        var words = NormalizedText.fold(name).split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        if let first = words.first, first.hasPrefix("ال"), first.count > 3 { words[0] = String(first.dropFirst(2)) }
        return words.joined(separator: " ")
    }

    /// Whether a folded gold surface is the folded mention, possibly behind و ف ب ك ل clitics.
    static func surfaceMatches(_ surface: String, _ mention: String) -> Bool {
        guard surface.hasSuffix(mention) else { return false }
        let prefix = surface.dropLast(mention.count)
        return prefix.count <= 2 && prefix.allSatisfy { "وفبكل".contains($0) }
    }
}
