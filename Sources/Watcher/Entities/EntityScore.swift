/// True/false positives and false negatives, with precision, recall and F1 over them.
public struct EntityScore: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    public init() {}

    /// 1 when nothing was predicted (no false claims were made).
    public var precision: Double {
        let predicted = truePositives + falsePositives
        return predicted == 0 ? 1 : Double(truePositives) / Double(predicted)
    }

    /// 1 when nothing was expected.
    public var recall: Double {
        let expected = truePositives + falseNegatives
        return expected == 0 ? 1 : Double(truePositives) / Double(expected)
    }

    public var f1: Double {
        let p = precision
        let r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    public static func += (a: inout EntityScore, b: EntityScore) {
        a.truePositives += b.truePositives
        a.falsePositives += b.falsePositives
        a.falseNegatives += b.falseNegatives
    }
}
