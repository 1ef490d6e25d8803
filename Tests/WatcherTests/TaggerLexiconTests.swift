import Foundation
import Testing
import Watcher

/// The tagger's word lists (wordfreq and hunspell-ar, `data/ner/*.tsv`): they load whole, they say what a word is,
/// and the features built on them fire.
@Suite struct TaggerLexiconTests {
    static let lexicon = TaggerLexicon.embedded
    static let root = EntityTestSupport.packageRoot

    static func lines(_ name: String) throws -> [Substring] {
        let text = try String(contentsOf: root.appendingPathComponent("data/ner/\(name)"), encoding: .utf8)
        return text.split(separator: "\n")
    }

    /// Every line of both lists is read (none malformed), the words are folded as watcherd folds, and the merged
    /// table holds the union.
    @Test func theListsLoadWholeAndFolded() throws {
        let wordfreq = try Self.lines("wordfreq-ar.tsv"), ayaspell = try Self.lines("ayaspell-ar.tsv")
        for (name, lines) in [("wordfreq-ar.tsv", wordfreq), ("ayaspell-ar.tsv", ayaspell)] {
            let parsed = Array(lines.joined(separator: "\n").utf8).withUnsafeBytes { TaggerLexicon.entryCount($0) }
            #expect(parsed == lines.count, "\(name): \(lines.count - parsed) lines not read")
            for line in lines.enumerated().filter({ $0.offset % 97 == 0 }).map(\.element) {
                let word = String(line.split(separator: "\t")[0])
                #expect(NormalizedText.fold(word) == word, "\(name): «\(word)» is not folded")
            }
        }
        let union = Set(wordfreq.map { $0.split(separator: "\t")[0] }).union(ayaspell.map { $0.split(separator: "\t")[0] })
        #expect(Self.lexicon.count == union.count)
        #expect(Self.lexicon.count > 200_000, "the lists are the full ones, not a sample")
    }

    /// What the codes say about a few words: a frequent noun with possessive forms, a verb, a country with its nisba,
    /// and a made-up name in neither list.
    @Test func codesSayWhatAWordIs() {
        let government = Self.lexicon.code("حكومة")
        #expect(government & TaggerLexicon.frequencyMask != 0)
        #expect(government & TaggerLexicon.Profile.possessive != 0, "حكومتها")
        #expect(government & TaggerLexicon.Section.noun != 0)
        #expect(Self.lexicon.code("يكتب") & TaggerLexicon.Section.verb != 0)
        #expect(Self.lexicon.code("مصر") & TaggerLexicon.Profile.nisba != 0, "مصرية")
        #expect(Self.lexicon.code("من") & TaggerLexicon.Section.function != 0)
        #expect(Self.lexicon.code("زيدونوفيتشكا") == 0)
    }

    /// The lexicon templates (the last four of the word's own rows) fire: a made-up word and a common one differ there, two made-up words
    /// of the same length share them, and the neighbours' own rows do not change.
    @Test func lexiconFeaturesFire() throws {
        let plain = try EntityRecognizer.load(extraFiles: []).with(tagger: nil)
        func rows(_ string: String) -> [UInt32] {
            let text = NormalizedText(string)
            let tokens = ArabicTokenizer.tokenize(text)
            let input = plain.taggerInput(text, tokens: tokens)
            var rows = [UInt32](repeating: 0, count: tokens.count * TaggerFeatures.count)
            rows.withUnsafeMutableBufferPointer { TaggerFeatures.extract(input, bits: 16, into: $0.baseAddress!) }
            return rows
        }
        let f = TaggerFeatures.count
        let lexical = (TaggerFeatures.ownCount - 4)..<TaggerFeatures.ownCount   // stem, coarse, profile and length, form
        func word(_ rows: [UInt32], _ t: Int, _ range: Range<Int>) -> [UInt32] { Array(rows[(t * f + range.lowerBound)..<(t * f + range.upperBound)]) }
        let unknown = rows("وصل زيدوفار أمس"), unknown2 = rows("وصل كيمورال أمس"), common = rows("وصل الحكومة أمس")
        #expect(word(unknown, 1, lexical) == word(unknown2, 1, lexical))
        #expect(word(unknown, 1, lexical) != word(common, 1, lexical))
        #expect(word(unknown, 2, lexical) == word(common, 2, lexical), "«أمس» keeps its own lexicon rows")
    }
}
