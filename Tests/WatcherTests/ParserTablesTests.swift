import Foundation
import Testing
import Watcher

/// Users extend the embedded parser tables from config, and a mistake in their file is reported precisely.
@Suite struct ParserTablesTests {
    let article = """
        خبر تجريبي عن الطقس

        وكالة الأنباء المحلية

        هطلت أمطار غزيرة على المدينة صباح اليوم في بداية شهر برومير 2024.

        أعجبني
        """

    /// The role prefilter must never hide a table word: every word of the tables still gets its roles.
    @Test func everyDateWordKeepsItsRolesThroughThePrefilter() throws {
        let dates = ParserTables.embedded.dates
        #expect(dates.roles.count > 50)
        for (key, roles) in dates.roles {
            let token = try #require(Tokenizer.tokens(key.description).first)
            #expect(token.key == key && dates.role(token) == roles, "\(key)")
        }
        #expect(dates.role(Tokenizer.tokens("المفاوضات")[0]).isEmpty)
    }

    @Test func extensionAddsOutletsChromeAndMonths() throws {
        let before = try ArticleParser().parse(article, format: .plainText)
        #expect(before.article.source == nil)
        #expect(before.article.paragraphs.contains("أعجبني"))

        let extra = """
            outlets:
              وكالة الأنباء المحلية: Local News Agency
            chrome_lines: [أعجبني]
            dates:
              months:
                11: [برومير]
            """
        let tables = try ParserTables(extensions: [("extra.yaml", extra)])
        let after = try ArticleParser(tables: tables).parse(article, format: .plainText)
        #expect(after.article.source == "وكالة الأنباء المحلية")
        #expect(after.article.sourceEnglish == "Local News Agency")
        #expect(!after.article.paragraphs.contains("أعجبني"))
        #expect(after.article.boilerplateRemoved == 1)
        #expect(after.dates.map(\.value) == ["2024-11"])
        // The embedded entries are still there.
        #expect(try ArticleParser(tables: tables).parse("عنوان\n\nالمصدر: العربية\n\nنص الخبر هنا.", format: .plainText)
            .article.sourceEnglish == "Al Arabiya")
    }

    /// The words of the comment-section rule and of date lines are the tables' (`html_comments_classes`,
    /// `comments_preface_words`, `date_line_words`), not constants: an entry a user adds changes what the parser does.
    @Test func commentsAndDateLineWordsComeFromTheTables() throws {
        // A disclaimer worded with none of the embedded phrases, before a comments box.
        let disclaimer = "الآراء المنشورة تخص أصحابها وحدهم، ويحق للإدارة حذف ما يسيء منها دون إشعار."
        let page = PageLayoutTests.commentsPage(before: "<div><p>\(disclaimer)</p></div>")
        #expect(try ArticleParser().parse(page, format: .html).text.contains(disclaimer))
        let phrase = try ParserTables(extensions: [("comments.yaml", "comments_preface_words: [تخص أصحابها]\n")])
        let cut = try ArticleParser(tables: phrase).parse(page, format: .html)
        #expect(!cut.text.contains(disclaimer))
        #expect(cut.article.paragraphs.last == PageLayoutTests.p5)

        // The embedded rules and disclaimer before a comments box named by a class word of the user's.
        let rules = "<div><p>\(PageLayoutTests.rules)</p><p>\(PageLayoutTests.disclaimer)</p></div>"
        let talkback = PageLayoutTests.commentsPage(before: rules, box: "<div id='talkback'></div>")
        #expect(try ArticleParser().parse(talkback, format: .html).text.contains(PageLayoutTests.disclaimer))
        let box = try ParserTables(extensions: [("comments.yaml", "html_comments_classes: [talkback]\n")])
        #expect(try !ArticleParser(tables: box).parse(talkback, format: .html).text.contains(PageLayoutTests.disclaimer))

        // A date line with five words beside its label and date is prose, until one of them is a date-line word.
        let dated = "<html><body><h1>الوزير في بغداد</h1><div class='stamp'>كتب بواسطة فريق قسم الأخبار المحلية يوم الأربعاء 12 مايو 2020</div>"
            + "<div class='txt'>\(PageLayoutTests.story)</div></body></html>"
        #expect(try ArticleParser().parse(dated, format: .html).article.published == nil)
        let word = try ParserTables(extensions: [("dates.yaml", "date_line_words: [بواسطة]\n")])
        #expect(try ArticleParser(tables: word).parse(dated, format: .html).article.published?.isoTimestamp == "2020-05-12")
    }

    /// Through the configuration, as the daemon reads them: a pipeline built again from the same configuration
    /// (what a reload does) reads the `parser_tables` file as it is now, and refuses it when an entry is malformed.
    @Test func commentsPrefaceWordsReloadWithTheTables() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watcherd-preface-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("comments.yaml")
        try "comments_preface_words: [تخص أصحابها]\n".write(to: file, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.parse("parser_tables: [\(file.path)]\n", file: "watcherd.yaml")
        let disclaimer = "الآراء المنشورة تخص أصحابها وحدهم، ويحق للإدارة حذف ما يسيء منها دون إشعار."
        let page = PageLayoutTests.commentsPage(before: "<div><p>\(disclaimer)</p></div>")
        func textAfterLoading() throws -> String? {
            let dropped = DroppedFile(path: "/drop/a.html", relativePath: "a.html", bytes: Array(page.utf8))
            return try Fixtures.json(Pipeline(config: config).process(dropped).line)["text"] as? String
        }
        #expect(try textAfterLoading()?.contains(disclaimer) == false)
        try "comments_preface_words: [لا تنشر]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try textAfterLoading()?.contains(disclaimer) == true)
        try "date_line_words: [تم نشره]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { _ = try Pipeline(config: config) }
    }

    @Test func mistakesNameFileLineAndKey() {
        let cases: [(String, String)] = [
            ("dates:\n  months:\n    13: [شهر]\n", "dates.months.13"),
            ("chrome_line: [x]\n", "chrome_line"),
            ("subheading_max_words: many\n", "subheading_max_words"),
            ("dates:\n  zones:\n    بتوقيت ما: 3\n", "dates.zones"),
            ("date_line_words: [بتاريخ, تم نشره]\n", "date_line_words"),
            ("html_comments_classes: [comments, '--']\n", "html_comments_classes"),
            ("comments_preface_words: [التعليقات, '']\n", "comments_preface_words"),
            ("comments_preface_words: {ar: التعليقات}\n", "comments_preface_words"),
        ]
        for (yaml, key) in cases {
            do {
                _ = try ParserTables(extensions: [("/etc/watcherd/extra.yaml", yaml)])
                Issue.record("accepted \(yaml)")
            } catch {
                #expect(error.file == "/etc/watcherd/extra.yaml")
                #expect(error.key.hasPrefix(key), "\(error)")
                #expect(error.line > 0, "\(error)")
            }
        }
    }

    @Test func configKeyLoadsTheFilesAndReportsTheirErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watcherd-tables-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.yaml"), bad = folder.appendingPathComponent("bad.yaml")
        try "outlets:\n  صحيفة الاختبار: Test Daily\n".write(to: good, atomically: true, encoding: .utf8)
        try "outlets: [a, b]\n".write(to: bad, atomically: true, encoding: .utf8)

        let config = try ConfigLoader.parse("parser_tables: [\(good.path)]\n", file: "watcherd.yaml")
        #expect(config.parserTables.map(\.string) == [good.path])
        let pipeline = try Pipeline(config: config)
        #expect(pipeline.parser.tables.englishName(ofOutlet: "صحيفة الاختبار") == "Test Daily")

        do {
            _ = try ConfigLoader.parse("parser_tables: [\(bad.path)]\n", file: "watcherd.yaml")
            Issue.record("accepted a bad table")
        } catch {
            #expect(error.file == bad.path && error.line == 1 && error.key == "outlets")
        }
        do {
            _ = try ConfigLoader.parse("parser_tables: [\(folder.path)/missing.yaml]\n", file: "watcherd.yaml")
            Issue.record("accepted a missing table")
        } catch {
            #expect(error.description.contains("cannot be read"))
        }
    }
}
