/// What a page says about itself outside the body: `<title>`, `<meta>`, `<link rel=canonical>`, `<html lang>`,
/// JSON-LD, the first `<h1>` and `<time datetime>`.
struct HeadMetadata {
    var title: String?
    var meta: [String: String] = [:]
    var canonical: String?
    var language: String?
    var linkedData: LinkedData?
    var firstHeading: String?
    var timeElement: String?

    init(_ root: HTMLNode) {
        language = root.attribute("lang").flatMap { $0.isEmpty ? nil : $0 }
        root.walk { node in
            switch node.name {
            case "title"?:
                if title == nil { title = nonEmpty(node.text) }
            case "meta"?:
                if let key = (node.attribute("property") ?? node.attribute("name"))?.lowercased(),
                   let content = node.attribute("content").flatMap(nonEmpty), meta[key] == nil {
                    meta[key] = content
                }
            case "link"?:
                if node.attribute("rel")?.lowercased() == "canonical" { canonical = node.attribute("href").flatMap(nonEmpty) }
            case "script"?:
                if linkedData == nil, node.attribute("type")?.lowercased().contains("ld+json") == true {
                    var json = ""
                    for child in node.children { if case .text(let text) = child.kind { json += text } }
                    linkedData = LinkedData(json: json)
                }
                return false
            case "h1"?:
                if firstHeading == nil { firstHeading = nonEmpty(node.text) }
            case "a"?:
                return false  // a <time> inside a link dates another story's teaser
            case "time"?:
                if timeElement == nil { timeElement = node.attribute("datetime").flatMap(nonEmpty) }
            default: break
            }
            return true
        }
    }

    /// Cleaned and with leftover character references decoded (a CMS that escaped twice); nil when empty.
    private func nonEmpty(_ text: String) -> String? {
        let clean = CleanText.line(HTMLEntities.decode(text))
        return clean.isEmpty ? nil : clean
    }
}
