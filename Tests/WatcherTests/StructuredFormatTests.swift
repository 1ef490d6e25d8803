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
}
