import Foundation
import Testing
import Watcher

@Suite struct EntityRecordTests {
    @Test func entitiesFollowTextInTheRecord() throws {
        let text = "قال الرئيس الأميركي دونالد ترمب"
        let digest = RecordKey(hashing: Array(text.utf8))
        let info = ArticleRecord.FileInfo(path: "/drop/a.txt", relativePath: "a.txt", bytes: text.utf8.count, sha256: digest)
        var record = ArticleRecord(id: digest, file: info, ingestedAt: .now(), status: .ok, encoding: "utf-8", text: text)
        record.entities = EntityTestSupport.recognizer.recognize(text)
        let line = String(decoding: record.jsonLine(), as: UTF8.self)
        let textKey = try #require(line.range(of: "\"text\":"))
        let entitiesKey = try #require(line.range(of: "\"entities\":"))
        #expect(textKey.lowerBound < entitiesKey.lowerBound)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let entities = try #require(json["entities"] as? [[String: Any]])
        #expect(entities.map { $0["id"] as? String } == ["united-states", "donald-trump"])
        let trump = entities[1]
        #expect(trump["type"] as? String == "person")
        #expect(trump["known"] as? Bool == true)
        #expect(trump["count"] as? Int == 1)
        #expect(trump["roles"] as? [String] == ["الرئيس الأميركي"])
        let mention = try #require((trump["mentions"] as? [[String: Any]])?.first)
        #expect(mention["text"] as? String == "دونالد ترمب")
        #expect(mention["start"] as? Int == 20)
        #expect(mention["end"] as? Int == 31)
        #expect(mention["kind"] as? String == "name")
        #expect(mention["sentence"] as? Int == 0)
    }
}
