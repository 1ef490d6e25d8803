import Testing
import Watcher

/// The plain-text heuristics on shapes the seeds do not show.
@Suite struct PlainTextArticleTests {
    let text = "\u{200F}عنوان الخبر هنا\r\n\r\nنشر في: ١٥ تشرين الأول ٢٠٢٣ - ١٠:٣٠ بتوقيت مكة\r\nبقلم: أحمد علي\r\n\r\n"
        + "الرياض (رويترز) - قال مسؤولون اليوم إن المفاوضات ستستأنف في الأول من نوفمبر المقبل.\r\n\r\n"
        + "نقاط رئيسية\r\n\r\nوأضافوا أن الجولة السابقة عقدت في 3/9/2023 في جدة.\r\n\r\nشارك\r\n"
        + "اقرأ أيضاً: عنوان آخر لا علاقة له\r\n\r\nوختم المسؤول تصريحه بالقول إن الحل قريب.\r\n"

    @Test func headerWithTimeZoneAuthorAndDateline() throws {
        let parsed = try Fixtures.parse(Array(text.utf8))
        let article = parsed.article
        #expect(article.title == "عنوان الخبر هنا")
        #expect(article.published?.isoTimestamp == "2023-10-15T10:30:00+03:00")
        #expect(article.author == "أحمد علي")
        #expect(article.subtitle == nil)
        #expect(article.dateline == "الرياض")
        #expect(article.subheadings == ["نقاط رئيسية"])
        #expect(article.paragraphs.count == 3)
        #expect(article.boilerplateRemoved == 2)
        #expect(!parsed.text.contains("عنوان آخر") && !parsed.text.contains("شارك"))
        #expect(!parsed.text.unicodeScalars.contains("\u{200F}") && !parsed.text.contains("\r"))
        // Resolved against the publication date: the coming November is November 2023.
        #expect(parsed.dates.map(\.value) == ["2023-11-01", "2023-09-03"])
    }

    @Test func noHeaderMeansNoSubtitleAndNoDates() throws {
        let parsed = try Fixtures.parse(Array("عنوان\nجملة أولى تشرح الخبر.\nجملة ثانية.\n".utf8))
        #expect(parsed.article.subtitle == nil)
        #expect(parsed.article.published == nil && parsed.article.updated == nil)
        #expect(parsed.article.paragraphs == ["جملة أولى تشرح الخبر.", "جملة ثانية."])
        #expect(parsed.text == "عنوان\n\nجملة أولى تشرح الخبر.\n\nجملة ثانية.")
    }

    @Test func emptyAndChromeOnlyFilesGiveAnEmptyArticle() throws {
        let parsed = try Fixtures.parse(Array("Web\nAnalytics\n3\n".utf8))
        #expect(parsed.article.title == nil && parsed.article.paragraphs.isEmpty)
        #expect(parsed.article.boilerplateRemoved == 3)
        #expect(parsed.text.isEmpty && parsed.dates.isEmpty)
    }
}
