import Foundation
import Testing

/// An article whose body could not be found is recorded, and the daemon says so: a warning log line and a metric.
@Suite(.serialized)
struct ExtractionWarningIntegrationTests {
    @Test func emptyBodyIsLoggedAndCounted() throws {
        let daemon = try DaemonHarness()
        daemon.extraArguments = ["--metrics-interval", "1"]
        try daemon.start()
        try daemon.dropAtomically("title-only.txt", Data("عنوان وحيد بلا نص\n".utf8))
        let records = try daemon.waitForRecords(1)
        #expect(records[0]["status"] as? String == "ok")
        let extraction = (records[0]["article"] as? [String: Any])?["extraction"] as? [String: Any]
        #expect(extraction?["warnings"] as? [String] == ["body_empty", "no_date"])
        let metricsFile = daemon.state.appendingPathComponent("watcherd.prom")
        try daemon.waitUntil(timeout: .seconds(10), "metrics updated") {
            ((try? String(contentsOf: metricsFile, encoding: .utf8)) ?? "").contains(#"watcherd_extraction_warnings_total{warning="body_empty"} 1"#)
        }
        #expect(daemon.logText().contains("extraction may be incomplete"))
        #expect(try daemon.stop() == 0)
    }

    /// The entities of recorded articles are counted by source and `known`: the seed's names from the gazetteer
    /// and the one the name tagger found there that no list has (seed 004's «الشرق الأوسط»).
    @Test func entitiesAreCountedBySource() throws {
        let seeds = DaemonHarness.packageRoot.appendingPathComponent("seeds")
        let name = try FileManager.default.contentsOfDirectory(atPath: seeds.path).first { $0.hasPrefix("004_") }!
        let daemon = try DaemonHarness()
        daemon.extraArguments = ["--metrics-interval", "1"]
        try daemon.start()
        try daemon.dropAtomically(name, Data(contentsOf: seeds.appendingPathComponent(name)))
        let records = try daemon.waitForRecords(1)
        let entities = records[0]["entities"] as? [[String: Any]] ?? []
        let count = { (source: String, known: Bool) in
            entities.filter { $0["source"] as? String == source && $0["known"] as? Bool == known }.count
        }
        #expect(count("gazetteer", true) > 0 && count("tagger", false) > 0)
        let expected = [#"watcherd_entities_total{source="gazetteer",known="true"} \#(count("gazetteer", true))"#,
                        #"watcherd_entities_total{source="tagger",known="false"} \#(count("tagger", false))"#]
        let metricsFile = daemon.state.appendingPathComponent("watcherd.prom")
        try daemon.waitUntil(timeout: .seconds(10), "entities counted") {
            let text = (try? String(contentsOf: metricsFile, encoding: .utf8)) ?? ""
            return expected.allSatisfy(text.contains)
        }
        let unknown = count("tagger", false) + count("trigger", false)
        let status = try runWatcherd(["status", "--state", daemon.state.path])
        #expect(status.output.contains("entities: \(count("gazetteer", true)) listed, \(unknown) unlisted (tagger \(count("tagger", false))"),
                "\(status.output)")
        let json = try runWatcherd(["status", "--json", "--state", daemon.state.path])
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect((object?["entities"] as? [String: Any])?["unknown"] as? Int == unknown)
        #expect(try daemon.stop() == 0)
    }
}
