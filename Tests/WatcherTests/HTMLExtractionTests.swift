import Testing
import Watcher

/// Main-content extraction on the page shapes issue 17 found on real outlets' pages (markup written here, after
/// those pages' structure; no page text is copied).
@Suite struct HTMLExtractionTests {
    static let p1 = "أعلنت وزارة الخارجية، مساء الأحد، أن الوزير سيتوجه إلى بغداد في زيارة رسمية تستمر يومين."
    static let p2 = "وقال المتحدث باسم الوزارة، في بيان، إن الزيارة تهدف إلى بحث ملفات المياه والطاقة والحدود."
    static let p3 = "وأضاف أن الجانبين سيوقعان عددا من مذكرات التفاهم في مجالات التجارة والنقل والتعليم."
    static let p4 = "ويأتي ذلك بعد أسابيع من زيارة مماثلة قام بها رئيس الوزراء، ناقش خلالها ملف الربط الكهربائي."

    func parse(_ html: String) throws -> ParsedArticle {
        try Fixtures.parse(Array(("<html><head><title>خبر</title></head><body>" + html + "</body></html>").utf8), format: .html)
    }

    func expectBody(_ parsed: ParsedArticle, _ paragraphs: [String] = [p1, p2, p3, p4], sourceLocation: SourceLocation = #_sourceLocation) {
        for paragraph in paragraphs {
            #expect(parsed.text.contains(paragraph), "missing: \(paragraph)", sourceLocation: sourceLocation)
        }
    }

    static let menu = "<div class='menu'><a href='/'>الرئيسية</a> <a href='/a'>سياسة</a> <a href='/b'>اقتصاد</a></div>"

    @Test func classNamesAreWholeWords() throws {
        // «no-share» is not «share», «selectionShareable» is not a share bar.
        let page = Self.menu + "<div class='entry-content no-share'><p>\(Self.p1)</p><p>\(Self.p2)</p>"
            + "<p class='selectionShareable'>\(Self.p3)</p><p class='selectionShareable'>\(Self.p4)</p></div>"
            + "<div class='share-buttons'><a href='#'>فيسبوك</a> <a href='#'>تويتر</a></div>"
        let parsed = try parse(page)
        expectBody(parsed)
        #expect(!parsed.text.contains("فيسبوك") && !parsed.text.contains("سياسة"))
        #expect(parsed.article.extraction?.warnings.contains(.bodyEmpty) == false)
    }

    @Test func classWordsAreHintsNotVerdicts() throws {
        // A theme that names its article column «comments-enabled sidebar-layout» still holds the article.
        let page = Self.menu + "<div class='sidebar-layout'><p>\(Self.p1)</p><p>\(Self.p2)</p><p>\(Self.p3)</p><p>\(Self.p4)</p></div>"
        expectBody(try parse(page))
    }

    @Test func divAndBrBody() throws {
        let page = Self.menu + "<div class='col'><div class='txt'>\(Self.p1)<br><br>\(Self.p2)<br><strong>\(Self.p3)</strong><br>"
            + "<a href='/x'>الوزير</a> \(Self.p4)</div></div><div>حقوق النشر محفوظة</div>"
        let parsed = try parse(page)
        expectBody(parsed)
        // Inline markup does not split a line into pieces.
        #expect(parsed.article.paragraphs.contains("الوزير " + Self.p4))
        #expect(!parsed.text.contains("حقوق النشر"))
    }

