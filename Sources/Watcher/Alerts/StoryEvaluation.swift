import Foundation
import SystemPackage

/// Measures story grouping: pairs that must group (edited copies of each seed, a rewrite of a wire story) and pairs
/// that must not (different articles, most on the same topic), scored at a similarity threshold.
public struct StoryEvaluation: Sendable {
    public struct Pair: Sendable {
        public let name: String
        public let sameStory: Bool
        public let similarity: Double
    }

    public let pairs: [Pair]

    /// Builds the pairs from the seed files and the three story fixtures.
    public init(pipeline: Pipeline, seeds: [URL], fixtures: URL) throws {
        func process(_ name: String, _ bytes: [UInt8]) -> StorySignature? {
            pipeline.process(DroppedFile(path: FilePath("/eval/" + name), relativePath: FilePath(name), bytes: bytes)).signature
        }
        var pairs: [Pair] = []
        var originals: [(String, StorySignature)] = []
        for seed in seeds.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            let text = try String(contentsOf: seed, encoding: .utf8)
            let name = String(seed.lastPathComponent.prefix(3))
            guard let original = process(seed.lastPathComponent, Array(text.utf8)) else { continue }
            originals.append((name, original))
            for variant in 0..<Self.editKinds.count {
                if let copy = process("copy.txt", Array(Self.edited(text, variant: variant).utf8)) {
                    pairs.append(Pair(name: "\(name) vs its copy (\(Self.editKinds[variant]))", sameStory: true, similarity: copy.similarity(to: original)))
                }
            }
        }
        for i in 0..<originals.count {
            for j in (i + 1)..<originals.count {
                pairs.append(Pair(name: "\(originals[i].0) vs \(originals[j].0)", sameStory: false, similarity: originals[i].1.similarity(to: originals[j].1)))
            }
        }
        let wire = process("wire-original.txt", Array(try Data(contentsOf: fixtures.appendingPathComponent("wire-original.txt"))))
        let rewrite = process("wire-rewrite.txt", Array(try Data(contentsOf: fixtures.appendingPathComponent("wire-rewrite.txt"))))
        let other = process("same-topic-other-story.txt", Array(try Data(contentsOf: fixtures.appendingPathComponent("same-topic-other-story.txt"))))
        if let wire, let rewrite, let other {
            pairs.append(Pair(name: "wire story vs another outlet's rewrite", sameStory: true, similarity: rewrite.similarity(to: wire)))
            pairs.append(Pair(name: "budget vote vs budget draft (same topic)", sameStory: false, similarity: other.similarity(to: wire)))
        }
        self.pairs = pairs
    }

    /// Precision and recall of "same story" at a threshold.
    public func score(threshold: Double) -> (precision: Double, recall: Double, truePositives: Int, falsePositives: Int, falseNegatives: Int) {
        let predicted = pairs.filter { $0.similarity >= threshold }
        let tp = predicted.filter(\.sameStory).count
        let fp = predicted.count - tp
        let fn = pairs.filter { $0.sameStory && $0.similarity < threshold }.count
        let precision = predicted.isEmpty ? 1 : Double(tp) / Double(predicted.count)
        let recall = tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn)
        return (precision, recall, tp, fp, fn)
    }

    public static let editKinds = ["last lines dropped", "new title and source line", "spelling variants, a paragraph cut", "chrome added, paragraphs swapped"]

    /// Light edits another outlet makes when it re-publishes a story.
    public static func edited(_ text: String, variant: Int) -> String {
        // Work on lines: some seeds separate paragraphs with blank lines, some with single newlines.
        var lines = text.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        switch variant {
        case 0:
            lines.removeLast(min(2, max(0, lines.count - 4)))
        case 1:
            lines[0] = "عاجل: " + lines[0] + " (تحديث)"
            lines.insert("المصدر: وكالات", at: 1)
        case 2:
            lines = lines.map {
                $0.replacingOccurrences(of: "الأميركية", with: "الأمريكية").replacingOccurrences(of: "الأميركي", with: "الأمريكي")
                    .replacingOccurrences(of: "ترمب", with: "ترامب")
            }
            lines.remove(at: lines.count / 2)
        default:
            lines.append("تابعونا على مواقع التواصل الاجتماعي")
            lines.append("اقرأ المزيد")
            if lines.count > 5 { lines.swapAt(3, 4) }
        }
        return lines.joined(separator: "\n\n")
    }
}
