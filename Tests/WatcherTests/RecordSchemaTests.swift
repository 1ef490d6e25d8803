import Foundation
import Testing
import Watcher

/// The records of the seeds and fixtures against schemas/article.schema.json, checked by a small interpreter of
/// the keywords the schema uses (type, required, properties, additionalProperties, enum, const, items, $ref,
/// oneOf, allOf/if/then, not, pattern, minimum, minLength), so the Swift suite needs no Python.
@Suite struct RecordSchemaTests {
    static let inputs = Fixtures.seedNames.map { "seeds/" + $0 } + [
        "Tests/Fixtures/parse/jsonld-article.html", "Tests/Fixtures/parse/og-only-article.html",
        "Tests/Fixtures/parse/scraper-article.json", "Tests/Fixtures/encodings/002.windows-1256.txt",
    ]

    @Test(arguments: inputs) func recordMatchesSchema(path: String) throws {
        let result = try Fixtures.record(path)
        let record = try Fixtures.json(result.line)
        let schema = try JSONSerialization.jsonObject(with: Data(try Fixtures.bytes("schemas/article.schema.json"))) as! [String: Any]
        let violations = SchemaCheck(root: schema).check(record, against: schema, at: "")
        #expect(violations.isEmpty, "\(violations)")
        #expect(record["status"] as? String == "ok")
        // `article` follows `text`, and `id` stays first.
        let line = String(decoding: result.line, as: UTF8.self)
        #expect(line.hasPrefix("{\"id\":"))
        #expect(line.range(of: "\"text\":")!.lowerBound < line.range(of: "\"article\":")!.lowerBound)
    }

    @Test func errorRecordMatchesSchema() throws {
        let result = try Fixtures.record("seeds/" + Fixtures.seedNames[0], name: "scan.pdf")
        let record = try Fixtures.json(result.line)
        let schema = try JSONSerialization.jsonObject(with: Data(try Fixtures.bytes("schemas/article.schema.json"))) as! [String: Any]
        #expect(SchemaCheck(root: schema).check(record, against: schema, at: "").isEmpty)
        #expect((record["error"] as? [String: Any])?["code"] as? String == "unsupported_format")
    }

    @Test func checkerCatchesViolations() throws {
        let schema = try JSONSerialization.jsonObject(with: Data(try Fixtures.bytes("schemas/article.schema.json"))) as! [String: Any]
        var record = try Fixtures.json(try Fixtures.record("seeds/" + Fixtures.seedNames[1]).line)
        var article = record["article"] as! [String: Any]
        article["published"] = "24 July"
        article.removeValue(forKey: "paragraphs")
        record["article"] = article
        #expect(SchemaCheck(root: schema).check(record, against: schema, at: "").count == 2)
    }
}

/// The subset of JSON Schema 2020-12 that article.schema.json uses.
struct SchemaCheck {
    let root: [String: Any]

    func check(_ value: Any, against schema: [String: Any], at path: String) -> [String] {
        var errors: [String] = []
        if let ref = schema["$ref"] as? String, ref.hasPrefix("#/$defs/"),
           let defs = root["$defs"] as? [String: Any], let target = defs[String(ref.dropFirst(8))] as? [String: Any] {
            errors += check(value, against: target, at: path)
        }
        if let types = schema["type"].map({ ($0 as? [String]) ?? [$0 as! String] }), !types.contains(where: { matches(value, $0) }) {
            errors.append("\(path): expected \(types), got \(value)")
            return errors
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { equal($0, value) }) {
            errors.append("\(path): \(value) not in enum")
        }
        if let constant = schema["const"], !equal(constant, value) { errors.append("\(path): not \(constant)") }
        if let pattern = schema["pattern"] as? String, let text = value as? String,
           text.range(of: pattern, options: .regularExpression) == nil {
            errors.append("\(path): '\(text)' does not match \(pattern)")
        }
        if let minimum = schema["minimum"] as? Int, let number = value as? Int, number < minimum { errors.append("\(path): below minimum") }
        if let minLength = schema["minLength"] as? Int, let text = value as? String, text.count < minLength { errors.append("\(path): too short") }
        if let object = value as? [String: Any], !(value is NSNull) {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { errors.append("\(path): missing \(key)") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, member) in object {
                if let sub = properties[key] as? [String: Any] {
                    errors += check(member, against: sub, at: path + "/" + key)
                } else if schema["additionalProperties"] as? Bool == false {
                    errors.append("\(path): unexpected key \(key)")
                }
            }
        }
        if let items = schema["items"] as? [String: Any], let array = value as? [Any] {
            for (index, element) in array.enumerated() { errors += check(element, against: items, at: "\(path)/\(index)") }
        }
        if let options = schema["oneOf"] as? [[String: Any]],
           options.filter({ check(value, against: $0, at: path).isEmpty }).count != 1 {
            errors.append("\(path): matches not exactly one of oneOf")
        }
        for part in schema["allOf"] as? [[String: Any]] ?? [] {
            if let condition = part["if"] as? [String: Any] {
                if check(value, against: condition, at: path).isEmpty, let then = part["then"] as? [String: Any] {
                    errors += check(value, against: then, at: path)
                }
            } else {
                errors += check(value, against: part, at: path)
            }
        }
        if let negated = schema["not"] as? [String: Any], check(value, against: negated, at: path).isEmpty {
            errors.append("\(path): matches a forbidden schema")
        }
        return errors
    }

    private func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "string": return value is String
        case "integer": return (value as? NSNumber).map { !isBool($0) && $0.doubleValue == Double($0.intValue) } ?? false
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "boolean": return (value as? NSNumber).map(isBool) ?? false
        default: return false
        }
    }

    private func isBool(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    private func equal(_ a: Any, _ b: Any) -> Bool {
        if a is NSNull || b is NSNull { return a is NSNull && b is NSNull }
        if let a = a as? String, let b = b as? String { return a == b }
        return false
    }
}
