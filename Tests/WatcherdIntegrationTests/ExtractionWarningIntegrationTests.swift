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
}
