import Testing
import Watcher

/// Layouts that recur across outlets and once lost a page's body or date (issue 17, the causes the holdout pages
/// showed). Markup and text are composed here; each test fails without the rule it names.
@Suite struct PageLayoutTests {
    static let p1 = HTMLExtractionTests.p1
    static let p2 = HTMLExtractionTests.p2
    static let p3 = HTMLExtractionTests.p3
    static let story = "<p>\(p1)</p><p>\(p2)</p><p>\(p3)</p>"

    static func parse(_ html: String) throws -> ParsedArticle { try Fixtures.parse(Array(html.utf8), format: .html) }

    /// ASP.NET WebForms put the whole page, headline and story included, in one `<form>`: it is a layout wrapper,
    /// not page furniture like a search or comment form. Without an `<h1>` (the headline in an `<h2>`) the form was
    /// removed as furniture and the story with it; a form holding most of the page's prose wraps the page.
    @Test(arguments: ["<h1>الوزير في بغداد</h1>", "<div class='news-title'><h2>الوزير في بغداد</h2></div>"])
    func aPageInsideOneFormKeepsItsBody(heading: String) throws {
        let html = "<html><head><title>الوزير في بغداد</title></head><body><form method='post' action='./ar' id='aspnetForm'>"
            + "<div class='menu-top'><a href='/'>الرئيسية</a> <a href='/n'>أخبار</a></div>"
            + "\(heading)<div class='details'>\(Self.story)</div>"
            + "<div><input type='hidden' name='__VIEWSTATE' value='x'></div></form>"
            + "<form action='/search'><input name='q'><button>بحث</button></form></body></html>"
        let parsed = try Self.parse(html)
        #expect(parsed.article.paragraphs == [Self.p1, Self.p2, Self.p3], "\(parsed.text)")
        #expect(!parsed.text.contains("الرئيسية"))
        #expect(parsed.article.extraction?.warnings.contains(.bodySmallShare) == false)
    }

    /// A search or comment form is still furniture: it holds no headline or article, and its rules, prose though
    /// they are, are a small part of the page's text.
    @Test func aCommentFormIsStillFurniture() throws {
        let form = "<form action='/comment'><p>أضف تعليقك، ويرجى الالتزام بآداب الحوار، وعدم الإساءة إلى أحد. وسيراجع المحرر التعليق قبل نشره.</p>"
            + "<textarea></textarea></form>"
        let html = "<html><body><h1>الوزير في بغداد</h1><div class='details'>\(Self.story)\(form)</div></body></html>"
        let parsed = try Self.parse(html)
        #expect(parsed.article.paragraphs == [Self.p1, Self.p2, Self.p3])
        let rules = "يرجى الالتزام بآداب الحوار وعدم استخدام الألفاظ النابية أو الإساءة إلى الأشخاص والمؤسسات. التعليقات المنشورة تعبر عن آراء أصحابها ولا تعبر بالضرورة عن رأي الموقع، وتحتفظ الإدارة بحق حذف أي تعليق مخالف."
        let commentForm = "<html><body><h1>الوزير في بغداد</h1><div class='entry'>\(Self.longStory)</div>"
            + "<form action='/comment'><h3>أضف تعليقك</h3><p>\(rules)</p><textarea></textarea><button>إرسال</button></form></body></html>"
        let withForm = try Self.parse(commentForm)
        #expect(!withForm.text.contains("يرجى الالتزام") && withForm.text.contains(Self.p5), "\(withForm.text)")
    }

