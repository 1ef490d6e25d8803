import Foundation

/// The parser's tables as written in YAML, before compilation: the embedded `data/parser.yaml` with the user's
/// `parser_tables` files merged over it (lists appended, maps merged key by key, numbers replaced).
package struct ParserTableSource: Sendable {
    package var outlets: [(name: String, english: String)] = []
    package var captionCredits: [String] = []
    package var creditLabels: [String] = []
    package var chromeLines: [String] = []
    package var endMarkers: [String] = []
    package var readMoreMarkers: [String] = []
    package var breadcrumbRoots: [String] = []
    package var followPrefixes: [String] = []
    package var titleLabels: [String] = []
    package var linkBoxHeadings: [String] = []
    /// Per-site overrides by host (lowercased, without `www.`); a later file's entry for a host replaces it.
    package var sites: [String: SiteOverride] = [:]
    package var htmlChromeClasses: [String] = []
    package var htmlCommentsClasses: [String] = []
    package var commentsPrefaceWords: [String] = []
    package var dateLineWords: [String] = []
    package var metadataLabels: [(label: String, field: MetadataField)] = []
    package var subheadingMaxWords = 8
    package var months: [(name: String, month: Int)] = []
    package var weekdays: [String] = []
    package var ordinals: [(name: String, day: Int)] = []
    package var past: [String] = []
    package var next: [String] = []
    package var current: [String] = []
    package var this: [String] = []
    package var monthNouns: [String] = []
    package var yearNouns: [String] = []
    package var yearWords: [String] = []
    package var hijriMarkers: [String] = []
    package var hijriMonths: [(name: String, month: Int)] = []
    package var calendarJoiners: [String] = []
    package var prepositions: [String] = []
    package var timeWords: [String] = []
    package var am: [String] = []
    package var pm: [String] = []
    package var zones: [(name: String, offsetMinutes: Int)] = []

    package init() {}

    static let topLevelKeys: Set<String> = [
        "outlets", "caption_credits", "credit_labels", "chrome_lines", "end_markers", "read_more_markers", "breadcrumb_roots",
        "metadata_labels", "subheading_max_words", "dates", "html_chrome_classes", "follow_prefixes", "sites",
        "html_comments_classes", "comments_preface_words", "date_line_words", "title_labels", "link_box_headings",
    ]
    static let dateKeys: Set<String> = [
        "months", "weekdays", "ordinals", "past", "next", "current", "this", "month_nouns", "year_nouns",
        "year_words", "prepositions", "time_words", "zones", "am", "pm", "hijri_markers", "hijri_months", "calendar_joiners",
    ]

    /// Merges one YAML document over these tables; any mistake is a ``ConfigError`` with file, line and key.
    package mutating func merge(yaml text: String, file: String) throws(ConfigError) {
        guard let root = try YAMLValue.parse(text, file: file), !root.isNull else { return }
        for (key, value) in try root.members(allowed: Self.topLevelKeys) {
            switch key {
            case "outlets":
                for entry in try value.entries() {
                    outlets.append((try Self.nonEmpty(entry.key, at: entry.value), try Self.nonEmpty(try entry.value.string(), at: entry.value)))
                }
            case "caption_credits": captionCredits += try Self.phrases(value)
            case "credit_labels": creditLabels += try Self.phrases(value)
            case "chrome_lines": chromeLines += try Self.phrases(value)
            case "end_markers": endMarkers += try Self.phrases(value)
            case "read_more_markers": readMoreMarkers += try Self.phrases(value)
            case "breadcrumb_roots": breadcrumbRoots += try Self.phrases(value)
            case "follow_prefixes": followPrefixes += try Self.phrases(value)
            case "title_labels": titleLabels += try Self.phrases(value)
            case "link_box_headings": linkBoxHeadings += try Self.phrases(value)
            case "sites":
                for entry in try value.entries() {
                    var host = entry.key.trimmingCharacters(in: .whitespaces).lowercased()
                    if host.hasPrefix("www.") { host.removeFirst(4) }
                    guard !host.isEmpty, !host.contains("/"), !host.contains(" ") else {
                        throw entry.value.error("the site '\(entry.key)' is not a host name; write it as example.com")
                    }
                    var site = SiteOverride()
                    for (field, selectors) in try entry.value.members(allowed: ["content", "date", "remove"]) {
                        var parsed: [SimpleSelector] = []
                        for text in try selectors.strings() {
                            guard let selector = SimpleSelector(text) else {
                                throw selectors.error("site '\(host)': '\(text)' is not a selector watcherd reads; use tag, #id, .class, [attr=value], joined by spaces or >")
                            }
                            parsed.append(selector)
                        }
                        switch field {
                        case "content": site.content = parsed
                        case "date": site.date = parsed
                        default: site.remove = parsed
                        }
                    }
                    sites[host] = site
                }
            case "html_chrome_classes": htmlChromeClasses += try Self.phrases(value)
            case "html_comments_classes":
                let list = try Self.phrases(value)
                for (index, name) in list.enumerated() where ClassTokens(name).words.isEmpty {
                    throw value.error("entry \(index + 1) ('\(name)') holds no class or id word; write one such as comments or disqus")
                }
                htmlCommentsClasses += list
            case "comments_preface_words": commentsPrefaceWords += try Self.phrases(value)
            case "date_line_words":
                let list = try Self.phrases(value)
                for (index, word) in list.enumerated() {
                    let tokens = Tokenizer.tokens(word)
                    guard tokens.count == 1, tokens[0].isWord else {
                        throw value.error("entry \(index + 1) ('\(word)') is not one word; a date line's words are compared one at a time, so list each word alone")
                    }
                }
                dateLineWords += list
            case "metadata_labels":
                for (fieldName, labels) in try value.members(allowed: Set(MetadataField.allCases.map(\.rawValue))) {
                    let field = MetadataField(rawValue: fieldName)!
                    for label in try Self.phrases(labels) { metadataLabels.append((label, field)) }
                }
            case "subheading_max_words": subheadingMaxWords = try value.int(in: 1...40)
            case "dates": try mergeDates(value)
            default: break
            }
        }
    }

    private mutating func mergeDates(_ value: YAMLValue) throws(ConfigError) {
        for (key, member) in try value.members(allowed: Self.dateKeys) {
            switch key {
            case "months":
                for entry in try member.entries() {
                    let month = try Self.number(entry.key, in: 1...12, at: entry.value, what: "a month number")
                    for name in try Self.phrases(entry.value) { months.append((name, month)) }
                }
            case "hijri_months":
                for entry in try member.entries() {
                    let month = try Self.number(entry.key, in: 1...12, at: entry.value, what: "a Hijri month number")
                    for name in try Self.phrases(entry.value) { hijriMonths.append((name, month)) }
                }
            case "ordinals":
                for entry in try member.entries() {
                    let day = try Self.number(entry.key, in: 1...31, at: entry.value, what: "a day of the month")
                    for name in try Self.phrases(entry.value) { ordinals.append((name, day)) }
                }
            case "zones":
                for entry in try member.entries() {
                    let offset = try entry.value.string()
                    guard let minutes = Self.offsetMinutes(offset) else {
                        throw entry.value.error("'\(offset)' is not a UTC offset; write Z, +03:00 or -05:00")
                    }
                    zones.append((try Self.nonEmpty(entry.key, at: entry.value), minutes))
                }
            case "weekdays": weekdays += try Self.phrases(member)
            case "past": past += try Self.phrases(member)
            case "next": next += try Self.phrases(member)
            case "current": current += try Self.phrases(member)
            case "this": this += try Self.phrases(member)
            case "month_nouns": monthNouns += try Self.phrases(member)
            case "year_nouns": yearNouns += try Self.phrases(member)
            case "year_words": yearWords += try Self.phrases(member)
            case "hijri_markers": hijriMarkers += try Self.phrases(member)
            case "calendar_joiners": calendarJoiners += try Self.phrases(member)
            case "prepositions": prepositions += try Self.phrases(member)
            case "time_words": timeWords += try Self.phrases(member)
            case "am": am += try Self.phrases(member)
            case "pm": pm += try Self.phrases(member)
            default: break
            }
        }
    }

    private static func phrases(_ value: YAMLValue) throws(ConfigError) -> [String] {
        let list = try value.strings()
        for (index, phrase) in list.enumerated() where MatchKey.of(phrase).isEmpty {
            throw value.error("entry \(index + 1) is empty; remove it or write the phrase")
        }
        return list
    }

    private static func nonEmpty(_ text: String, at value: YAMLValue) throws(ConfigError) -> String {
        guard !MatchKey.of(text).isEmpty else { throw value.error("expected a name, got an empty text") }
        return text
    }

    private static func number(_ text: String, in range: ClosedRange<Int>, at value: YAMLValue, what: String) throws(ConfigError) -> Int {
        guard let number = Int(text), range.contains(number) else {
            throw value.error("the key '\(text)' is not \(what) (\(range.lowerBound) to \(range.upperBound))")
        }
        return number
    }

    /// `Z`, `+03:00`, `-0500` → minutes east of UTC.
    static func offsetMinutes(_ text: String) -> Int? {
        if text == "Z" || text == "z" { return 0 }
        let scalars = Array(text.unicodeScalars)
        guard let sign = scalars.first, sign == "+" || sign == "-" else { return nil }
        let digits = scalars.dropFirst().filter { $0 != ":" }.compactMap(MatchKey.digitValue)
        guard digits.count == 4, scalars.count - 1 - digits.count <= 1 else { return nil }
        let minutes = (digits[0] * 10 + digits[1]) * 60 + digits[2] * 10 + digits[3]
        guard minutes <= 14 * 60 else { return nil }
        return sign == "-" ? -minutes : minutes
    }
}
