import Foundation
import NERTraining
import Testing
import Watcher

/// The statistical name tagger: its embedded model, its training (deterministic), its scoring and its place in the
/// recogniser (gazetteer first, then tagger spans as unknown entities with source `tagger`).
@Suite struct NameTaggerTests {
    static let recognizer = try! EntityRecognizer.load(extraFiles: [])
    static let trainPath = EntityTestSupport.packageRoot.appendingPathComponent("data/ner/anercorp-train.conll").path

    /// The first `count` sentences of the training file, as the daemon tokenises them.
    static func sentences(_ count: Int) throws -> [TaggedSentence] {
        let corpus = try CoNLLCorpus.read(paths: [trainPath])
        let plain = recognizer.with(tagger: nil)
        return corpus.sentences.prefix(count).map { TaggedSentence($0, recognizer: plain) }
    }

    /// Its load time is a figure, printed by `watcherd eval --conll` (make eval), not asserted here.
    @Test func embeddedModelIsSmallAndRoundTrips() throws {
        let model = try NameTagger.embeddedModel.get()
        #expect(model.byteCount <= 20 << 20, "model of \(model.byteCount) bytes")
        #expect(model.bits >= 16, "the embedded model is a trained one, not a stand-in")
        let bytes = model.serialized()
        let again = try bytes.withUnsafeBytes { try TaggerModel(bytes: $0, file: "copy") }
        #expect(again.serialized() == bytes)
        #expect(Self.recognizer.tagger != nil)
    }

    @Test func damagedModelsAreRefusedWithTheFileNamed() throws {
        let bytes = try NameTagger.embeddedModel.get().serialized()
        #expect(throws: TaggerModelError.self) {
            try Array(bytes.dropLast(10)).withUnsafeBytes { try TaggerModel(bytes: $0, file: "cut.model") }
        }
        do {
            _ = try Array("not a model".utf8).withUnsafeBytes { try TaggerModel(bytes: $0, file: "x.model") }
            Issue.record("accepted a non-model")
        } catch {
            #expect("\(error)".contains("x.model"))
        }
    }

    @Test func trainingIsDeterministic() throws {
        let sentences = try Self.sentences(400)
        let trainer = PerceptronTrainer(bits: 14, epochs: 2, seed: 7)
        let first = trainer.train(sentences).serialized()
        let second = trainer.train(sentences).serialized()
        #expect(first == second)
        let reseeded = PerceptronTrainer(bits: 14, epochs: 2, seed: 8).train(sentences).serialized()
        #expect(first != reseeded, "the seed reaches the shuffle")
    }

    @Test func trainingLearnsItsData() throws {
        let sentences = try Self.sentences(300)
        let tagger = NameTagger(model: PerceptronTrainer(bits: 16, epochs: 6).train(sentences))
        let score = SpanScore.total(TaggerEvaluation.score(tagger, on: sentences).exact)
        #expect(score.f1 > 0.9, "training-set F1 \(score.f1)")
    }

    @Test func splitProcliticsAreGluedToTheirWord() throws {
        let sentence = CoNLLCorpus.Sentence(tokens: ["زار", "و", "الوزير", "علي", "حسن", "بغداد", "."],
                                            labels: [.outside, .outside, .outside, .begin(.person), .inside(.person), .begin(.location), .outside])
        let tagged = TaggedSentence(sentence, recognizer: Self.recognizer.with(tagger: nil))
        #expect(tagged.text == "زار والوزير علي حسن بغداد .")
        #expect(tagged.gold == [.outside, .outside, .begin(.person), .inside(.person), .begin(.location)])
        #expect(NameSpan.spans(of: tagged.gold) == [NameSpan(first: 2, end: 4, type: .person), NameSpan(first: 4, end: 5, type: .location)])
    }

    @Test func unknownTagsAreCountedNotDropped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conll-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a.conll").path
        try "بغداد B-LOC\n. Oالإصابة\n\nقال O\n".write(toFile: path, atomically: true, encoding: .utf8)
        let corpus = try CoNLLCorpus.read(paths: [path])
        #expect(corpus.sentences.count == 2)
        #expect(corpus.unknownTags.count == 1 && corpus.unknownTags[0].contains("a.conll:2"))
    }

    @Test func exactAndOverlapScoresDiffer() {
        var score = SpanScore()
        score.add(gold: [NameSpan(first: 0, end: 2, type: .person), NameSpan(first: 5, end: 6, type: .location)],
                  predicted: [NameSpan(first: 1, end: 2, type: .person), NameSpan(first: 8, end: 9, type: .organization)])
        #expect(score.exact[.person]?.truePositives == nil || score.exact[.person]?.truePositives == 0)
        #expect(score.overlap[.person]?.truePositives == 1)
        #expect(score.errors[.wrongBoundary] == 1 && score.errors[.missed] == 1 && score.errors[.spurious] == 1)
    }

    /// A commander and a faction no gazetteer lists become unknown entities from the tagger; known actors keep their ids.
    @Test func unlistedNamesBecomeTaggerEntities() {
        let text = "وقال القائد الميداني أبو حيدر الشمري إن جماعة أنصار الفجر ستواصل عملياتها في محافظة نينوى، فيما أكد رئيس الوزراء العراقي محمد شياع السوداني أن الحكومة ستلاحق المهاجمين."
        let entities = Self.recognizer.recognize(text)
        let unknown = entities.filter { !$0.known }
        #expect(unknown.contains { $0.source == .tagger || $0.source == .trigger }, "\(entities.map(\.id))")
        for entity in entities where entity.source == .tagger {
            #expect(!entity.known && entity.id == "new:" + NormalizedText.fold(entity.name))
        }
        #expect(entities.contains { $0.known && $0.source == .gazetteer })
        let withoutTagger = Self.recognizer.with(tagger: nil).recognize(text)
        #expect(!withoutTagger.contains { $0.source == .tagger })
    }
}
