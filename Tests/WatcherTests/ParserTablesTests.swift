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

    @Test func mistakesNameFileLineAndKey() {
        let cases: [(String, String)] = [
            ("dates:\n  months:\n    13: [شهر]\n", "dates.months.13"),
            ("chrome_line: [x]\n", "chrome_line"),
            ("subheading_max_words: many\n", "subheading_max_words"),
            ("dates:\n  zones:\n    بتوقيت ما: 3\n", "dates.zones"),
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
