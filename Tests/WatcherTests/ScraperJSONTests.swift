import Foundation
import Testing
import Watcher

/// JSON articles as common scrapers and APIs write them (news-please, NewsAPI, the WordPress REST API, RSS-style
/// dates): every text they carry reaches the body, and their dates are read.
@Suite struct ScraperJSONTests {
    private func parse(_ object: [String: Any]) throws -> ParsedArticle {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return try ArticleParser().parse(String(decoding: data, as: UTF8.self), format: .json)
    }

    private let first = "قال مسؤول في وزارة الصحة إن فرق الإسعاف نقلت المصابين إلى مستشفيات المدينة، وإن حالة ثلاثة منهم حرجة."
    private let second = "وأضاف أن السلطات فتحت تحقيقا في أسباب الحادث، ودعت السكان إلى الابتعاد عن موقع الانفجار."

    /// news-please: `maintext`, `date_publish` with a space, `date_modify`, `authors`, `source_domain`, and a
    /// `description` that is not in the body, which becomes the lead.
    @Test func newsPleaseKeys() throws {
        let parsed = try parse([
            "title": "انفجار في مستودع للوقود جنوب المدينة",
            "maintext": first + "\n" + second,
            "description": "أعلنت السلطات حالة الطوارئ بعد انفجار هز الحي الصناعي فجر اليوم.",
            "date_publish": "2019-03-06 16:00:00",
            "date_modify": "2019-03-07 08:30:00",
            "authors": ["سامي يوسف"],
            "source_domain": "www.example.com",
            "language": "ar",
            "image_url": "https://www.example.com/a.jpg",
        ])
        let article = parsed.article
        #expect(article.published?.isoDate == "2019-03-06")
        #expect(article.updated?.isoDate == "2019-03-07")
        #expect(article.author == "سامي يوسف")
        #expect(article.source == "www.example.com")
        #expect(article.body.first?.kind == .lead)
        #expect(article.body.first?.text.hasPrefix("أعلنت السلطات") == true)
        #expect(article.paragraphs.count == 3)
        #expect(parsed.text.contains("فرق الإسعاف") && parsed.text.contains("فتحت تحقيقا"))
        #expect(article.extraJSON == #"{"image_url":"https://www.example.com/a.jpg"}"#)
    }

    /// NewsAPI: a `source` object, `publishedAt`, and a `description` that repeats the body's opening, which is not
    /// written twice.
    @Test func newsAPIKeysAndARepeatedStandfirst() throws {
        let parsed = try parse([
            "source": ["id": NSNull(), "name": "الجزيرة"],
            "title": "انفجار في مستودع للوقود",
            "description": first,
            "content": first + "\n" + second,
            "publishedAt": "2020-01-05T10:00:00Z",
        ])
        #expect(parsed.article.source == "الجزيرة")
        #expect(parsed.article.published?.isoTimestamp == "2020-01-05T10:00:00Z")
        #expect(parsed.article.paragraphs == [first, second])
        #expect(parsed.article.body.allSatisfy { $0.kind != .lead })
        #expect(parsed.article.boilerplateRemoved == 0)
        #expect(parsed.article.extraJSON == nil)
    }

    /// WordPress REST: `date` is the site's clock without an offset and `date_gmt` is UTC; together they give the
    /// local time with its offset, even across midnight. Alone, the UTC time is given as UTC.
    @Test func wordPressGMTDatesGiveTheOffset() throws {
        let both = try parse([
            "title": "انفجار في مستودع للوقود", "content": first,
            "date": "2021-05-02T01:30:00", "date_gmt": "2021-05-01T22:30:00",
            "modified": "2021-05-02T09:00:00", "modified_gmt": "2021-05-02T06:00:00",
        ]).article
        #expect(both.published?.isoTimestamp == "2021-05-02T01:30:00+03:00")
        #expect(both.updated?.isoTimestamp == "2021-05-02T09:00:00+03:00")
        #expect(both.extraJSON == nil)
        let utcOnly = try parse(["title": "انفجار", "content": first, "date_gmt": "2021-05-01T22:30:00"]).article
        #expect(utcOnly.published?.isoTimestamp == "2021-05-01T22:30:00Z")
        // An offset already given wins, and a pair no time zone explains is left as it came, the UTC key kept.
        let odd = try parse(["title": "انفجار", "content": first,
                             "date": "2021-05-02T01:30:00", "date_gmt": "2021-04-20T22:30:00"]).article
        #expect(odd.published?.isoDate == "2021-05-02" && odd.published?.offsetMinutes == nil)
        #expect(odd.extraJSON == #"{"date_gmt":"2021-04-20T22:30:00"}"#)
    }

