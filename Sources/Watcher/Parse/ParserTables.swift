import Foundation

/// The compiled tables the article parser looks things up in: sets and ``PhraseTable``s keyed by ``MatchKey``.
public struct ParserTables: Sendable {
    package var outlets: [TableKey: String] = [:]
    /// Outlet names and credit words, matched inside the tail of a possible caption.
    package var credits = PhraseTable<Bool>()
    /// Labels that open a photo credit line («تصوير: …», «الصورة: …»).
    package var creditLabels = PhraseTable<Bool>()
    package var chromeLines: Set<TableKey> = []
    package var endMarkers: Set<TableKey> = []
    package var readMoreMarkers: Set<TableKey> = []
    /// Lines that label a story above its title in a text file («عاجل», «حصري»), compared without trailing punctuation.
    package var titleLabels: Set<TableKey> = []
    /// Headings of a box of links to other stories that can stand inside a story (dropped with the box).
    package var linkBoxHeadings: Set<TableKey> = []
    /// The longest key in the line tables (``chromeLines``, ``endMarkers``, ``readMoreMarkers``, ``titleLabels``,
    /// ``linkBoxHeadings``): longer lines skip those lookups.
    package var lineKeyLimit = 0
    package var breadcrumbRoots = PhraseTable<Bool>()
    /// Openings of an outlet's follow-us or subscribe line («تابعوا أخبارنا عبر…»).
    package var followPrefixes = PhraseTable<Bool>()
    /// Per-site overrides by host.
    package var sites: [String: SiteOverride] = [:]
    /// Class or id words (each entry split as ``ClassTokens`` splits names) that hint an HTML element is chrome.
    package var htmlChromeClasses: [[String]] = [] {
        didSet { htmlChromeFirstWords = Set(htmlChromeClasses.compactMap(\.first)) }
    }
    /// The first word of each entry of ``htmlChromeClasses``: an element none of whose words is one is not looked
    /// up entry by entry.
    package private(set) var htmlChromeFirstWords: Set<String> = []
    /// Class or id words (split as ``ClassTokens`` splits names) of a comments box: a CMS's own, Facebook's
    /// `fb-comments`, Disqus's `disqus_thread`.
    package var htmlCommentsClasses: [[String]] = []
    /// Phrases, as ``MatchKey``s, of a comment section's rules or disclaimer («التعليقات», «لا تعبر عن رأي»), found
    /// anywhere in the text of the block right before a comments box.
    package var commentsPrefaceWords: [String] = []
    /// Words a visible date line may hold beside its dates, labels and clock times («تم نشره», «بتاريخ», «GMT»).
    package var dateLineWords: Set<TableKey> = []
    package var metadataLabels = PhraseTable<MetadataField>()
    package var subheadingMaxWords = 8
    package var dates = DateTables()

    /// The embedded `data/parser.yaml`.
    public static let embedded: ParserTables = {
        do {
            return try ParserTables(extensions: [])
        } catch {
            fatalError("the embedded data/parser.yaml is invalid: \(error)")
        }
    }()

    /// The embedded tables with each `(file name, YAML text)` merged over them in order.
    public init(extensions: [(file: String, text: String)]) throws(ConfigError) {
        var source = ParserTableSource()
        try source.merge(yaml: EmbeddedData.files["parser.yaml"] ?? "", file: "<embedded>/parser.yaml")
        for (file, text) in extensions { try source.merge(yaml: text, file: file) }
        self.init(source)
    }

    /// Reads the `parser_tables` files of the configuration and merges them over the embedded tables.
    public static func load(paths: [String]) throws(ConfigError) -> ParserTables {
        guard !paths.isEmpty else { return embedded }
        var extensions: [(String, String)] = []
        for path in paths {
            extensions.append((path, try ConfigText.read(path)))
        }
        return try ParserTables(extensions: extensions)
    }

    package init(_ source: ParserTableSource) {
        for (name, english) in source.outlets {
            outlets[TableKey(name)] = english
            credits.add(name, true)
        }
        for credit in source.captionCredits { credits.add(credit, true) }
        for label in source.creditLabels { creditLabels.add(label, true) }
        // Lines are compared without trailing punctuation, so the table entries are stored that way too.
        func lineKeys(_ list: [String]) -> Set<TableKey> {
            Set(list.map { TableKey(utf8: BoilerplateFilter.withoutTrailingPunctuation(Array(MatchKey.of($0).utf8))) })
        }
        chromeLines = lineKeys(source.chromeLines)
        endMarkers = lineKeys(source.endMarkers)
        readMoreMarkers = lineKeys(source.readMoreMarkers)
        titleLabels = lineKeys(source.titleLabels)
        linkBoxHeadings = lineKeys(source.linkBoxHeadings)
        lineKeyLimit = (chromeLines.union(endMarkers).union(readMoreMarkers).union(titleLabels).union(linkBoxHeadings)).map(\.count).max() ?? 0
        for root in source.breadcrumbRoots { breadcrumbRoots.add(root, true) }
        for prefix in source.followPrefixes { followPrefixes.add(prefix, true) }
        sites = source.sites
        htmlChromeClasses = Array(Set(source.htmlChromeClasses.map { ClassTokens($0).words }.filter { !$0.isEmpty }))
            .sorted { $0.joined(separator: " ") < $1.joined(separator: " ") }
        htmlChromeFirstWords = Set(htmlChromeClasses.compactMap(\.first))  // no didSet inside an initialiser
        htmlCommentsClasses = Array(Set(source.htmlCommentsClasses.map { ClassTokens($0).words }))
            .sorted { $0.joined(separator: " ") < $1.joined(separator: " ") }
        commentsPrefaceWords = Array(Set(source.commentsPrefaceWords.map { MatchKey.of($0) })).sorted()
        dateLineWords = Set(source.dateLineWords.compactMap { Tokenizer.tokens($0).first?.key })
        for (label, field) in source.metadataLabels { metadataLabels.add(label, field) }
        subheadingMaxWords = source.subheadingMaxWords
        dates = DateTables(source)
    }

    /// The override for the site of `url`: its host, or the nearest parent domain that has one.
    package func site(forURL url: String?) -> SiteOverride? {
        guard !sites.isEmpty, let url, var host = SiteOverride.host(ofURL: url) else { return nil }
        while true {
            if let site = sites[host] { return site }
            guard let dot = host.firstIndex(of: ".") else { return nil }
            host = String(host[host.index(after: dot)...])
            guard host.contains(".") else { return nil }
        }
    }

    /// The English name of an outlet written `name`, if it is in the table.
    package func englishName(ofOutlet name: String) -> String? { outlets[TableKey(name)] }
}
