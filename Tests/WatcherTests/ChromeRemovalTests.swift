import Testing
import Watcher

/// Every kind of page chrome inside an article is removed, and each removal is counted in `boilerplate_removed` and
/// named by `--explain` (issue 17: a silent loss is the worst failure). Markup and text are composed here.
@Suite struct ChromeRemovalTests {
    static let p1 = "أعلنت وزارة النقل، مساء الثلاثاء، أن الخط الجديد للقطار السريع سيفتتح مطلع الشهر المقبل."
    static let p2 = "وقال الوزير، في مؤتمر صحفي، إن الخط يربط العاصمة بثلاث مدن ساحلية ويختصر الرحلة إلى النصف."
    static let p3 = "وأضاف أن كلفة المشروع بلغت ملياري دولار، مولت الحكومة ثلثيها ومولت المصارف الباقي."
    static let p4 = "ويتوقع خبراء أن يخفف الخط الازدحام على الطرق السريعة، وأن ينشط السياحة في المدن الثلاث."

    /// An article with `chrome` between its second and third paragraphs.
    static func page(_ chrome: String) -> String {
        "<html><head><title>القطار السريع</title></head><body><article><h1>افتتاح خط القطار السريع</h1>"
            + "<p>\(p1)</p><p>\(p2)</p>\(chrome)<p>\(p3)</p><p>\(p4)</p></article></body></html>"
    }

    static let headline = "وزير النقل يتفقد محطات الخط الجديد في المدن الساحلية"