    @Test func leadBesideTheBodyAndInH2() throws {
        let lead = "الوزير يبحث في بغداد ملفات المياه والطاقة في أول زيارة منذ عامين."
        let sibling = Self.menu + "<div class='wrap'><div class='article-lead'>\(lead)</div>"
            + "<div class='article-body'><p>\(Self.p1)</p><p>\(Self.p2)</p><p>\(Self.p3)</p><p>\(Self.p4)</p></div></div>"
        let parsed = try parse(sibling)
        expectBody(parsed, [lead, Self.p1, Self.p4])
        #expect(parsed.blocks.first(where: { $0.kind != .title })?.kind == .lead)
        let h2 = Self.menu + "<div class='wrap'><h2>\(lead)</h2><div class='article-body'><p>\(Self.p1)</p><p>\(Self.p2)</p><p>\(Self.p3)</p></div></div>"
        let parsedH2 = try parse(h2)
        expectBody(parsedH2, [lead, Self.p1, Self.p3])
        #expect(!parsedH2.article.subheadings.contains(lead))
    }

    @Test func relatedBoxCreditsBreadcrumbsAndFollowLinesAreRemoved() throws {
        let page = "<div class='crumbs'>الرئيسية › أخبار › عربي</div><article><h1>الوزير في بغداد</h1>"
            + "<figure><img src='a.jpg'><figcaption>الوزير لدى وصوله</figcaption></figure><div>© REUTERS / Ahmed Saad</div>"
            + "<p>\(Self.p1)</p><p>\(Self.p2)</p>"
            + "<div class='box'><h3>أخبار متعلقة</h3><a href='/1'>عنوان خبر آخر عن الطاقة في المنطقة</a><a href='/2'>عنوان خبر ثالث عن المياه</a></div>"
            + "<p>\(Self.p3)</p><p>\(Self.p4)</p><p>المصدر:</p><p>تابعوا أخبار الموقع عبر غوغل نيوز</p></article>"
        let parsed = try parse(page)
        expectBody(parsed)
        #expect(parsed.article.captions.contains("© REUTERS / Ahmed Saad"))
        #expect(!parsed.article.paragraphs.contains("© REUTERS / Ahmed Saad"))
        for chrome in ["أخبار متعلقة", "عنوان خبر آخر", "الرئيسية", "غوغل نيوز", "المصدر:"] {
            #expect(!parsed.text.contains(chrome), "kept: \(chrome)")
        }
        #expect(parsed.article.boilerplateRemoved >= 3)
    }

    @Test func entitiesAreDecodedInJSONLDAndMeta() throws {
        let html = """
            <html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"الوزير: &quot;الزيارة ناجحة&quot;","datePublished":"2024-05-12T10:00:00Z"}</script>
            <meta property="og:site_name" content="صحيفة &amp;quot;الغد&amp;quot;"></head><body><p>\(Self.p1)</p><p>\(Self.p2)</p></body></html>
            """
        let parsed = try Fixtures.parse(Array(html.utf8), format: .html)
        #expect(parsed.article.title == "الوزير: \"الزيارة ناجحة\"")
        #expect(parsed.article.source == "صحيفة \"الغد\"")
    }

    @Test func siteNameIsCutFromOgTitleToo() throws {
        // The tail is the page's og:site_name.
        let named = """
            <html><head><meta property="og:title" content="الوزير يزور بغداد - صحيفة الغد">
            <meta property="og:site_name" content="صحيفة الغد"></head><body><p>\(Self.p1)</p><p>\(Self.p2)</p></body></html>
            """
        #expect(try Fixtures.parse(Array(named.utf8), format: .html).article.title == "الوزير يزور بغداد")
        // No site name anywhere, but what stays before the separator is the page's own headline.
        let headed = """
            <html><head><meta property="og:title" content="الوزير يزور بغداد | بوابة الأنباء"></head>
            <body><h1>الوزير يزور بغداد</h1><p>\(Self.p1)</p><p>\(Self.p2)</p></body></html>
            """
        #expect(try Fixtures.parse(Array(headed.utf8), format: .html).article.title == "الوزير يزور بغداد")
        // A dash inside the headline itself stays.
        let dashed = """
            <html><head><meta property="og:title" content="مصر - السودان: اتفاق جديد"></head>
            <body><h1>عنوان آخر</h1><p>\(Self.p1)</p><p>\(Self.p2)</p></body></html>
            """
        #expect(try Fixtures.parse(Array(dashed.utf8), format: .html).article.title == "مصر - السودان: اتفاق جديد")
    }