    /// trafilatura: `source` is the page's address and `source-hostname` the site's name.
    @Test func trafilaturaSourceIsTheAddress() throws {
        let article = try parse([
            "title": "انفجار في مستودع للوقود", "text": first,
            "source": "https://www.example.com/news/1", "source-hostname": "المثال نيوز", "hostname": "example.com",
        ]).article
        #expect(article.source == "المثال نيوز")
        #expect(article.url == "https://www.example.com/news/1")
        #expect(article.extraJSON == #"{"hostname":"example.com"}"#)
        // With no site name, the host names the source.
        let bare = try parse(["title": "انفجار", "text": first, "source": "https://www.example.com/news/1",
                              "source-hostname": NSNull(), "hostname": "example.com"]).article
        #expect(bare.source == "example.com" && bare.url == "https://www.example.com/news/1")
        // A site's address (no page) under any source key still names the outlet, as before; a page's address beside
        // another url stays in `extra`.
        let site = try parse(["title": "انفجار", "text": first, "site": "https://www.alarabiya.net", "url": "https://www.alarabiya.net/a/1"]).article
        #expect(site.source == "https://www.alarabiya.net" && site.url == "https://www.alarabiya.net/a/1")
        let home = try parse(["title": "انفجار", "text": first, "source": "https://www.alarabiya.net/"]).article
        #expect(home.source == "https://www.alarabiya.net/" && home.url == nil)
        // A query names a page; a fragment alone does not.
        #expect(try parse(["title": "انفجار", "text": first, "source": "https://example.com?p=1"]).article.url == "https://example.com?p=1")
        #expect(try parse(["title": "انفجار", "text": first, "source": "https://www.aljazeera.net/#main"]).article.url == nil)
        let two = try parse(["title": "انفجار", "text": first, "source": "https://a.example/x", "url": "https://b.example/y"]).article
        #expect(two.url == "https://b.example/y" && two.source == nil)
        #expect(two.extraJSON == #"{"source":"https://a.example/x"}"#)
    }

    /// WordPress REST: texts wrapped in `rendered`, HTML with text outside `<p>` (a `<div>`, lines split by `<br>`).
    @Test func wordPressRenderedHTML() throws {
        let parsed = try parse([
            "title": ["rendered": "انفجار في مستودع &#8211; الحصيلة ترتفع"],
            "content": ["rendered": "<p>\(first)</p>\n<div class=\"wp-block\">\(second)</div>\n<p>السطر الأول<br>وقالت الشرطة إن الحريق أخمد بعد ساعتين.</p>\n<script>var x = 1;</script>", "protected": false],
            "excerpt": ["rendered": "<p>حصيلة جديدة لانفجار المستودع.</p>\n", "protected": false],
            "date": "2021-05-01T10:00:00",
            "modified": "2021-05-02T09:00:00",
        ])
        let article = parsed.article
        #expect(article.title == "انفجار في مستودع – الحصيلة ترتفع")
        #expect(article.published?.isoDate == "2021-05-01")
        #expect(article.updated?.isoDate == "2021-05-02")
        #expect(article.body.first == Article.Block(.lead, "حصيلة جديدة لانفجار المستودع."))
        #expect(parsed.text.contains("فتحت تحقيقا"))
        #expect(parsed.text.contains("السطر الأول") && parsed.text.contains("أخمد بعد ساعتين"))
        #expect(!parsed.text.contains("var x"))
        #expect(article.extraJSON == nil)
        #expect(article.extraction?.warnings.contains(.bodySmallShare) == false)
    }

    /// Two body keys: a second text the first lacks is read; the same story given twice (text and HTML) is not
    /// repeated and does not go to `extra`.
    @Test func aSecondBodyKeyIsRead() throws {
        let more = try parse(["title": "عنوان", "text": first, "body": second])
        #expect(more.article.paragraphs == [first, second])
        #expect(more.article.extraJSON == nil)
        let same = try parse(["title": "عنوان", "text": first + "\n" + second, "content": "<p>\(first)</p><p>\(second)</p>"])
        #expect(same.article.paragraphs == [first, second])
        #expect(same.article.boilerplateRemoved == 0)
        #expect(same.article.extraJSON == nil)
        #expect(same.article.extraction?.warnings.contains(.bodySmallShare) == false)
    }