    /// A logo `<h1>` above the story's («CNN» in the header): the date line is read under the headline that the
    /// page's titles hold, not under the logo.
    @Test(arguments: ["<h1><span>الأنباء</span><a href='/'><img src='logo.gif' alt='الأنباء'></a></h1>",
                      "<h1 class='site-title'><a href='/'>شبكة الأنباء</a></h1>"])
    func aLogoHeadingAboveTheHeadlineIsNotTheHeadline(logo: String) throws {
        let html = "<html><head><title>الوزير يصل إلى بغداد في زيارة رسمية - شبكة الأنباء</title></head><body>"
            + "<div id='hdr'><div class='banner'>\(logo)</div><div class='links'><a href='/a'>سياسة</a> <a href='/b'>اقتصاد</a></div></div>"
            + "<div class='tools'><div class='buttons'>أدوات</div></div><div class='main'><div class='col'>"
            + "<h1>الوزير يصل إلى بغداد في زيارة رسمية</h1><div class='stamp'><div>الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)</div></div>"
            + "<div class='txt'>\(Self.story)</div></div></div></body></html>"
        let parsed = try Self.parse(html)
        #expect(parsed.article.title == "الوزير يصل إلى بغداد في زيارة رسمية")
        #expect(parsed.article.published?.isoTimestamp == "2013-08-28")
        #expect(parsed.article.updated?.isoTimestamp == "2013-08-28T14:00:00+04:00")
    }

    /// The site's name in an `<h1>` in the copyright line, and no og:title: the title is still the story's.
    @Test func aCopyrightHeadingIsNotTheTitle() throws {
        let html = "<html><head><title>الوزير يصل إلى بغداد في زيارة رسمية | الأنباء</title></head><body>"
            + "<h1>الأنباء</h1><div class='txt'><h1>الوزير يصل إلى بغداد في زيارة رسمية</h1>\(Self.story)</div></body></html>"
        #expect(try Self.parse(html).article.title == "الوزير يصل إلى بغداد في زيارة رسمية")
        // A <title> that words the headline otherwise holds only the site's name of the two <h1>s: the first stays.
        let reworded = "<html><head><title>الوزير في بغداد | الأنباء اليوم</title></head><body>"
            + "<div class='txt'><h1>وزير الخارجية يصل إلى العاصمة العراقية بغداد</h1>\(Self.story)</div><div class='copy'><h1>الأنباء اليوم</h1></div></body></html>"
        #expect(try Self.parse(reworded).article.title == "وزير الخارجية يصل إلى العاصمة العراقية بغداد")
    }

    /// Two paragraphs about the outlet, outside the layout wrapper: prose that loses to the story on its own.
    static let aboutBox = "<div class='about-box'><p>تأسست الشبكة عام ألفين، وهي مؤسسة إعلامية مستقلة، تصدر عن شركة خاصة. وتنشر الأخبار والتقارير والتحليلات على مدار الساعة.</p>"
        + "<p>ويعمل فيها مراسلون في عشرين بلدا، ومحررون في ثلاث عواصم. وتلتزم الشبكة بميثاق الشرف الصحفي، وبالتحقق من كل خبر قبل نشره.</p></div>"

    static func layoutPage(wrapper: String, story: (open: String, close: String)) -> String {
        "<html><head><title>الوزير في بغداد</title></head><body><div \(wrapper)>\(story.open)<h1>الوزير في بغداد</h1>"
            + "<div class='txt'>\(Self.story)</div>\(story.close)<div class='widgets'><div class='widget'>أدوات</div></div></div>"
            + "\(aboutBox)</body></html>"
    }

    /// A chrome word on a layout wrapper (`has-sidebar`, an id ending in `-comments-enabled`) is a hint about all it
    /// holds, but the story's own container (`<main>`, `<article>`, `itemprop="articleBody"`) cuts it: without
    /// that, the outlet's box outside the wrapper won over the story.
    @Test(arguments: [
        ("class='layout has-sidebar'", "<main>", "</main>"),
        ("id='page-comments-enabled'", "<article>", "</article>"),
        ("class='container with-sidebar'", "<div itemprop='articleBody'>", "</div>"),
        ("class='layout has-sidebar'", "<div role='main'>", "</div>"),
    ])
    func theStorysContainerCutsAWrappersChromeHint(wrapper: String, open: String, close: String) throws {
        let parsed = try Self.parse(Self.layoutPage(wrapper: wrapper, story: (open, close)))
        #expect(parsed.article.paragraphs == [Self.p1, Self.p2, Self.p3], "\(wrapper) \(open)")
    }

