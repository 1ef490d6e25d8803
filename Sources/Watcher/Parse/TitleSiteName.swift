/// Cuts a site's name off either end of a page title («العنوان - اسم الموقع», «اسم الموقع | العنوان»). An end
/// segment goes only when the page itself shows it is the site's name: it is the page's `og:site_name`,
/// `application-name` or JSON-LD publisher, an outlet of the tables, the brand of the page's host (`almadenahnews.com`
/// → «المدينة نيوز», `arabic.cnn.com` → «CNN Arabic»), or the page's titles show it (what stays is another of its
/// titles, or two of its titles share the segment but differ otherwise). What stays always has two words or more.
struct TitleSiteName {
    /// Separators between a headline and a site name, spaces included (a dash inside a word is not one).
    static let separators = [" | ", " - ", " – ", " — ", " :: ", " » ", " « ", " • ", " · ", " ~ "]
    /// Words a site name may open with that the page's other names leave out («صحيفة الغد» ~ «الغد»).
    static let genericWords: Set<String> = ["موقع", "صحيفه", "صحيفة", "جريدة", "جريده", "بوابة", "بوابه", "قناة", "قناه",
                                            "شبكة", "شبكه", "وكالة", "وكاله", "مجلة", "مجله", "راديو", "تلفزيون", "اذاعة", "منصة"]
    /// A site name has at most this many words.
    static let maxNameWords = 6

    /// The page's names for itself, as match keys, generic first words dropped.
    private var names: Set<String> = []
    /// Latin names written as handles or brands (`@youm7`, the host's brand), lowercased letters and digits only.
    private var latinNames: Set<String> = []
    /// The consonant skeleton of the host's brand (`almadenahnews` → `lmdnhns`).
    private var brandSkeleton: String?
    private let outlets: [TableKey: String]
    /// The page's titles (`<title>`, og:title, twitter:title, JSON-LD headline, first `<h1>`) as match keys.
    private let titles: [String]
    /// The page's first `<h1>` and JSON-LD headline: a segment they hold is part of the title.
    private let heading: String?
    private let headline: String?

    init(siteNames: [String?], host: String?, titles: [String?], heading: String?, headline: String?, outlets: [TableKey: String]) {
        self.outlets = outlets
        for name in siteNames.compactMap({ $0 }) {
            let trimmed = name.hasPrefix("@") ? String(name.dropFirst()) : name
            let key = Self.withoutGenericWord(MatchKey.of(trimmed))
            if !key.isEmpty { names.insert(key) }
            let latin = Self.latinLetters(trimmed)
            if latin.count >= 3, !Self.hasArabic(trimmed) { latinNames.insert(latin) }
        }
        if let brand = host.flatMap(Self.brand) {
            latinNames.insert(brand)
            let skeleton = Self.latinSkeleton(brand)
            if skeleton.count >= 3 { brandSkeleton = skeleton }
        }
        self.titles = titles.compactMap { $0.map { MatchKey.of($0) } }.filter { !$0.isEmpty }
        self.heading = heading.map { MatchKey.of($0) }
        self.headline = headline.map { MatchKey.of($0) }
    }

    /// `title` without a site name at its end and one at its start.
    func cut(_ title: String) -> String {
        var title = title
        for _ in 0..<2 {
            guard let shorter = cutOnce(title) else { break }
            title = shorter
        }
        return title
    }

    private func cutOnce(_ title: String) -> String? {
        let titleKey = MatchKey.of(title)
        for separator in Self.separators {
            if let range = title.range(of: separator, options: .backwards),
               isSiteName(title[range.upperBound...], rest: title[..<range.lowerBound], atEnd: true, title: titleKey) {
                return CleanText.line(title[..<range.lowerBound])
            }
            if let range = title.range(of: separator),
               isSiteName(title[..<range.lowerBound], rest: title[range.upperBound...], atEnd: false, title: titleKey) {
                return CleanText.line(title[range.upperBound...])
            }
        }
        return nil
    }

    private func isSiteName(_ segment: Substring, rest: Substring, atEnd: Bool, title: String) -> Bool {
        let key = MatchKey.of(segment), restKey = MatchKey.of(rest)
        let words = key.split(separator: " ").count
        guard words >= 1, words <= Self.maxNameWords, restKey.split(separator: " ").count >= 2 else { return false }
        if isKnownName(segment, key: key) { return true }
        // What stays must not be the site's name itself (a logo <h1>, an og:title that is only the name).
        if isKnownName(rest, key: restKey) { return false }
        // What stays is another of the page's titles as it stands, and the segment is no longer than it: a site's
        // <h1> logo or a title that is only the name would otherwise take the headline's place.
        if titles.contains(restKey) { return words <= restKey.split(separator: " ").count }
        // Another title ends (or opens) with the same segment and differs otherwise, and no headline holds it.
        let shared = titles.contains { other in
            guard other != title else { return false }
            return Self.separators.contains { separator in
                let sep = MatchKey.of(separator)
                if atEnd, let range = other.range(of: " " + sep + " ", options: .backwards) {
                    return other[range.upperBound...] == key && other[..<range.lowerBound] != restKey
                }
                if !atEnd, let range = other.range(of: " " + sep + " ") {
                    return other[..<range.lowerBound] == key && other[range.upperBound...] != restKey
                }
                return false
            }
        }
        guard shared else { return false }
        // The page's <h1> holding the segment says it is the title's; so does a JSON-LD headline holding it as
        // words of its own (not set off by a separator, as a site name is there).
        if let heading, " \(heading) ".contains(" \(key) ") { return false }
        if let headline, " \(headline) ".contains(" \(key) "),
           !Self.separators.contains(where: { headline.contains(MatchKey.of($0) + " " + key) || headline.contains(key + " " + MatchKey.of($0)) }) {
            return false
        }
        return true
    }

