import Testing
import Watcher

/// The publication date from the visible date line when metadata has none (issue 17).
@Suite struct VisibleDateTests {
    static let body = "<p>أعلنت وزارة الخارجية، مساء الأحد، أن الوزير سيتوجه إلى بغداد في زيارة رسمية تستمر يومين.</p>"
        + "<p>وقال المتحدث باسم الوزارة، في بيان، إن الزيارة تهدف إلى بحث ملفات المياه والطاقة والحدود.</p>"

    func page(_ dateLine: String, teaser: String = "") -> String {
        "<html><head><title>خبر</title></head><body><div class='list'>\(teaser)</div><div class='story'><h1>الوزير في بغداد</h1>"
            + "<div class='meta'>\(dateLine)</div>\(Self.body)</div></body></html>"
    }

    @Test(arguments: [
        ("تم نشره الجمعة 24 نيسان / أبريل 2020", "2020-04-24", nil),
        ("الجمعة 8 فيفري 2019", "2019-02-08", nil),
        ("الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)", "2013-08-04", "2013-08-04T02:21:00+04:00"),
        ("بتاريخ 3 جويلية 2021", "2021-07-03", nil),
        ("نشر في 15 أوت 2022 | آخر تحديث 16 أوت 2022", "2022-08-15", "2022-08-16"),
        ("<span>بقلم: أحمد علي</span><br><span>الخميس 12 أفريل 2018</span>", "2018-04-12", nil),
        ("السبت 1 جوان 2019", "2019-06-01", nil),
    ] as [(String, String, String?)])
    func dateLineUnderTheHeadline(line: String, published: String, updated: String?) throws {
        let parsed = try Fixtures.parse(Array(page(line).utf8), format: .html)
        #expect(parsed.article.published?.isoTimestamp == published)
        #expect(parsed.article.updated?.isoTimestamp == updated)
    }

    @Test func neverADateFromAnotherStorysTeaser() throws {
        let teaser = "<a href='/other'><span>خبر آخر</span> <time datetime='2011-01-01'>الأحد 2 يناير 2011</time></a>"
        let parsed = try Fixtures.parse(Array(page("", teaser: teaser).utf8), format: .html)
        #expect(parsed.article.published == nil)
        #expect(parsed.article.extraction?.warnings.contains(.noDate) == true)
    }

    @Test func prosewithADateIsNotADateLine() throws {
        let line = "وكان الوزير قد زار العاصمة في 12 مايو 2020 والتقى خلالها عددا كبيرا من المسؤولين في الحكومة والبرلمان"
        let parsed = try Fixtures.parse(Array(page(line).utf8), format: .html)
        #expect(parsed.article.published == nil)
    }

    @Test func plainTextDateLineUnderTheTitle() throws {
        let file = "عنوان الخبر\nالأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)\n\nنص الخبر هنا طويل بما يكفي ليكون فقرة كاملة عن الموضوع.\n"
        let parsed = try Fixtures.parse(Array(file.utf8))
        #expect(parsed.article.published?.isoTimestamp == "2013-08-04")
        #expect(parsed.article.updated?.isoTimestamp == "2013-08-04T02:21:00+04:00")
    }
}