    /// The control: without a story container, the wrapper's hint still weighs the story down and the box wins;
    /// so the hint is what the containers above overrule.
    @Test func withoutAStoryContainerTheWrappersHintStands() throws {
        let parsed = try Self.parse(Self.layoutPage(wrapper: "class='layout has-sidebar'", story: ("<div class='col'>", "</div>")))
        #expect(parsed.text.contains("تأسست الشبكة"))
    }

    /// A comment marked up as an `<article>` and named as one keeps the comments box's hint.
    @Test func aCommentsArticleKeepsTheHint() throws {
        let comment = (1...3).map { n in
            "<p>تعليق رقم \(n)، من قارئ غاضب، يرى أن الزيارة لن تغير شيئا، وأن الملفات عالقة منذ سنوات. ويطالب الحكومة بالوضوح، وبنشر نتائج الزيارات السابقة.</p>"
        }.joined()
        let html = "<html><body><div class='main'><h1>الوزير في بغداد</h1><div class='txt'>\(Self.story)</div></div>"
            + "<div id='comments'><h3>التعليقات</h3><article class='comment'><div class='text'>\(comment)</div></article></div></body></html>"
        let parsed = try Self.parse(html)
        #expect(parsed.article.paragraphs == [Self.p1, Self.p2, Self.p3])
    }

    static func datedPage(_ line: String) -> String {
        "<html><head><title>خبر</title></head><body><div class='story'><h1>الوزير في بغداد</h1><div class='meta'>\(line)</div>"
            + "\(Self.story)</div></body></html>"
    }

    /// A labelled date line of a month without a day gives no publication date, so the line stays in the body:
    /// a metadata line leaves the text only when what it says lands in the record.
    @Test(arguments: ["نشر في: أبريل 2020", "نشر في: أبريل 2020 - المصدر: رويترز", "بقلم: أحمد علي - نشر في: أبريل 2020",
                      "نشر في: 31 فيفري 2019"])
    func aDateLineWithoutADayStaysInTheBody(line: String) throws {
        let parsed = try Self.parse(Self.datedPage(line))
        #expect(parsed.article.published == nil)
        #expect(parsed.text.contains(line))
        #expect(parsed.article.body.contains { $0.text == line })
    }

    /// A line with one full date and one without a day stays in the body for the dayless one, and its full date
    /// still fills the record.
    @Test(arguments: [("نشر في: 12 أبريل 2020 - آخر تحديث: أبريل 2020", true), ("نشر في: أبريل 2020 - آخر تحديث: 12 أبريل 2020", false)])
    func aDateLineWithOneDaylessDateStillGivesTheFullOne(line: String, publishedHasTheDay: Bool) throws {
        // No <h1>: the date search under the headline has no anchor, so only the metadata line can give the date.
        let page = "<html><head><title>خبر</title></head><body><div class='story'><div class='meta'>\(line)</div>\(Self.story)</div></body></html>"
        let parsed = try Self.parse(page)
        let full = publishedHasTheDay ? parsed.article.published : parsed.article.updated
        let dayless = publishedHasTheDay ? parsed.article.updated : parsed.article.published
        #expect(full?.isoTimestamp == "2020-04-12")
        #expect(dayless == nil)
        #expect(parsed.article.body.contains { $0.text == line })
    }

    /// The control: with a day, the line fills `published` and leaves the body (counted).
    @Test func aDateLineWithADayFillsTheRecordAndLeaves() throws {
        let parsed = try Self.parse(Self.datedPage("نشر في: 12 أبريل 2020 - المصدر: رويترز"))
        #expect(parsed.article.published?.isoTimestamp == "2020-04-12")
        #expect(parsed.article.source == "رويترز")
        #expect(!parsed.text.contains("نشر في"))
    }

