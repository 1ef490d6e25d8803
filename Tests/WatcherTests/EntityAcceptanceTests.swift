import Foundation
import Testing
import Watcher

/// The acceptance bar: over the seeds' gold, precision ≥ 0.95 and recall ≥ 0.98 with the embedded gazetteer.
@Suite struct EntityAcceptanceTests {
    @Test func seedsMeetPrecisionAndRecall() throws {
        let root = EntityTestSupport.packageRoot
        let goldPath = root.appendingPathComponent("Tests/Fixtures/entities/seeds-gold.yaml").path
        let gold = try EntityGold.seeds(try String(contentsOfFile: goldPath, encoding: .utf8), file: goldPath)
        let seeds = root.appendingPathComponent("seeds")
        var texts: [String: String] = [:]
        for document in gold.documents {
            texts[document.id] = try String(contentsOf: seeds.appendingPathComponent(document.id), encoding: .utf8)
        }
        #expect(texts.count == 5)
        let recognizer = try EntityRecognizer.load(extraFiles: [])
        var total = EntityScore()
        for result in EntityEvaluation.evaluate(gold, texts: texts, with: recognizer) { total += result.score }
        #expect(total.precision >= 0.95, "precision \(total.precision): \(total)")
        #expect(total.recall >= 0.98, "recall \(total.recall): \(total)")
    }

    @Test func newsSetIsScoredPerType() throws {
        let root = EntityTestSupport.packageRoot
        let path = root.appendingPathComponent("Tests/Fixtures/entities/news-gold.yaml").path
        let gold = try EntityGold.news(try String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(gold.documents.count >= 30)
        let results = EntityEvaluation.evaluate(gold, with: try EntityRecognizer.load(extraFiles: []))
        var total = EntityScore()
        for result in results { total += result.score }
        #expect(total.f1 >= 0.9, "news F1 \(total.f1): \(total)")
    }
}
