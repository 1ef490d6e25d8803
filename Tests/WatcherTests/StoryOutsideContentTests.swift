import Foundation
import Testing
import Watcher

/// Web pages whose story prose lies outside the block chosen as the body: a lede in its own box at another depth, a
/// closing section after an ad slot. It is joined where the layout says it is the same story, and what is still
/// left out is counted and warned about, never dropped in silence.
@Suite struct StoryOutsideContentTests {
    private let body = [
        "قال مسؤول في وزارة الصحة إن فرق الإسعاف نقلت المصابين إلى مستشفيات المدينة، وإن حالة ثلاثة منهم حرجة.",
        "وأضاف أن السلطات فتحت تحقيقا في أسباب الحادث، ودعت السكان إلى الابتعاد عن موقع الانفجار حتى إشعار آخر.",
        "وأشار شهود عيان إلى أن الانفجار سمع في أحياء بعيدة، وأن النيران امتدت إلى مستودعين مجاورين قبل السيطرة عليها.",
    ]
    private let lede = "هز انفجار عنيف مستودعا للوقود في الحي الصناعي جنوب المدينة فجر اليوم الثلاثاء، ما أدى إلى سقوط عشرات المصابين وفق حصيلة أولية."
    private let closing = "ويأتي الانفجار بعد أسابيع من حادث مماثل في ميناء المدينة، أثار انتقادات واسعة لإجراءات السلامة في المنشآت الصناعية."
    private let other = "أعلنت وزارة التربية موعد بدء العام الدراسي الجديد، وقالت إن الدوام سيبدأ في الأول من أيلول المقبل في كل المدارس."

    private var story: String { "<div class=\"article\"><div class=\"text\">" + body.map { "<p>\($0)</p>" }.joined() + "</div></div>" }

    private func parse(_ inner: String) throws -> ParsedArticle {
        let html = "<html><head><title>انفجار في مستودع للوقود</title></head><body><div class=\"menu\"><a href=\"/\">الرئيسية</a></div>\(inner)</body></html>"
        return try ArticleParser().parse(html, format: .html)
    }

    private func leftOut(_ parsed: ParsedArticle) -> Int { parsed.article.extraction?.proseLeftOut ?? -1 }

    @Test func aLedeInItsOwnBoxIsJoinedInFront() throws {
        let parsed = try parse("""
            <div class="wrap"><div class="head"><h1>انفجار في مستودع للوقود</h1><div class="box"><div><p>\(lede)</p></div></div></div>
            <div class="ad-slot">إعلان</div><div class="cols"><div class="col-main"><div class="story-body">\(body.map { "<p>\($0)</p>" }.joined())</div></div>
            <div class="col-side"><ul><li><a href="/1">خبر آخر عن الطقس في المدينة اليوم</a></li><li><a href="/2">خبر آخر عن الرياضة</a></li></ul></div></div></div>
            """)
        #expect(parsed.article.paragraphs == [lede] + body)
        #expect(leftOut(parsed) == 0)
        #expect(parsed.article.extraction?.warnings.contains(.proseLeftOut) == false)
    }

    @Test func aClosingSectionAfterAnAdSlotIsJoinedBehind() throws {
        let parsed = try parse("<h1>انفجار في مستودع للوقود</h1>\(story)<div class=\"mpu\">إعلان</div><section><div><p>\(closing)</p></div></section>")
        #expect(parsed.article.paragraphs == body + [closing])
        #expect(leftOut(parsed) == 0)
    }

    /// Prose after a heading of its own is not joined, but the record says it was left out.
    @Test func proseAfterAnotherHeadingIsCountedAndWarned() throws {
        let parsed = try parse("<h1>انفجار في مستودع للوقود</h1>\(story)<div><h2>خلفية الحادث</h2><p>\(other)</p></div>")
        #expect(parsed.article.paragraphs == body)
        #expect(leftOut(parsed) == Extraction.visibleScalars(other))
        #expect(parsed.article.extraction?.warnings.contains(.proseLeftOut) == true)
        var trace: ExtractionTrace? = ExtractionTrace()
        _ = try HTMLArticleParser(tables: .embedded).parse("<html><body><h1>انفجار في مستودع للوقود</h1>\(story)<div><h2>خلفية</h2><p>\(other)</p></div></body></html>", trace: &trace)
        #expect(trace?.entries.contains { $0.verdict == "left out" && $0.text.hasPrefix("أعلنت وزارة التربية") } == true)
    }

    /// What is not the story is neither joined nor counted: readers' comments under the footer marker, another
    /// `<article>` (the next story of an endless page), a strip above a page with no headline, teasers beside
    /// another story's headline link.
    @Test func otherStoriesAndCommentsAreNeitherJoinedNorCounted() throws {
        let comment = "هذا خبر محزن جدا، وأتمنى الشفاء العاجل لكل المصابين في هذا الحادث الأليم والمؤسف في مدينتنا."
        let pages = [
            "<h1>انفجار في مستودع للوقود</h1>\(story)<div><h3>التعليقات</h3><div><span>أحمد</span><p>\(comment)</p></div></div>",
            "<article><h1>انفجار في مستودع للوقود</h1>\(story)</article><article><h2>وزارة التربية تعلن موعد العام الدراسي</h2><p>\(other)</p></article>",
            "<div class=\"strip\"><div><p>\(other)</p></div></div>\(story)",
            "<h1>انفجار في مستودع للوقود</h1>\(story)<div class=\"more\"><div><a href=\"/x\">وزارة التربية تعلن موعد العام الدراسي الجديد</a><p>\(other)</p></div></div>",
        ]
        for page in pages {
            let parsed = try parse(page)
            #expect(parsed.article.paragraphs == body, "\(page.prefix(60))")
            #expect(leftOut(parsed) == 0, "\(page.prefix(60))")
        }
    }