    /// The story's own byline and date written as a list (`<ul class="post-meta">`) or beside a byline link, in a
    /// box next to the headline and outside the body: the date search reads them. A list of other stories is still
    /// no date line (``VisibleDateGrammarTests/neverADateFromAnotherStory(teaser:)``).
    @Test(arguments: [
        "<ul class='post-meta'><li>بقلم: أحمد علي</li><li>الأحد 12 مايو 2024</li></ul>",
        "<ul class='entry-meta'><li><a href='/author/ahmad'>أحمد علي</a></li><li><span>الأحد 12 مايو 2024</span></li><li><a href='/cat/p'>سياسة</a></li></ul>",
        "<ol class='meta'><li>الأحد 12 مايو 2024</li></ol>",
        "<div class='meta'><a href='/author/x'>بقلم الزميل أحمد علي محمد حسن</a> <span>الأحد 12 مايو 2024</span></div>",
    ])
    func theStorysOwnMetaListGivesTheDate(meta: String) throws {
        let html = "<html><head><title>خبر</title></head><body><div class='wrap'><div class='head'><h1>الوزير في بغداد</h1>\(meta)</div>"
            + "<div class='content'><div class='txt'>\(Self.story)</div></div></div></body></html>"
        let parsed = try Self.parse(html)
        #expect(parsed.article.published?.isoTimestamp == "2024-05-12", "\(meta)")
        #expect(parsed.article.paragraphs == [Self.p1, Self.p2, Self.p3])
    }

    static let rules = "يسعدنا أن نقرأ آراءكم، وتخضع التعليقات للمراجعة قبل نشرها. يرجى الالتزام بآداب الحوار وعدم الإساءة."
    static let disclaimer = "الآراء المنشورة أدناه تعبر عن أصحابها، ولا تعبر بالضرورة عن رأي الموقع."
    static let lastWithComments = "ولم ترد الوزارة على التعليقات التي نشرتها الصحف العراقية حتى مساء الأحد، بحسب مراسلنا."

    static let p4 = HTMLExtractionTests.p4
    static let p5 = "وكانت اللجنة المشتركة قد عقدت اجتماعها الأخير في عمان، واتفقت على جدول أعمال يشمل الطاقة والمياه والنقل البري."
    static let longStory = "\(story)<p>\(p4)</p><p>\(p5)</p>"

    static func commentsPage(before: String, box: String = "<div class='fb-comments' data-href='/x'> </div>") -> String {
        "<html><body><h1>الوزير في بغداد</h1><div class='txt'>\(Self.longStory)\(before)\(box)</div></body></html>"
    }

    /// The comment section's rules and the outlet's disclaimer, in an unnamed box right before the comments widget
    /// inside the story's container, are removed (counted, explained), not kept as the story's last paragraphs.
    @Test(arguments: ["<div class='fb-comments' data-href='/x'> </div>", "<div id='disqus_thread'></div>",
                      "<section class='comments-area'><h3>أضف تعليقا</h3><textarea></textarea></section>",
                      "<aside class='comments'><h3>التعليقات</h3></aside>"])
    func theCommentSectionsPrefaceIsNotTheStory(box: String) throws {
        let preface = "<div class='line'> </div><div style='padding:10px 0'><p>\(Self.rules)</p><p>\(Self.disclaimer)</p></div>"
        let (parsed, trace) = try ArticleParser().explain(Self.commentsPage(before: preface, box: box), format: .html)
        #expect(parsed.article.paragraphs == [Self.p1, Self.p2, Self.p3, Self.p4, Self.p5], "\(box)")
        #expect(!parsed.text.contains(Self.disclaimer))
        #expect(parsed.article.boilerplateRemoved >= 1)
        #expect(trace.entries.contains { $0.reason.contains("comment section") })
    }

    /// What the rule leaves: the story's own last paragraph right before the box, even when it speaks of comments;
    /// the same box with no comments widget after it.
    @Test func theStorysLastParagraphBeforeTheCommentsBoxStays() throws {
        let last = try Self.parse(Self.commentsPage(before: "<p>\(Self.lastWithComments)</p>"))
        #expect(last.article.paragraphs == [Self.p1, Self.p2, Self.p3, Self.p4, Self.p5, Self.lastWithComments])
        // The whole story in its own box right before the comments box, speaking of «التعليقات»: it is most of the text.
        let spoken = "وتباينت التعليقات على الزيارة في الصحف العراقية، بين مرحب بها ومتحفظ على توقيتها."
        let wrapped = try Self.parse("<html><body><h1>الوزير في بغداد</h1><div class='post'><div class='txt'>\(Self.longStory)<p>\(spoken)</p></div>"
                                     + "<div id='comments'></div></div></body></html>")
        #expect(wrapped.article.paragraphs == [Self.p1, Self.p2, Self.p3, Self.p4, Self.p5, spoken])
        let noBox = try Self.parse(Self.commentsPage(before: "<div><p>\(Self.rules)</p></div>", box: ""))
        #expect(noBox.text.contains(Self.rules))
    }