    /// RSS `pubDate` (RFC 822) and Unix times in seconds and milliseconds, as numbers or digit strings.
    @Test func internetAndUnixDates() throws {
        let rss = try parse(["title": "عنوان", "text": first, "pubDate": "Wed, 06 Mar 2019 16:00:00 +0300", "updated": "7 Mar 2019 08:00 GMT"])
        #expect(rss.article.published?.isoTimestamp == "2019-03-06T16:00:00+03:00")
        #expect(rss.article.updated?.isoTimestamp == "2019-03-07T08:00:00Z")
        let epoch = try parse(["title": "عنوان", "text": first, "published_at": 1_551_888_000, "updated_at": "1551974400000"])
        #expect(epoch.article.published?.isoTimestamp == "2019-03-06T16:00:00Z")
        #expect(epoch.article.updated?.isoTimestamp == "2019-03-07T16:00:00Z")
        // A number that is no time of this century, and a boolean, stay in `extra`.
        let odd = try parse(["title": "عنوان", "text": first, "date": 42, "updated": true])
        #expect(odd.article.published == nil && odd.article.updated == nil)
        #expect(odd.article.extraJSON == #"{"date":42,"updated":true}"#)
    }

    @Test func calendarDateReaders() {
        #expect(CalendarDate(internet: "Thu, 29 Feb 2024 23:59:59 EST")?.isoTimestamp == "2024-02-29T23:59:59-05:00")
        #expect(CalendarDate(internet: "1 January 2020")?.isoDate == "2020-01-01")
        #expect(CalendarDate(internet: "30 Feb 2023 10:00 GMT") == nil)
        #expect(CalendarDate(internet: "29 Feb 2024 10:00 +03") == nil)
        #expect(CalendarDate(internet: "الأربعاء 6 مارس 2019") == nil)
        #expect(CalendarDate(unixTime: 946_684_800)?.isoTimestamp == "2000-01-01T00:00:00Z")
        #expect(CalendarDate(unixTime: 1_709_251_199)?.isoTimestamp == "2024-02-29T23:59:59Z")
        #expect(CalendarDate(unixTime: 12) == nil)
    }

