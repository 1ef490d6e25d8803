import Testing
import Watcher

/// HTML and JSON articles (fixtures in Tests/Fixtures/parse/).
@Suite struct StructuredFormatTests {
    private func parse(_ name: String, _ format: ArticleFormat) throws -> ParsedArticle {
        try Fixtures.parse(try Fixtures.bytes("Tests/Fixtures/parse/" + name), format: format)
    }

    @Test func htmlWithJSONLD() throws {
        let parsed = try parse("jsonld-article.html", .html)
        let article = parsed.article
        #expect(article.title == "وزراء الري في دول حوض دجلة يتفقون على آلية لتقاسم المياه")
        #expect(article.subtitle == "الاتفاق يحدد حصصا موسمية ويشكل لجنة فنية مشتركة")
        #expect(article.published?.isoTimestamp == "2024-05-12T09:30:00+03:00")
        #expect(article.updated?.isoTimestamp == "2024-05-12T11:05:00+03:00")
        #expect(article.author == "سارة الحسيني، كريم داود")
        #expect(article.source == "الجزيرة")
        #expect(article.sourceEnglish == "Al Jazeera")
        #expect(article.url == "https://example.net/news/2024/5/12/tigris-water")
        #expect(article.language == "ar")
        #expect(article.dateline == "بغداد")
        #expect(article.subheadings == ["لجنة فنية مشتركة"])
        #expect(article.captions == ["سد الموصل على نهر دجلة (أرشيفية - رويترز)"])
        #expect(article.paragraphs.count == 4)
        for chrome in ["الرئيسية", "فيسبوك", "خبر آخر", "جميع الحقوق", "analytics", "display", "إعلاني"] {
            #expect(!parsed.text.contains(chrome), "\(chrome)")
        }
        #expect(parsed.dates.first { $0.text == "سبتمبر المقبل" }?.value == "2024-09")
    }

    @Test func htmlWithOpenGraphOnlyAndChrome() throws {
        let parsed = try parse("og-only-article.html", .html)
        let article = parsed.article
        #expect(article.title == "ارتفاع أسعار النفط بعد قرار أوبك+")
        #expect(article.source == "سكاي نيوز عربية")
        #expect(article.sourceEnglish == "Sky News Arabia")
        #expect(article.url == "https://example.com/business/oil-prices")
        #expect(article.published?.isoTimestamp == "2023-11-02T14:05:00Z")
        #expect(article.updated?.isoTimestamp == "2023-11-02")
        #expect(article.author == nil)
        #expect(article.paragraphs.count == 3)
        #expect(article.paragraphs.first?.hasPrefix("ارتفعت أسعار النفط") == true)
        for chrome in ["اقتصاد", "رياضة", "نص من سكربت", "tracking", "color", "تعليق مخفي", "اقرأ أيضا",
                       "الذهب يتراجع", "أسهم الخليج", "التعليقات", "إرسال", "من نحن"] {
            #expect(!parsed.text.contains(chrome), "\(chrome)")
        }
        #expect(article.boilerplateRemoved > 0)
        #expect(parsed.dates.first { $0.text == "أغسطس الماضي" }?.value == "2023-08")
    }

    @Test func scraperJSON() throws {
        let parsed = try parse("scraper-article.json", .json)
        let article = parsed.article
        #expect(article.title == "تونس تطلق حملة وطنية لترشيد استهلاك المياه")
        #expect(article.published?.isoTimestamp == "2022-02-14T08:00:00+01:00")
        #expect(article.source == "رويترز")
        #expect(article.sourceEnglish == "Reuters")
        #expect(article.url == "https://example.org/tunisia-water")
        #expect(article.author == "ليلى بن علي، محمد الطرابلسي")
        #expect(article.dateline == "تونس")
        #expect(article.captions == ["وزارة الفلاحة في تونس - رويترز"])
        #expect(article.paragraphs.count == 2)
        #expect(!parsed.text.contains("تحميل المزيد") && !parsed.text.contains("خبر غير متصل"))
        #expect(article.extraJSON == #"{"scraped_at":"2022-02-14T09:12:44Z","section":"مغرب","tags":["مياه","تونس"]}"#)
    }

    @Test func malformedJSONAndHTMLAreErrorRecords() throws {
        for (text, format) in [("{\"title\": ", ArticleFormat.json), ("[1, 2]", .json), ("   ", .html)] {
            do {
                _ = try ArticleParser().parse(text, format: format)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.code == .malformed)
            }
        }
    }

    @Test func formatByExtension() {
        #expect(ArticleFormat(fileName: "a.txt") == .plainText)
        #expect(ArticleFormat(fileName: "README") == .plainText)
        #expect(ArticleFormat(fileName: "page.HTM") == .html)
        #expect(ArticleFormat(fileName: "page.html") == .html)
        #expect(ArticleFormat(fileName: "a.json") == .json)
        #expect(ArticleFormat(fileName: "a.pdf") == nil)
        #expect(ArticleFormat(fileName: ".hidden") == .plainText)
    }

    /// The byte-level reading of the extension gives what the Unicode one does (``ArticleFormat/init(unicodeExtension:)``,
    /// the way every name was read before) on seeded random names: dots anywhere, mixed case, non-ASCII scalars,
    /// and the Kelvin sign and dotted İ, whose lowercase forms are ASCII or longer.
    @Test func byteLevelExtensionMatchesTheUnicodeReading() {
        let pieces = ["t", "x", "T", "X", "e", "E", "h", "H", "m", "M", "l", "L", "j", "J", "s", "S", "o", "O", "n", "N",
                      ".", ".", "a", "ب", "\u{212A}", "\u{130}", "é", "-", " ", "\u{1F600}"]
        var random = SplitMix(seed: 0x464F_524D)
        var names = ["a.txt", "b.TeXt", "c.Json", "d.htm", "e.HTML", "f.txt.", ".txt", "..json", "a.\u{212A}", "x.tx\u{130}"]
        for _ in 0..<20_000 {
            var name = ""
            for _ in 0..<Int(random.next() % 9) { name += pieces[Int(random.next() % UInt64(pieces.count))] }
            if random.next() % 2 == 0 {
                // An extension of the letters the formats' names use, so that each of them turns up in mixed case.
                name += "."
                for _ in 0..<(2 + Int(random.next() % 3)) { name += pieces[Int(random.next() % 20)] }
            }
            names.append(name)
        }
        for name in names {
            #expect(ArticleFormat(fileName: name) == ArticleFormat(unicodeExtension: name), "\(name)")
        }
    }

    /// A Hijri date paragraph above the story (kept in the body: it is not converted) does not hide the dateline
    /// that opens the paragraph under it; a paragraph of other words still does.
    @Test func datelineUnderADateOnlyParagraph() throws {
        let story = "<p>دمشق - أعلن الجيش اليوم سيطرته على بلدة في ريف إدلب بعد معارك عنيفة استمرت أياما.</p>"
        for (above, dateline) in [("<p>الثلاثاء 12 رمضان 1445 هـ</p>", "دمشق" as String?),
                                  ("<p>1445/9/12 هـ - 10:30 ص</p>", "دمشق"),
                                  ("<p>قال الجيش في 12 رمضان 1445 هـ إنه تقدم.</p>", nil)] {
            let page = "<html><body><h1>الجيش يعلن السيطرة على بلدة جديدة</h1>\(above)\(story)</body></html>"
            let article = try Fixtures.parse(Array(page.utf8), format: .html).article
            #expect(article.dateline == dateline, "\(above)")
            #expect(article.paragraphs.contains { $0.hasPrefix("دمشق - ") }, "\(above)")
        }
    }
}