    /// Plain text: a second header line that says otherwise than the first (another source, another day) is not
    /// taken into a field that is already full, so it stays in the body instead of leaving with the header.
    @Test(arguments: [
        ("المصدر: رويترز", "المصدر: وكالة الأنباء الفرنسية"),
        ("نشر في: 12 أبريل 2020", "نشر في: 20 مايو 2021"),
    ])
    func aPlainTextHeaderLineThatSaysOtherwiseStays(first: String, second: String) throws {
        let file = "الوزير يصل إلى بغداد\n\(first)\n\(second)\n\n\(Self.p1)\n\n\(Self.p2)\n"
        let parsed = try Fixtures.parse(Array(file.utf8))
        #expect(parsed.text.contains(second), "lost: \(second)")
        #expect(!parsed.text.contains(first))
        #expect(parsed.text.contains(Self.p1) && parsed.text.contains(Self.p2))
    }

    /// Position counts from the headline `<h1>`, not from a logo `<h1>` above it: a strip of other stories'
    /// summaries between the logo and the headline counts for half, as it does on a page without the logo.
    @Test func positionCountsFromTheHeadlineNotTheLogo() throws {
        let html = "<html><head><title>الوزير في بغداد - الأنباء</title></head><body><div class='top'><h1><a href='/'>الأنباء</a></h1></div>"
            + "<div class='strip'>\(HTMLPositionTests.summaries)</div><div class='main'><h1>الوزير في بغداد</h1><div class='txt'>"
            + "<p>\(HTMLExtractionTests.p1)</p><p>\(HTMLExtractionTests.p2)</p><p>\(HTMLExtractionTests.p3)</p><p>\(HTMLExtractionTests.p4)</p></div></div></body></html>"
        let parsed = try Self.parse(html)
        #expect(parsed.article.paragraphs == [HTMLExtractionTests.p1, HTMLExtractionTests.p2, HTMLExtractionTests.p3, HTMLExtractionTests.p4])
    }

    /// A logo `<h1>` that holds only an image is not the headline either: the headline is one element, found once,
    /// and the date search and position in scoring both start from it (scoring once started at the first `<h1>`
    /// when the page had a single one with text, and took the strip of summaries below the logo for the story).
    @Test func theDateSearchAndScoringStartFromTheSameHeadline() throws {
        let html = "<html><head><title>الوزير في بغداد - الأنباء</title></head><body><div class='top'><h1><a href='/'><img src='logo.png' alt='الأنباء'></a></h1></div>"
            + "<div class='strip'>\(HTMLPositionTests.summaries)</div><div class='main'><h1>الوزير في بغداد</h1>"
            + "<div class='stamp'>الأربعاء، 28 آب/اغسطس 2013</div><div class='txt'>"
            + "<p>\(HTMLExtractionTests.p1)</p><p>\(HTMLExtractionTests.p2)</p><p>\(HTMLExtractionTests.p3)</p><p>\(HTMLExtractionTests.p4)</p></div></div></body></html>"
        let parsed = try Self.parse(html)
        #expect(parsed.article.published?.isoTimestamp == "2013-08-28")
        #expect(parsed.article.paragraphs == [HTMLExtractionTests.p1, HTMLExtractionTests.p2, HTMLExtractionTests.p3, HTMLExtractionTests.p4])
    }
    /// A comment that holds prose, as readers write them.
    static func comments(_ count: Int) -> String {
        (1...count).map { "<li class='comment'><div class='comment-author'>زائر \($0)</div><div class='comment-text'><p>هذا تعليق رقم \($0) على الموضوع، وأرى أن المسؤولين يجب أن يتحملوا مسؤوليتهم كاملة أمام المواطنين، لأن الوضع لم يعد يحتمل المزيد من التأجيل. والمدرسة العمومية تعاني منذ سنوات من الاكتظاظ وضعف التكوين.</p></div></li>" }.joined()
    }

