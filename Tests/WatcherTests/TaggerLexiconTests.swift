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
        let clusters = try Self.lines("clusters-ar.tsv"), names = try Self.lines("names-ar.tsv")
        let union = Set(wordfreq.map { $0.split(separator: "\t")[0] }).union(ayaspell.map { $0.split(separator: "\t")[0] })
            .union(clusters.map { $0.split(separator: "\t")[0] }).union(names.map { $0.split(separator: "\t")[0] })
        #expect(Self.lexicon.count == union.count)
        #expect(Self.lexicon.count > 200_000, "the lists are the full ones, not a sample")
    }

    /// The word clusters (`data/ner/clusters-ar.tsv`) load whole into the same table: every line read, none rejected,
    /// and a stem gets the three ids its line gives (a sample of lines, and a few stems of frequent words); a made-up
    /// word has none.
    @Test func theClustersLoadWhole() throws {
        let lines = try Self.lines("clusters-ar.tsv")
        #expect(lines.count > 20_000, "the cluster list is the full one, not a sample")
        #expect(Self.lexicon.clustered == lines.count)
        #expect(Self.lexicon.clusterLinesRejected == 0)
        var fine = Set<UInt16>()
        for line in lines.enumerated().filter({ $0.offset % 53 == 0 }).map(\.element) {
            let fields = line.split(separator: "\t")
            let word = String(fields[0])
            #expect(NormalizedText.fold(word) == word, "«\(word)» is not folded")
            let expected = TaggerLexicon.Cluster(fine: UInt16(fields[1])!, mid: UInt16(fields[2])!, coarse: UInt16(fields[3])!)
            #expect(Self.lexicon.cluster(word) == expected, "«\(word)»")
            fine.insert(expected.fine)
        }
        #expect(fine.count > 200, "the sample spans many clusters")
        for word in ["قاهره", "رئيس", "مصر", "حكومه"] {
            #expect(Self.lexicon.cluster(word).fine != 0, "«\(word)» has a cluster")
        }
        #expect(Self.lexicon.cluster("زيدونوفيتشكا") == TaggerLexicon.Cluster())
        #expect(Self.lexicon.code("قاهره") & ~0x3FFF == 0, "the cluster's bits stay out of the code")
        #expect(Self.lexicon.code("حكومه") & TaggerLexicon.Section.noun != 0, "a clustered word keeps its code")
    }

    /// A cluster list with malformed lines and a line that contradicts the nesting: those are counted and not read,
    /// the others are.
    @Test func badClusterLinesAreCountedNotRead() {
        // Rejected: a nesting that contradicts an earlier line's, too few fields, a field too many, an id out of
        // range, no word, a word too long to store (its hash would name another word), and a stem listed again
        // (with another id or the same: OR-ing two ids would make a third). The blank line is no line.
        let long = String(repeating: "ب", count: 300)
        let text = "كلمه\t5\t2\t1\nاخري\t5\t3\t1\nثالثه\t7\n\nرابعه\t6\t2\t1\tزائد\nخامسه\t2000\t2\t1\nسادسه\t6\t2\t1\n"
            + "\t5\t2\t1\n\(long)\t5\t2\t1\nكلمه\t6\t2\t1\nكلمه\t5\t2\t1\n"
        let lexicon = Array(text.utf8).withUnsafeBytes { clusters in
            Array("".utf8).withUnsafeBytes { empty in TaggerLexicon(wordfreq: empty, ayaspell: empty, clusters: clusters) }
        }
        #expect(lexicon.clustered == 2)
        #expect(lexicon.clusterLinesRejected == 8)
        #expect(lexicon.cluster(String(repeating: "ب", count: 256)) == TaggerLexicon.Cluster(), "a long word is not cut to another")
        #expect(lexicon.cluster("كلمه") == TaggerLexicon.Cluster(fine: 5, mid: 2, coarse: 1))
        #expect(lexicon.cluster("سادسه") == TaggerLexicon.Cluster(fine: 6, mid: 2, coarse: 1))
        #expect(lexicon.cluster("اخري") == TaggerLexicon.Cluster(), "its nesting contradicts «كلمه»'s")
        #expect(lexicon.code("كلمه") == 0)
    }

    /// The name lists (`data/ner/names-ar.tsv`) load whole into the same table: every line read, none rejected, each
    /// word with the flags its line gives (a sample), known places, countries and first names with theirs; the flags
    /// stay out of the code and the cluster.
    @Test func theNameListsLoadWhole() throws {
        let lines = try Self.lines("names-ar.tsv")
        #expect(lines.count > 20_000, "the name list is the full one, not a sample")
        #expect(Self.lexicon.named == lines.count)
        #expect(Self.lexicon.nameLinesRejected == 0)
        var flags = Set<UInt8>()
        for line in lines.enumerated().filter({ $0.offset % 41 == 0 }).map(\.element) {
            let fields = line.split(separator: "\t")
            let word = String(fields[0])
            #expect(NormalizedText.fold(word) == word, "«\(word)» is not folded")
            #expect(Self.lexicon.nameFlags(word) == UInt8(fields[1])!, "«\(word)»")
            flags.insert(UInt8(fields[1])!)
        }
        #expect(flags.count > 10, "the sample spans many combinations of flags")
        let flag = TaggerLexicon.NameFlags.self
        for place in ["مشهد", "بغداد", "الشارقة", "شارقه", "تمنراست"] {
            #expect(Self.lexicon.nameFlags(place) & flag.place != 0, "«\(place)» is a place")
        }
        #expect(Self.lexicon.nameFlags("هونغ") & flag.placeFirst != 0, "هونغ كونغ")
        #expect(Self.lexicon.nameFlags("كونغ") & flag.placeLater != 0, "هونغ كونغ")
        #expect(Self.lexicon.nameFlags("لبنان") & flag.country != 0)
        #expect(Self.lexicon.nameFlags("محمد") & flag.firstName != 0)
        #expect(Self.lexicon.nameFlags("فاطمة") & flag.firstName != 0)
        #expect(Self.lexicon.nameFlags("البرغوثي") & flag.familyName != 0)
        #expect(Self.lexicon.nameFlags("زيدونوفيتشكا") == 0)
        #expect(Self.lexicon.code("بغداد") & ~0x3FFF == 0, "the name flags stay out of the code")
        #expect(Self.lexicon.code("بغداد") != 0, "a listed name keeps its word-list code")
    }

    /// A name list with malformed lines: those are counted and not read, the others are, and flags of one word on
    /// two lines combine.
    @Test func badNameLinesAreCountedNotRead() {
        // Rejected: no flags, flags 0, flags above 63, a field too many, not a number, no word, a word too long to
        // store. The blank line is no line.
        let long = String(repeating: "ب", count: 300)
        let text = "بغداد\t4\nبغداد\t32\nمحمد\t1\nكلمه\nاخري\t0\nثالثه\t64\nرابعه\t4\t1\nخامسه\tx\n\n\t4\n\(long)\t4\nسادسه\t2"
        let lexicon = Array(text.utf8).withUnsafeBytes { names in
            Array("".utf8).withUnsafeBytes { empty in
                TaggerLexicon(wordfreq: empty, ayaspell: empty, clusters: empty, names: names)
            }
        }
        #expect(lexicon.named == 4)
        #expect(lexicon.nameLinesRejected == 7)
        #expect(lexicon.count == 3)
        #expect(lexicon.nameFlags("بغداد") == TaggerLexicon.NameFlags.place | TaggerLexicon.NameFlags.country)
        #expect(lexicon.nameFlags("محمد") == TaggerLexicon.NameFlags.firstName)
        #expect(lexicon.nameFlags("سادسه") == TaggerLexicon.NameFlags.familyName, "the last line needs no newline")
        for word in ["كلمه", "اخري", "ثالثه", "رابعه", "خامسه", String(repeating: "ب", count: 256)] {
            #expect(lexicon.nameFlags(word) == 0, "«\(word)»")
        }
        #expect(lexicon.code("بغداد") == 0 && lexicon.cluster("بغداد") == TaggerLexicon.Cluster())
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

    /// The lexicon templates (rows 14–17 of the word's own) fire: a made-up word and a common one differ there, two
    /// made-up words of the same length share them, and the neighbours' own rows do not change. So do the cluster
    /// templates.
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
        let lexical = 14..<18   // stem, coarse, profile and length, form
        func word(_ rows: [UInt32], _ t: Int, _ range: Range<Int>) -> [UInt32] { Array(rows[(t * f + range.lowerBound)..<(t * f + range.upperBound)]) }
        let unknown = rows("وصل زيدوفار أمس"), unknown2 = rows("وصل كيمورال أمس"), common = rows("وصل الحكومة أمس")
        #expect(word(unknown, 1, lexical) == word(unknown2, 1, lexical))
        #expect(word(unknown, 1, lexical) != word(common, 1, lexical))
        #expect(word(unknown, 2, lexical) == word(common, 2, lexical), "«أمس» keeps its own lexicon rows")

        // The cluster rows (the last three of the word's own, and the fourth of the neighbour at −1): two stems of one
        // fine cluster share them, a stem of another coarse cluster does not, and the next word sees the difference.
        let entries = try Self.lines("clusters-ar.tsv").map { $0.split(separator: "\t") }
            .filter { e in e[0].count >= 4 && !["ال", "و", "ف", "لل", "بال", "كال"].contains { e[0].hasPrefix($0) } }
        let first = try #require(entries.first)
        let same = try #require(entries.dropFirst().first { $0[1] == first[1] })
        let other = try #require(entries.first { $0[3] != first[3] })
        let cluster = 18..<21
        let before = (TaggerFeatures.neighbourStart(0) + 3)..<(TaggerFeatures.neighbourStart(0) + 4)
        let a = rows("وصل \(first[0]) أمس"), b = rows("وصل \(same[0]) أمس"), c = rows("وصل \(other[0]) أمس")
        #expect(word(a, 1, cluster) == word(b, 1, cluster), "«\(first[0])» and «\(same[0])» share a fine cluster")
        #expect(word(a, 1, cluster) != word(c, 1, cluster))
        #expect(word(a, 2, before) == word(b, 2, before))
        #expect(word(a, 2, before) != word(c, 2, before))

        // The name-list rows (the word's own 21–23): two unlisted words share them, a listed place and a listed first
        // name differ from those and from each other.
        let names = 21..<24
        let place = rows("وصل مشهد أمس"), person = rows("وصل محمد أمس")
        #expect(TaggerFeatures.ownCount == 24)
        #expect(word(unknown, 1, names) == word(unknown2, 1, names))
        #expect(word(unknown, 1, names) != word(place, 1, names))
        #expect(word(person, 1, names) != word(place, 1, names))
        // With a proclitic the stem's flags are the place's, the whole form's row differs.
        let clitic = rows("وصل ومشهد أمس")
        #expect(word(clitic, 1, 21..<22) == word(place, 1, 21..<22))
        #expect(word(clitic, 1, 22..<23) != word(place, 1, 22..<23))
    }
}