    @Test func theRecordCarriesTheCount() throws {
        let html = "<html><head><title>انفجار في مستودع للوقود</title></head><body><h1>انفجار في مستودع للوقود</h1>\(story)<div><h2>خلفية الحادث</h2><p>\(other)</p></div></body></html>"
        let dropped = DroppedFile(path: "/drop/a.html", relativePath: "a.html", bytes: Array(html.utf8))
        let json = try Fixtures.json(Pipeline().process(dropped).line)
        let extraction = (json["article"] as? [String: Any])?["extraction"] as? [String: Any]
        #expect(extraction?["prose_left_out"] as? Int == Extraction.visibleScalars(other))
        #expect((extraction?["warnings"] as? [String])?.contains("prose_left_out") == true)
    }

    /// The heading of a box of links to other stories («اخترنا لك», «اقرأ أيضا») goes with the box. Left alone it read
    /// as the page's footer marker and cut the rest of the story, or took the next subheading for a teaser.
    @Test func aLinkBoxHeadingGoesWithItsBox() throws {
        let links = "<a href=\"/1\">حريق في سوق شعبي يلتهم عشرات المحال</a>"
        let list = try parse("<h1>انفجار في مستودع للوقود</h1><div class=\"article\"><div class=\"text\"><p>\(body[0])</p><h3>اخترنا لك</h3><ul><li>\(links)</li><li><a href=\"/2\">الأرصاد تحذر من موجة حر</a></li></ul><p>\(body[1])</p><p>\(body[2])</p></div></div>")
        #expect(list.article.paragraphs == body)
        #expect(list.article.extraction?.warnings.contains(.tailCut) == false)
        let box = try parse("<h1>انفجار في مستودع للوقود</h1><div class=\"article\"><div class=\"text\"><p>\(body[0])</p><p><strong>اقرأ أيضا</strong></p><div class=\"x\">\(links)<br><a href=\"/2\">الأرصاد تحذر من موجة حر</a></div><h2>شهود عيان</h2><p>\(body[1])</p><p>\(body[2])</p></div></div>")
        #expect(box.article.paragraphs == body)
        #expect(box.article.subheadings == ["شهود عيان"])
        // A heading that is not a related-stories marker stays, even above a list of links.
        let sources = try parse("<h1>انفجار في مستودع للوقود</h1><div class=\"article\"><div class=\"text\">\(body.map { "<p>\($0)</p>" }.joined())<h3>مصادر الخبر</h3><ul><li>\(links)</li></ul></div></div>")
        #expect(sources.text.contains("مصادر الخبر"))
    }

    /// Review findings: a sidebar of other stories' excerpts between the headline and the content was joined in
    /// front; excerpts beside short linked titles after the content were joined behind; one link inside the story
    /// (or a linked headline) made its own lede «a teaser», so it was dropped in silence; a footer opener above a
    /// removed list of links («الأكثر قراءة») no longer cut the readers' comments under it.
    @Test func otherStoriesBesideTheContentAndFooterOpeners() throws {
        let excerpt = "ارتفعت أسعار النفط في الأسواق العالمية اليوم، بعد قرار المنتجين خفض الإنتاج خلال الأشهر المقبلة."
        let card = "<div class=\"item\"><a href=\"/o\">النفط يرتفع</a><p>\(excerpt)</p></div>"
        let sidebar = try parse("<div class=\"row\"><h1>انفجار في مستودع للوقود</h1></div><div class=\"row\"><div class=\"col-4\">\(card)\(card)</div>\(story)</div>")
        #expect(sidebar.article.paragraphs == body)
        let after = try parse("<h1>انفجار في مستودع للوقود</h1>\(story)<div class=\"more\">\(card)\(card)</div>")
        #expect(after.article.paragraphs == body)
        #expect(leftOut(after) == 0)
        let linkedStory = "<div class=\"article\"><div class=\"text\"><p>\(body[0]) <a href=\"/m\">وزارة الصحة في المدينة</a></p><p>\(body[1])</p><p>\(body[2])</p></div></div>"
        let lede = try parse("<div class=\"head\"><h1><a href=\"/s\">انفجار في مستودع للوقود</a></h1><div class=\"box\"><p>\(self.lede)</p></div></div>\(linkedStory)")
        #expect(lede.article.paragraphs.first == self.lede)
        // A byline with a linked name, a caption or a share heading between the lede and the body does not part them.
        for between in ["<div class=\"byline\">بقلم <a href=\"/a\">سامي يوسف</a></div>", "<figure><img src=\"x.jpg\"><figcaption>صورة من موقع الانفجار جنوب المدينة صباح اليوم</figcaption></figure>",
                        "<h3>شارك</h3>"] {
            let parted = try parse("<div class=\"head\"><h1>انفجار في مستودع للوقود</h1><div class=\"box\"><p>\(self.lede)</p></div>\(between)</div>\(story)")
            #expect(parted.article.paragraphs.first == self.lede, "\(between)")
        }
        let comment = "هذا خبر محزن جدا، وأتمنى الشفاء العاجل لكل المصابين في هذا الحادث الأليم والمؤسف في مدينتنا."
        let footer = try parse("<h1>انفجار في مستودع للوقود</h1><div class=\"article\"><div class=\"text\">\(body.map { "<p>\($0)</p>" }.joined())<h3>الأكثر قراءة</h3><ul><li><a href=\"/1\">حريق في سوق شعبي يلتهم عشرات المحال</a></li></ul><p>\(comment)</p></div></div>")
        #expect(footer.article.paragraphs == body)
    }
}