    /// Review findings: a standfirst of only tatweel crashed the parser (an empty needle); the same story split
    /// differently in two body keys was written twice; a standfirst cut with an ellipsis was repeated as a lead; a
    /// link inside a text body made it HTML and lost its paragraph breaks; a WordPress user number became the author.
    @Test func reviewedEdgeCases() throws {
        let tatweel = try parse(["title": "عنوان", "text": first, "description": "ـــ\nــــــــ"])
        #expect(tatweel.article.paragraphs == [first])
        let oneLine = try parse(["title": "عنوان", "text": first + " " + second, "content": "<p>\(first)</p><p>\(second)</p>"])
        #expect(oneLine.article.paragraphs == [first + " " + second])
        for cut in ["...", "…", " ..."] {
            let words = first.split(separator: " ")
            let truncated = words.prefix(8).joined(separator: " ") + " " + String(words[8].prefix(2)) + cut
            let parsed = try parse(["title": "عنوان", "text": first + "\n" + second, "description": truncated])
            #expect(parsed.article.paragraphs == [first, second], "\(truncated)")
        }
        let linked = try parse(["title": "عنوان", "text": "\(first)\n\nوقال <a href=\"/x\">الوزير</a> إن الحريق أخمد.\n\n\(second)"])
        #expect(linked.article.paragraphs.count == 3)
        #expect(!linked.text.contains("<a") && !linked.text.contains("</a>") && linked.text.contains("وقال الوزير إن"))
        let upper = try parse(["title": "عنوان", "text": "<P>\(first)</P><P>\(second)</P>"])
        #expect(upper.article.paragraphs == [first, second])
        // A standfirst that ends with one full stop is a sentence, not a cut: it stays when the body lacks it.
        let standfirst = first.split(separator: " ").prefix(6).joined(separator: " ") + " في الجنوب."
        let stopped = try parse(["title": "عنوان", "text": first + "\n" + second, "description": standfirst])
        #expect(stopped.article.body.first == Article.Block(.lead, standfirst))
        let wordpress = try parse(["title": "عنوان", "text": first, "author": 3])
        #expect(wordpress.article.author == nil)
        #expect(wordpress.article.extraJSON == #"{"author":3}"#)
        #expect(CalendarDate(internet: "Tue, 12 Mar 2024 10:00:00 +9999") == nil)
    }
    /// Bodies in other shapes than a string or a list of strings were dropped (kept under `extra`, which the rules do
    /// not read) while the record said all was kept: Drupal's `{"value": "<p>…"}`, Arc XP's `content_elements`, a
    /// list of block objects, a list of HTML fragments, HTML escaped once more. Each reaches the body now.
    @Test func bodiesInObjectAndListShapesReachTheBody() throws {
        let html = "<p>\(first)</p><p>\(second)</p>"
        let shapes: [(String, Any)] = [
            ("drupal", ["value": html, "format": "full_html"]),
            ("arc", [["type": "text", "content": first], ["type": "image", "url": "https://example.com/a.jpg"],
                     ["type": "header", "content": "تفاصيل الحادث"], ["type": "text", "content": second]]),
            ("blocks", [["type": "paragraph", "text": first], ["type": "paragraph", "text": second]]),
            ("fragments", ["<p>\(first)</p>", "<p>\(second)</p>"]),
            ("escaped", html.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")),
        ]
        for (name, body) in shapes {
            let key = name == "arc" ? "content_elements" : "body"
            let parsed = try parse(["title": "انفجار في مستودع للوقود جنوب المدينة", key: body])
            #expect(parsed.text.contains("فرق الإسعاف") && parsed.text.contains("فتحت تحقيقا"), "\(name): \(parsed.text)")
            #expect(!parsed.text.contains("<p>") && !parsed.text.contains("&lt;"), "\(name): \(parsed.text)")
            #expect(parsed.article.extraJSON.map { !$0.contains("فرق الإسعاف") } ?? true, "\(name): the body is not left under extra")
        }
        let arc = try parse(["title": "انفجار", "content_elements": shapes[1].1])
        #expect(arc.text.contains("تفاصيل الحادث") && !arc.text.contains("example.com"))
    }

    /// Rich text as Contentful and ProseMirror write it: a paragraph's inline nodes (plain, bold, a link) are one
    /// line with their own spaces, not a paragraph each.
    @Test func richTextParagraphsKeepTheirInlineRunsTogether() throws {
        func text(_ value: String, _ key: String = "value", _ type: String = "nodeType") -> [String: Any] { [type: "text", key: value] }
        let contentful: [String: Any] = ["nodeType": "document", "content": [
            ["nodeType": "paragraph", "content": [text("وصل "), text("وزير الصحة"), text(" إلى بغداد، بحسب "),
                                                  ["nodeType": "hyperlink", "data": ["uri": "https://example.com"], "content": [text("بيان الوزارة")]],
                                                  text(".")]],
            ["nodeType": "paragraph", "content": [text(second)]],
        ]]
        let parsed = try parse(["title": "الوزير في بغداد", "body": contentful])
        #expect(parsed.article.paragraphs == ["وصل وزير الصحة إلى بغداد، بحسب بيان الوزارة.", second], "\(parsed.article.paragraphs)")
        let prosemirror: [String: Any] = ["type": "doc", "content": [
            ["type": "paragraph", "content": [text("قال ", "text", "type"), text("المتحدث", "text", "type"), text(" إن الزيارة مهمة.", "text", "type")]],
        ]]
        let other = try parse(["title": "الوزير في بغداد", "content": prosemirror])
        #expect(other.article.paragraphs == ["قال المتحدث إن الزيارة مهمة."], "\(other.article.paragraphs)")
    }

    /// A body key in a shape still not understood stays under `extra`; its prose counts as input, so the record
    /// warns that its body is a small share of what the file held instead of saying all was kept.
    @Test func aBodyInAnUnknownShapeIsWarnedAbout() throws {
        let story = String(repeating: first + " ", count: 4)
        let parsed = try parse(["title": "انفجار في مستودع للوقود", "description": "أعلنت السلطات حالة الطوارئ بعد انفجار هز الحي.",
                                "body": ["blocks": ["one": ["para": story]]]])
        #expect(!parsed.text.contains("فرق الإسعاف"))
        #expect(parsed.article.extraction?.warnings.contains(.bodySmallShare) == true, "\(String(describing: parsed.article.extraction))")
    }

    /// A feed (JSON Feed's `items`, NewsAPI's `articles`) is several articles: its name became the title and its
    /// stories were lost under `extra`. It is refused with a sentence that says what to do.
    @Test func aFeedOfArticlesIsRefused() throws {
        let feed: [String: Any] = ["version": "https://jsonfeed.org/version/1.1", "title": "أخبار عاجلة",
                                   "items": [["id": "1", "title": "خبر أول", "content_html": "<p>\(first)</p>"],
                                             ["id": "2", "title": "خبر ثان", "content_text": second]]]
        #expect {
            try parse(feed)
        } throws: { error in
            let message = (error as? IngestError)?.message ?? ""
            return message.contains("feed of 2 articles") && message.contains("\"items\"") && message.contains("one article per file")
        }
        // An article listing headlines under `items` (a press review) is one article, not a feed.
        let review = try parse(["title": "جولة في الصحف", "description": first,
                                "items": [["title": "عنوان أول"], ["title": "عنوان ثان"]]])
        #expect(review.text.contains("فرق الإسعاف"))
        // One article with `content_html` (a JSON Feed item on its own) is read.
        let item = try parse(["title": "خبر أول", "content_html": "<p>\(first)</p>"])
        #expect(item.text.contains("فرق الإسعاف"))
    }
}
