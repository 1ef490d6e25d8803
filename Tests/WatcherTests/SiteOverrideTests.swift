import Foundation
import Testing
import Watcher

/// Per-site overrides in the parser tables: a user fixes one outlet's pages without a release.
@Suite struct SiteOverrideTests {
    static let yaml = """
        sites:
          www.example-news.com:
            content: ["div.story-text", "section#more > p"]
            date: [span.pub-date]
            remove: [".inline-promo", "div[data-box=related]"]
        """

    static let page = """
        <html><head><link rel="canonical" href="https://news.example-news.com/a/1"></head><body>
        <h1>عنوان الخبر</h1><span class="pub-date">الجمعة 8 فيفري 2019</span>
        <div class="layout"><ul><li><a href="/x">رابط</a></li></ul>
        <div class="story-text">أعلنت الحكومة اليوم خطة جديدة.<br>وقال الوزير إنها تبدأ غدا.
        <div class="inline-promo">اشترك الآن في عرضنا الخاص لهذا الشهر فقط وبسعر مخفض جدا للقراء</div></div>
        <div data-box="related"><p>خبر آخر طويل جدا عن موضوع لا علاقة له بهذا الخبر أبدا، وفيه جمل كثيرة. وجمل أخرى.</p></div>
        <section id="more"><p>وختم بالقول إن الخطة ممولة بالكامل.</p></section>
        <div class="sidebar-text"><p>نص جانبي طويل يحمل فقرات كثيرة، ويحاول أن يبدو مثل نص المقال الرئيسي. ويضيف جملة. وجملة أخرى، ثم فاصلة، وأخرى.</p>
        <p>فقرة ثانية طويلة من النص الجانبي، فيها فواصل، وفيها نقاط. وفيها المزيد من الكلام، والكلام.</p></div></div></body></html>
        """

    @Test func overrideChoosesContentDateAndRemovals() throws {
        let tables = try ParserTables(extensions: [("sites.yaml", Self.yaml)])
        let parsed = try ArticleParser(tables: tables).parse(Self.page, format: .html)
        #expect(parsed.article.paragraphs == ["أعلنت الحكومة اليوم خطة جديدة.", "وقال الوزير إنها تبدأ غدا.", "وختم بالقول إن الخطة ممولة بالكامل."])
        #expect(parsed.article.published?.isoTimestamp == "2019-02-08")
        #expect(parsed.article.extraction?.method == .siteSelector)
        #expect(!parsed.text.contains("اشترك") && !parsed.text.contains("نص جانبي"))
        // Without the override the page is scored as usual.
        let plain = try ArticleParser().parse(Self.page, format: .html)
        #expect(plain.article.extraction?.method == .html)
    }

    /// The overrides come from the `parser_tables` files of the configuration, and a pipeline built again from the
    /// same configuration (what a reload does) reads the file as it is now.
    @Test func overridesLoadFromConfigAndReload() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watcherd-sites-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("sites.yaml")
        try Self.yaml.write(to: file, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.parse("parser_tables: [\(file.path)]\n", file: "watcherd.yaml")
        func methodAfterLoading() throws -> String? {
            let dropped = DroppedFile(path: "/drop/a.html", relativePath: "a.html", bytes: Array(Self.page.utf8))
            let json = try Fixtures.json(Pipeline(config: config).process(dropped).line)
            return ((json["article"] as? [String: Any])?["extraction"] as? [String: Any])?["method"] as? String
        }
        #expect(try methodAfterLoading() == "site_selector")
        try "sites:\n  other-site.org:\n    content: [div.x]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try methodAfterLoading() == "html")
        try "sites:\n  example-news.com:\n    content: [\"div..x\"]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { _ = try Pipeline(config: config) }
    }

    @Test func badSelectorOrHostIsAConfigError() {
        for yaml in ["sites:\n  example.com:\n    content: [\"div..x\"]\n", "sites:\n  example.com:\n    body: [div]\n",
                     "sites:\n  \"http://example.com/\":\n    content: [div]\n"] {
            #expect(throws: ConfigError.self) { _ = try ParserTables(extensions: [("sites.yaml", yaml)]) }
        }
    }

    @Test func selectorsParseTheSupportedForms() {
        for good in ["div", "div.a.b", "#main", "article > div.body p", "[data-x=\"1\"]", "section#more > p"] {
            #expect(SimpleSelector(good) != nil, "\(good)")
        }
        for bad in ["", "div..x", "> p", "div >", "a:hover", "div[x"] {
            #expect(SimpleSelector(bad) == nil, "\(bad)")
        }
    }
}