    /// The story's box right before a comments section that outweighs it, with «التعليقات» in a paragraph
    /// («وتباينت التعليقات…»), was taken for the comment section's preface: the whole story went, a reader's comment
    /// became the body, and the record said nothing. A box with the headline or more than two paragraphs is the story's.
    @Test(arguments: [false, true])
    func aStoryThatSpeaksOfCommentsIsNotTheirPreface(inArticle: Bool) throws {
        let spoken = "وتباينت التعليقات على الزيارة في الصحف العراقية، بين مرحب بها ومتحفظ على توقيتها."
        let story = "<div class='entry-content'><p>\(Self.p1)</p><p>\(spoken)</p><p>\(Self.p3)</p></div>"
        let box = inArticle ? "<article class='post'><h1>الوزير في بغداد</h1>\(story)</article>" : story
        let heading = inArticle ? "" : "<h1>الوزير في بغداد</h1>"
        let page = "<html><body>\(heading)<div id='main'>\(box)<div id='comments' class='comments-area'><h3>تعليقات الزوار</h3>"
            + "<ol class='comment-list'>\(Self.comments(4))</ol></div></div></body></html>"
        let parsed = try Self.parse(page)
        #expect(parsed.text.contains(Self.p1) && parsed.text.contains(spoken) && parsed.text.contains(Self.p3), "\(parsed.text)")
        #expect(!parsed.text.contains("هذا تعليق رقم"), "\(parsed.text)")
    }

    /// A page that renders its story with scripts shows a «loading» line; its JSON-LD `articleBody` is the story.
    /// The record said `ok` with no story before; now the body is the `articleBody` and the method says so.
    @Test func aScriptRenderedPageTakesItsStoryFromJSONLD() throws {
        let body = "\(Self.p1)\n\(Self.p2)\n\(Self.p3)"
        let ld = #"{"@context":"https://schema.org","@type":"NewsArticle","headline":"الوزير في بغداد","articleBody":"\#(body.replacingOccurrences(of: "\n", with: "\\n"))"}"#
        let page = "<html><head><title>الوزير في بغداد</title><script type='application/ld+json'>\(ld)</script></head>"
            + "<body><div id='__next'><div class='app-loading'>جار التحميل...</div></div>"
            + "<script id='__NEXT_DATA__' type='application/json'>{\"props\":{}}</script></body></html>"
        let parsed = try Self.parse(page)
        #expect([Self.p1, Self.p2, Self.p3].allSatisfy(parsed.text.contains), "\(parsed.text)")
        #expect(parsed.article.extraction?.method == .linkedData)
        #expect(parsed.article.extraction?.warnings.contains(.bodyEmpty) == false)
        // A page that shows its story keeps its own blocks, though JSON-LD has the text too.
        let shown = "<html><head><script type='application/ld+json'>\(ld)</script></head><body><h1>الوزير في بغداد</h1>\(Self.story)</body></html>"
        let same = try Self.parse(shown)
        #expect(same.article.extraction?.method == .html && same.article.paragraphs == [Self.p1, Self.p2, Self.p3])
    }
    /// An article's own `<header>` (headline, standfirst, byline) was removed as page furniture, and the standfirst
    /// with it, silently. A `<header>` holding the headline is the article's: its standfirst is the lead.
    @Test func theStandfirstInTheArticlesHeaderIsKept() throws {
        let standfirst = "بريطانيا تقدمت بمشروع القرار بعد فشل المفاوضات، وسط تحذيرات أممية من مجاعة وشيكة."
        let page = "<html><body><header class='site-header'><nav><ul><li><a href='/'>الرئيسية</a></li><li><a href='/w'>العالم</a></li></ul></nav></header>"
            + "<main><article><header class='article-header'><h1>الوزير في بغداد</h1><p class='article-standfirst'>\(standfirst)</p></header>"
            + "<div class='article-body'>\(Self.story)</div></article></main></body></html>"
        let parsed = try Self.parse(page)
        #expect(parsed.article.body.first { $0.kind == .lead }?.text == standfirst, "\(parsed.article.body)")
        #expect(parsed.article.paragraphs.suffix(3) == [Self.p1, Self.p2, Self.p3])
        #expect(!parsed.text.contains("الرئيسية"))
    }