    @Test(arguments: [
        // Share bars: by class word, and as bare lines of button labels.
        ("<div class='share-bar'><a href='#'>فيسبوك</a> <a href='#'>تويتر</a> <a href='#'>واتساب</a></div>", ["فيسبوك", "تويتر"]),
        ("<div class='buttons'><span>شارك</span></div>", ["شارك"]),
        // Related-article boxes: by class word, and by their links alone.
        ("<div class='related-articles'><h3>أخبار متعلقة</h3><a href='/1'>\(headline)</a></div>", ["أخبار متعلقة", headline]),
        ("<div class='box'><h4>مواضيع</h4><a href='/1'>\(headline)</a><a href='/2'>عنوان خبر آخر عن المطارات الجديدة</a></div>", [headline]),
        // «Read more» lists and lines.
        ("<ul><li><a href='/1'>\(headline)</a></li><li><a href='/2'>عنوان خبر آخر عن المطارات الجديدة</a></li></ul>", [headline]),
        ("<p>اقرأ أيضا: \(headline)</p>", [headline]),
        ("<p><strong>اقرأ أيضاً</strong></p><p><a href='/1'>\(headline)</a></p>", ["اقرأ أيضاً", headline]),
        // Breadcrumbs: a trail line, and a trail of links.
        ("<div class='path'>الرئيسية › أخبار › اقتصاد</div>", ["الرئيسية"]),
        ("<ol class='crumbs'><li><a href='/'>الرئيسية</a></li><li><a href='/n'>أخبار</a></li></ol>", ["الرئيسية"]),
        // Newsletter boxes and lines, follow-us lines.
        ("<div class='newsletter-signup'><p>اشترك في نشرتنا البريدية لتصلك آخر الأخبار</p><input type='email'></div>", ["نشرتنا البريدية"]),
        ("<p>اشترك في النشرة البريدية ليصلك كل جديد</p>", ["النشرة البريدية"]),
        ("<p>تابعوا أخبار المرصد عبر غوغل نيوز</p>", ["غوغل نيوز"]),
        ("<p>تابعونا على فيسبوك وتويتر</p>", ["تابعونا"]),
        ("<p>انضموا إلى قناتنا على تلغرام</p>", ["قناتنا"]),
        // Bare labels.
        ("<p>المصدر:</p>", ["المصدر"]),
        ("<p>التاريخ:</p>", ["التاريخ"]),
        ("<div>الوسوم:</div>", ["الوسوم"]),
        // The headline repeated in the body.
        ("<p>افتتاح خط القطار السريع</p>", []),
    ] as [(String, [String])])
    func chromeIsRemovedCountedAndExplained(chrome: String, gone: [String]) throws {
        let base = try ArticleParser().parse(Self.page(""), format: .html)
        let (parsed, trace) = try ArticleParser().explain(Self.page(chrome), format: .html)
        for paragraph in [Self.p1, Self.p2, Self.p3, Self.p4] { #expect(parsed.text.contains(paragraph)) }
        let body = parsed.article.body.map(\.text).joined(separator: "\n")
        for text in gone { #expect(!body.contains(text), "kept: \(text)") }
        #expect(parsed.article.body.count == base.article.body.count, "\(parsed.article.body.map(\.text))")
        #expect(parsed.article.boilerplateRemoved > base.article.boilerplateRemoved, "not counted: \(chrome)")
        #expect(trace.entries.contains { $0.verdict == "removed" }, "not explained: \(chrome)")
    }

    @Test(arguments: [
        ("<div>© REUTERS / Ahmed Saad</div>", "© REUTERS / Ahmed Saad"),
        ("<p>تصوير: أحمد سعد</p>", "تصوير: أحمد سعد"),
        ("<p>الصورة: وكالة الأنباء الرسمية</p>", "الصورة: وكالة الأنباء الرسمية"),
        ("<div class='photo-credit'>عدسة المرصد</div>", "عدسة المرصد"),
        ("<figure><img src='a.jpg'><figcaption>الوزير في محطة الانطلاق (أرشيفية)</figcaption></figure>", "الوزير في محطة الانطلاق (أرشيفية)"),
        ("<p>القطار خلال رحلته التجريبية - رويترز</p>", "القطار خلال رحلته التجريبية - رويترز"),
    ])
    func captionsAndCreditsAreSeparatedFromTheBody(chrome: String, caption: String) throws {
        let parsed = try ArticleParser().parse(Self.page(chrome), format: .html)
        #expect(parsed.article.captions.contains(caption), "\(parsed.article.body.map { "\($0.kind): \($0.text)" })")
        #expect(!parsed.article.paragraphs.contains(caption))
        #expect(parsed.text.contains(caption))
    }

    /// Words of a chrome class inside a longer name, or negated, remove nothing.
    @Test(arguments: ["entry-content no-share", "selectionShareable", "post-body without-sidebar", "relatedness-study", "commentary"])
    func classWordsAreWholeWords(names: String) throws {
        let html = "<html><body><div class='nav-menu'><a href='/'>الرئيسية</a></div><div class='\(names)'><p>\(Self.p1)</p>"
            + "<p class='\(names)'>\(Self.p2)</p><p class='\(names)'>\(Self.p3)</p></div></body></html>"
        let parsed = try ArticleParser().parse(html, format: .html)
        for paragraph in [Self.p1, Self.p2, Self.p3] { #expect(parsed.text.contains(paragraph), "\(names)") }
    }
}

/// Character references are decoded in every field a record takes from a page or a JSON file: `<title>`, meta
/// values, JSON-LD, the body (also when a CMS escaped twice), and a JSON article's text and HTML body.
@Suite struct EntityDecodingTests {
    @Test func everyFieldOfAPage() throws {
        let html = """
            <html><head><title>عنوان &amp;quot;الصفحة&amp;quot;</title>
            <meta name="author" content="سامر &amp;amp; ليلى">
            <meta property="og:url" content="https://example.com/a?x=1&amp;amp;y=2">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"الوزير: &quot;الخط جاهز&quot;",
            "alternativeHeadline":"افتتاح &laquo;الخط&raquo; الشهر المقبل","publisher":{"name":"المرصد &amp; الأخبار"},
            "datePublished":"2024-05-12T10:00:00Z"}</script></head>
            <body><p>قال الوزير &amp;quot;الخط جاهز&amp;quot; وأضاف أن الافتتاح سيكون بحضور رسمي واسع، وفق بيان الوزارة.</p>
            <p>وأكد أن الأسعار &amp;lt;مدعومة&amp;gt; للطلاب والمتقاعدين، وأن الرحلات ستبدأ في السادسة صباحا.</p></body></html>
            """
        let article = try Fixtures.parse(Array(html.utf8), format: .html).article
        #expect(article.title == "الوزير: \"الخط جاهز\"")
        #expect(article.subtitle == "افتتاح «الخط» الشهر المقبل")
        #expect(article.source == "المرصد & الأخبار")
        #expect(article.author == "سامر & ليلى")
        #expect(article.url == "https://example.com/a?x=1&y=2")
        #expect(article.paragraphs.first?.hasPrefix("قال الوزير \"الخط جاهز\"") == true)
        #expect(article.paragraphs.last?.contains("<مدعومة>") == true)
        for field in [article.title, article.subtitle, article.source, article.author, article.url] + article.paragraphs.map(Optional.some) {
            for reference in ["&amp;", "&quot;", "&lt;", "&gt;", "&laquo;"] { #expect(field?.contains(reference) != true, "\(field ?? "")") }
        }
    }

    @Test func aJSONArticlesTextAndHTMLBody() throws {
        let text = #"{"title": "الوزير: &quot;الخط جاهز&quot;", "text": "قال الوزير &quot;الخط جاهز&quot; اليوم.\nوأضاف أن الأسعار &lt;مدعومة&gt;."}"#
        let article = try Fixtures.parse(Array(text.utf8), format: .json).article
        #expect(article.title == "الوزير: \"الخط جاهز\"")
        #expect(article.paragraphs == ["قال الوزير \"الخط جاهز\" اليوم.", "وأضاف أن الأسعار <مدعومة>."])
        let html = #"{"title": "خبر", "body": "<p>قال الوزير &amp;quot;الخط جاهز&amp;quot; اليوم.</p><h2>الأسعار &amp;amp; المواعيد</h2><p>وأضاف أن الرحلات تبدأ صباحا.</p>"}"#
        let fromHTML = try Fixtures.parse(Array(html.utf8), format: .json).article
        #expect(fromHTML.paragraphs.first == "قال الوزير \"الخط جاهز\" اليوم.")
        #expect(fromHTML.subheadings == ["الأسعار & المواعيد"])
    }
}