    @Test func classTokensSplitOnDashesUnderscoresAndCamelCase() {
        #expect(ClassTokens("entry-content no-share").words == ["entry", "content", "no", "share"])
        #expect(ClassTokens("selectionShareable", "main_Body").words == ["selection", "shareable", "main", "body"])
        #expect(!ClassTokens("entry-content no-share").contains(["share"]))
        #expect(ClassTokens("post share-bar").contains(["share"]))
        #expect(!ClassTokens("selectionShareable").contains(["share"]))
        #expect(ClassTokens("most-read-box").contains(["most", "read"]))
    }
}

/// Scoring by position: the body follows the headline, so a strip of other stories' summaries above the `<h1>`
/// does not win over a shorter story below it.
@Suite struct HTMLPositionTests {
    static let summaries = (1...3).map { n in
        "<p>ملخص الخبر رقم \(n)، وفيه جملة أولى عن موضوع آخر تماما، وجملة ثانية عن تفاصيله. وجملة ثالثة، أطول قليلا، عن ردود الفعل عليه.</p>"
    }.joined()

    @Test func summariesAboveTheHeadlineDoNotWin() throws {
        let parsed = try Fixtures.parse(Array(Self.page(headline: "<h1>الوزير في بغداد</h1>").utf8), format: .html)
        #expect(parsed.article.paragraphs == [HTMLExtractionTests.p1, HTMLExtractionTests.p2, HTMLExtractionTests.p3, HTMLExtractionTests.p4])
    }

    @Test func withoutAHeadlinePositionSaysNothing() throws {
        // The same page without an <h1>: the comma-rich strip outscores the story, as it did before position counted.
        let parsed = try Fixtures.parse(Array(Self.page(headline: "").utf8), format: .html)
        #expect(parsed.text.contains("ملخص الخبر رقم 1"))
    }

    static func page(headline: String) -> String {
        "<html><body><div class='strip'>\(summaries)</div><div class='main'>\(headline)<div class='txt'><p>\(HTMLExtractionTests.p1)</p>"
            + "<p>\(HTMLExtractionTests.p2)</p><p>\(HTMLExtractionTests.p3)</p><p>\(HTMLExtractionTests.p4)</p></div></div></body></html>"
    }
}

/// A chrome word in a class name is a hint about everything the element holds: a box of comment rules, kept
/// because it is prose, does not win over the story through the list inside it.
@Suite struct HTMLChromeHintTests {
    static let rules = (1...3).map { n in
        "<li>القاعدة رقم \(n): يلتزم المعلق، عند كتابة تعليقه، باحترام القراء والمشاركين، وبعدم نشر الإساءات، والإعلانات، والروابط. ويحق للموقع حذف التعليق.</li>"
    }.joined()

    static func page(_ boxClass: String) -> String {
        "<html><body><div class='main'><h1>الوزير في بغداد</h1><div class='txt'><p>\(HTMLExtractionTests.p1)</p><p>\(HTMLExtractionTests.p2)</p>"
            + "<p>\(HTMLExtractionTests.p3)</p></div></div><div class='\(boxClass)'><div class='body'><ul>\(rules)</ul></div></div></body></html>"
    }

    @Test func aListInsideAChromeBoxDoesNotWin() throws {
        let parsed = try Fixtures.parse(Array(Self.page("modal comments-rules").utf8), format: .html)
        #expect(parsed.article.paragraphs == [HTMLExtractionTests.p1, HTMLExtractionTests.p2, HTMLExtractionTests.p3])
    }

    @Test func theSameBoxWithoutAChromeWordWins() throws {
        // The control: the rules outscore the story on text alone.
        let parsed = try Fixtures.parse(Array(Self.page("modal rules-box").utf8), format: .html)
        #expect(parsed.text.contains("القاعدة رقم 1"))
    }
}
