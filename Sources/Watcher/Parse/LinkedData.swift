import Foundation

/// The fields of a schema.org `NewsArticle` (or `Article`, `ReportageNewsArticle`, …) found in JSON-LD.
package struct LinkedData: Sendable, Equatable {
    package var headline: String?
    package var alternativeHeadline: String?
    package var datePublished: String?
    package var dateModified: String?
    package var author: String?
    package var publisher: String?
    package var url: String?
    package var language: String?
    /// The story's text as the outlet gave it (plain text or HTML); read when the page shows little of it.
    package var articleBody: String?

    /// The types accepted as an article.
    static let articleTypes: Set<String> = [
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "OpinionNewsArticle",
        "BackgroundNewsArticle", "Report",
    ]

    /// The first article object in a JSON-LD script (top level, in an array, or in `@graph`); nil when none.
    package init?(json: String) {
        guard let data = json.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let object = Self.findArticle(value) else { return nil }
        headline = Self.string(object["headline"]) ?? Self.string(object["name"])
        alternativeHeadline = Self.string(object["alternativeHeadline"])
        datePublished = Self.string(object["datePublished"])
        dateModified = Self.string(object["dateModified"])
        author = Self.names(object["author"])
        publisher = Self.names(object["publisher"])
        url = Self.string(object["url"]) ?? Self.names(object["mainEntityOfPage"], key: "@id")
        language = Self.string(object["inLanguage"])
        articleBody = (object["articleBody"] as? String).flatMap { $0.utf8.contains(where: { $0 > 0x20 }) ? $0 : nil }
    }

    private static func findArticle(_ value: Any) -> [String: Any]? {
        if let array = value as? [Any] {
            for element in array { if let found = findArticle(element) { return found } }
            return nil
        }
        guard let object = value as? [String: Any] else { return nil }
        let types: [String] = (object["@type"] as? String).map { [$0] } ?? (object["@type"] as? [String]) ?? []
        if types.contains(where: articleTypes.contains) { return object }
        if let graph = object["@graph"] { return findArticle(graph) }
        return nil
    }

    /// A text value, trimmed; numbers are spelled out.
    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String:
            let clean = CleanText.line(HTMLEntities.decode(text))
            return clean.isEmpty ? nil : clean
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    /// A person or organisation as text: a string, `{"name": …}`, or a list of either joined with «، ».
    static func names(_ value: Any?, key: String = "name") -> String? {
        if let text = string(value) { return text }
        if let object = value as? [String: Any] { return string(object[key]) }
        if let array = value as? [Any] {
            let parts = array.compactMap { names($0, key: key) }
            return parts.isEmpty ? nil : parts.joined(separator: "، ")
        }
        return nil
    }
}