    /// «اقرأ أيضا» above a box of links removed by its class word («related») stayed behind, and the line filter
    /// took the story's next line (no final stop) for the teaser it announced. The removed box now takes its heading.
    @Test func aReadMoreBoxRemovedByItsClassDoesNotTakeTheNextParagraph() throws {
        let unstopped = "وأكد المتحدث باسم الوزارة أن الحملة تستهدف 14 مليون طفل حتى سن الخامسة"
        let page = "<html><body><h1>الوزير في بغداد</h1><div class='articleCont'><p>\(Self.p1)</p><p><strong>اقرأ أيضا</strong></p>"
            + "<div class='related-article-inline'><a href='/story/1'>وزير الصحة يتفقد مستشفى المطرية التعليمي</a></div>"
            + "<p>\(unstopped)</p><p>\(Self.p2)</p></div></body></html>"
        let parsed = try Self.parse(page)
        #expect(parsed.article.paragraphs == [Self.p1, unstopped, Self.p2], "\(parsed.text)")
        #expect(!parsed.text.contains("اقرأ أيضا") && !parsed.text.contains("مستشفى المطرية"))
    }
    /// A live blog gives each update its own `<article>` under the page's headline; the one scored best was taken
    /// alone, and the others were not even counted as left out. Updates built like it are the story, in page order;
    /// a story `<article>` followed by other stories' teasers (another class) stays alone.
    @Test func aLiveBlogKeepsEveryUpdate() throws {
        func update(_ id: Int, _ title: String, _ text: String, kind: String = "card-live") -> String {
            "<article class='\(kind)' id='post-\(id)'><div class='meta'><time>1\(id):00</time></div><h2>\(title)</h2><div class='content'><p>\(text)</p><p>\(Self.p4)</p></div></article>"
        }
        let live = "<html><body><h1>مباشر.. تطورات اليوم</h1><div class='liveblog-timeline'>" + update(3, "العنوان الأول", Self.p1)
            + update(2, "العنوان الثاني", Self.p2) + update(1, "العنوان الثالث", Self.p3) + "</div></body></html>"
        let parsed = try Self.parse(live)
        #expect([Self.p1, Self.p2, Self.p3].allSatisfy(parsed.text.contains), "\(parsed.text)")
        #expect(parsed.text.range(of: Self.p1)!.lowerBound < parsed.text.range(of: Self.p3)!.lowerBound)
        let story = "<html><body><div class='wrap'><article class='story'><h1>الوزير في بغداد</h1>\(Self.longStory)</article>"
            + update(7, "خبر آخر", Self.p4, kind: "teaser") + update(8, "خبر ثالث", Self.p5, kind: "teaser") + "</div></body></html>"
        let single = try Self.parse(story)
        #expect(single.article.paragraphs == [Self.p1, Self.p2, Self.p3, Self.p4, Self.p5], "\(single.text)")
        // The story's <article> outside the headline, beside teaser cards of the same class (a headline link and a
        // summary each): the teasers stay out.
        func teaser(_ n: Int, _ text: String) -> String {
            "<article class='news-item'><h3><a href='/news/\(n)'>عنوان خبر آخر رقم \(n) في الصفحة</a></h3><p>\(text)</p></article>"
        }
        let teasers = "<html><body><h1>الوزير في بغداد</h1><div class='list'><article class='news-item'>\(Self.longStory)</article>"
            + teaser(1, Self.p4) + teaser(2, Self.p5) + teaser(3, Self.p4) + "</div></body></html>"
        let alone = try Self.parse(teasers)
        #expect(alone.article.paragraphs == [Self.p1, Self.p2, Self.p3, Self.p4, Self.p5], "\(alone.text)")
    }
    /// A data table in the story (results, figures) was read cell by cell: the figures, lines without a letter, left
    /// the body, and a row's parts lost each other. A row of short cells is one line now; a layout table is not.
    @Test func aDataTableKeepsEachRowWhole() throws {
        let table = "<table><tr><th>الولاية</th><th>نسبة المشاركة</th><th>عدد المقاعد</th></tr>"
            + "<tr><td>تونس</td><td>8.2%</td><td>44</td></tr><tr><td>صفاقس</td><td>11.5%</td><td>52</td></tr></table>"
        let page = "<html><body><h1>الوزير في بغداد</h1><div class='entry'><p>\(Self.p1)</p>\(table)<p>\(Self.p2)</p></div></body></html>"
        let parsed = try Self.parse(page)
        #expect(parsed.article.paragraphs == [Self.p1, "الولاية | نسبة المشاركة | عدد المقاعد", "تونس | 8.2% | 44", "صفاقس | 11.5% | 52", Self.p2],
                "\(parsed.article.paragraphs)")
        // A layout table: the story in a cell of blocks beside a menu cell.
        let layout = "<html><body><table><tr><td><a href='/'>الرئيسية</a></td><td><h1>الوزير في بغداد</h1>\(Self.story)</td></tr></table></body></html>"
        #expect(try Self.parse(layout).article.paragraphs == [Self.p1, Self.p2, Self.p3])
    }
    /// A post quoted in the story (a spokesman's statement on X) sits in a box named «social», which went as share
    /// buttons do. The platforms' embed code (`blockquote.twitter-tweet`) keeps it.
    @Test func anEmbeddedPostInTheStoryIsKept() throws {
        let post = "القوات البحرية نفذت عملية عسكرية استهدفت السفينة بعدد من الصواريخ البحرية"
        let embed = "<div class='social-embed'><blockquote class='twitter-tweet' lang='ar'><p lang='ar' dir='rtl'>\(post)</p>&mdash; المتحدث (@spokesman) <a href='https://twitter.com/x/status/1'>January 10, 2024</a></blockquote></div>"
        let share = "<div class='social-share'><a href='https://twitter.com/share'>تويتر</a><a href='https://facebook.com/share'>فيسبوك</a></div>"
        let page = "<html><body><h1>الوزير في بغداد</h1><div class='entry'><p>\(Self.p1)</p>\(embed)<p>\(Self.p2)</p>\(share)</div></body></html>"
        let parsed = try Self.parse(page)
        #expect(parsed.text.contains(post), "\(parsed.text)")
        #expect(!parsed.text.contains("فيسبوك"))
    }
    /// A one-paragraph breaking story above a grid of other stories' cards (a headline link and a summary each, in
    /// boxes with a neutral class) lost to the grid: four other stories became the body, and would raise alerts.
    @Test func aShortStoryIsNotOutweighedByAGridOfTeasers() throws {
        let cards = [("الأمم المتحدة تحذر من الجوع في غزة", Self.p2), ("ارتفاع أسعار النفط مع التوتر", Self.p3),
                     ("مصر تعلن خطة لخفض الدين", Self.p4), ("السعودية تستضيف قمة طارئة", Self.p5)]
            .enumerated().map { "<div class='card'><a href='/article/\($0.offset)'>\($0.element.0)</a><p class='card-summary'>\($0.element.1)</p></div>" }
            .joined()
        let page = "<html><body><div class='story-col'><h1>زلزال يضرب جنوب إيران</h1><div class='article-body'><p>\(Self.p1)</p></div>"
            + "<div class='section-list'><h2>المزيد من الأخبار</h2>\(cards)</div></div></body></html>"
        let parsed = try Self.parse(page)
        #expect(parsed.article.paragraphs == [Self.p1], "\(parsed.text)")
    }
}