    /// Whether the segment is one of the page's names for itself, an outlet of the tables, or the host's brand.
    private func isKnownName(_ segment: Substring, key: String) -> Bool {
        names.contains(Self.withoutGenericWord(key)) || outlets[TableKey(matchKey: key)] != nil || matchesBrand(segment, key: key)
    }

    /// Whether the segment is the host's brand: the same Latin letters (`CNN Arabic` for `cnn`), or Arabic whose
    /// consonant skeleton is the brand's (`المدينة نيوز` for `almadenahnews`).
    private func matchesBrand(_ segment: Substring, key: String) -> Bool {
        if !Self.hasArabic(segment) {
            let latin = Self.latinLetters(segment)
            guard latin.count >= 3 else { return false }
            return latinNames.contains { name in
                latin == name || (latin.hasPrefix(name) && name.count >= 3) || (name.hasPrefix(latin) && latin.count >= 4)
            }
        }
        guard let brandSkeleton else { return false }
        let arabic = Self.withoutGenericWord(key)
        return Self.arabicSkeletons(arabic).contains(brandSkeleton)
    }

    // MARK: Names and skeletons

    /// The key without a leading generic word («صحيفة الغد» → «الغد»), unless that is all it has.
    static func withoutGenericWord(_ key: String) -> String {
        guard let space = key.firstIndex(of: " "), genericWords.contains(String(key[..<space])) else { return key }
        return String(key[key.index(after: space)...])
    }

    /// The brand label of a host: the last label before its public suffix (`arabic.cnn.com` → `cnn`,
    /// `www.albayan.ae` → `albayan`, `news.example.co.uk` → `example`).
    static func brand(ofHost host: String) -> String? {
        var labels = host.lowercased().split(separator: ".").map(String.init)
        let suffixes: Set<String> = ["com", "net", "org", "info", "gov", "edu", "co", "tv", "news", "biz", "me", "online", "site", "press", "media"]
        while let last = labels.last, labels.count > 1, suffixes.contains(last) || last.count == 2 { labels.removeLast() }
        guard let brand = labels.last, brand.count >= 3, labels.count >= 1, host.contains(".") else { return nil }
        return latinLetters(brand)
    }

    static func hasArabic(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) }
    }

    /// The ASCII letters (lowercased) and digits of `text`.
    static func latinLetters(_ text: some StringProtocol) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            switch scalar.value {
            case 0x41...0x5A: return Unicode.Scalar(scalar.value + 0x20)
            case 0x61...0x7A, 0x30...0x39: return scalar
            default: return nil
            }
        }))
    }

    /// Consonant classes shared by the Latin and the Arabic skeleton: vowels and weak letters dropped, letters
    /// that transliterations confuse (s/z/ص/س/ز/ش, k/q/ق/ك/خ, j/g/ج/غ) merged, doubled letters written once.
    static func latinSkeleton(_ brand: String) -> String {
        let letters = Array(brand)
        var out: [Character] = []
        var i = 0
        while i < letters.count {
            let c = letters[i], next = i + 1 < letters.count ? letters[i + 1] : " "
            var mapped: Character?
            if next == "h", "ksdtgc".contains(c) {
                mapped = ["k": "k", "s": "s", "d": "d", "t": "t", "g": "j", "c": "s"][c]
                i += 2
            } else {
                switch c {
                case "a", "e", "i", "o", "u", "y", "w": mapped = nil
                case "q", "c": mapped = "k"
                case "z": mapped = "s"
                case "g": mapped = "j"
                case "v": mapped = "f"
                case "p": mapped = "b"
                default: mapped = c
                }
                i += 1
            }
            if let mapped, out.last != mapped { out.append(mapped) }
        }
        return String(out)
    }

    static let arabicClasses: [Unicode.Scalar: Character] = [
        "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ط": "t", "ج": "j", "غ": "j", "چ": "j", "گ": "j", "ح": "h", "ه": "h",
        "ة": "h", "خ": "k", "ق": "k", "ك": "k", "د": "d", "ذ": "d", "ض": "d", "ظ": "d", "ر": "r", "ز": "s", "س": "s",
        "ش": "s", "ص": "s", "ف": "f", "ڤ": "f", "ل": "l", "م": "m", "ن": "n",
    ]

    /// The skeleton of an Arabic name, also without its article and without a final ta marbuta, which Latin
    /// spellings often leave out (`bayan` for «البيان»).
    static func arabicSkeletons(_ key: String) -> [String] {
        func skeleton(_ text: some StringProtocol) -> String {
            var out: [Character] = []
            for scalar in text.unicodeScalars {
                if let digit = MatchKey.digitValue(scalar) {
                    out.append(Character(String(digit)))
                } else if let mapped = arabicClasses[scalar] ?? (scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) ? latinSkeleton(String(scalar)).first : nil),
                          out.last != mapped {
                    out.append(mapped)
                }
            }
            return String(out)
        }
        let full = skeleton(key)
        var forms = [full]
        let words = key.split(separator: " ")
        let bare = words.map { $0.hasPrefix("ال") && $0.count > 3 ? $0.dropFirst(2) : $0 }
        forms.append(skeleton(bare.joined(separator: " ")))
        let noTa = words.map { $0.hasSuffix("ة") || $0.hasSuffix("ه") ? $0.dropLast() : $0 }
        forms.append(skeleton(noTa.joined(separator: " ")))
        return forms.filter { $0.count >= 3 }
    }
}
