import Testing
import Watcher

/// Everything a writer wrote reaches `text`, in reading order, with `article.blocks` saying where each block lies.
@Suite struct ArticleBlocksTests {
    /// The text of scalars `start..<end`.
    func slice(_ text: String, _ span: Article.BlockSpan) -> String {
        let scalars = Array(text.unicodeScalars)
        return String(String.UnicodeScalarView(scalars[span.start..<span.end]))
    }

    @Test func subheadingsAndCaptionsAreInTextInReadingOrder() throws {
        let file = "عنوان الخبر هنا\n\nنشر في: 15 أكتوبر 2023\nصورة من موقع الانفجار - رويترز\n\n"
            + "قال مسؤولون اليوم إن المفاوضات ستستأنف في الأول من نوفمبر المقبل.\n\nنقاط رئيسية\n\n"
            + "وأضافوا أن الجولة السابقة عقدت في جدة بحضور الوسطاء.\n"
        let parsed = try Fixtures.parse(Array(file.utf8))
        #expect(parsed.blocks.map(\.kind) == [.title, .caption, .paragraph, .subheading, .paragraph])
        #expect(parsed.text.contains("نقاط رئيسية") && parsed.text.contains("صورة من موقع الانفجار - رويترز"))
        // Each span cuts its block's text out of `text`.
        let expected = ["عنوان الخبر هنا", "صورة من موقع الانفجار - رويترز",
                        "قال مسؤولون اليوم إن المفاوضات ستستأنف في الأول من نوفمبر المقبل.", "نقاط رئيسية",
                        "وأضافوا أن الجولة السابقة عقدت في جدة بحضور الوسطاء."]
        #expect(parsed.blocks.map { slice(parsed.text, $0) } == expected)
        #expect(parsed.article.blockSpans == parsed.blocks)
    }

    @Test func recordListsBlocks() throws {
        let file = "عنوان\n\nفقرة أولى من الخبر تقول شيئا مهما عن الأحداث.\n"
        let dropped = DroppedFile(path: "/drop/a.txt", relativePath: "a.txt", bytes: Array(file.utf8))
        let json = try Fixtures.json(Pipeline().process(dropped).line)
        let blocks = (json["article"] as? [String: Any])?["blocks"] as? [[String: Any]]
        #expect(blocks?.map { $0["kind"] as? String } == ["title", "paragraph"])
        #expect(blocks?.last?["start"] as? Int == 7)
    }

    /// A short news post: statements without final stops, short lines; every line must reach `text`.
    @Test func everyLineOfAShortPostIsKept() throws {
        let lines = [
            "عاجل | وزير الخارجية يصل إلى بغداد",
            "وصل وزير الخارجية إلى بغداد صباح اليوم في زيارة رسمية",
            "ويلتقي خلال الزيارة رئيس الوزراء ورئيس الجمهورية",
            "الزيارة هي الأولى منذ عامين",
            "وتتناول المباحثات ملف المياه والحدود",
            "كما سيبحث الجانبان التعاون الأمني.",
            "المصدر: وكالة الأنباء",
        ]
        let parsed = try Fixtures.parse(Array(lines.joined(separator: "\n").utf8))
        for line in lines { #expect(parsed.text.contains(line), "\(line)") }
    }

    /// A nav menu at the top with «الأكثر قراءة» among its items must not cut the article that follows.
    @Test func menuWithAnEndMarkerAboveTheArticleKeepsTheArticle() throws {
        let body = "أعلنت الحكومة اليوم عن خطة جديدة لمعالجة أزمة الكهرباء في البلاد خلال الصيف المقبل."
        let file = "الرئيسية\nأخبار\nالأكثر قراءة\nرياضة\nالحكومة تعلن خطة جديدة للكهرباء\n" + body
            + "\nوقال وزير الكهرباء إن الخطة تشمل إنشاء محطات جديدة في ثلاث محافظات.\n"
        let parsed = try Fixtures.parse(Array(file.utf8))
        #expect(parsed.article.title == "الحكومة تعلن خطة جديدة للكهرباء")
        #expect(parsed.text.contains(body) && parsed.text.contains("ثلاث محافظات"))
        #expect(!parsed.text.contains("الأكثر قراءة"))
    }

    /// After the body has begun, an end marker still opens the footer.
    @Test func endMarkerAfterTheBodyStillCutsTheFooter() throws {
        let file = "عنوان الخبر\n\nأعلنت الحكومة اليوم عن خطة جديدة لمعالجة أزمة الكهرباء في البلاد.\n\nالأكثر قراءة\n\nخبر آخر لا علاقة له\n"
        let parsed = try Fixtures.parse(Array(file.utf8))
        #expect(!parsed.text.contains("خبر آخر"))
    }

    @Test func crumbsOneALineLeadToTheTitle() throws {
        let file = "الرئيسية\nأخبار\nسياسة\nالحكومة تعلن خطة جديدة للكهرباء\nأعلنت الحكومة اليوم عن خطة جديدة لمعالجة أزمة الكهرباء.\n"
        let parsed = try Fixtures.parse(Array(file.utf8))
        #expect(parsed.article.title == "الحكومة تعلن خطة جديدة للكهرباء")
    }

    @Test func htmlQuotesAndSubheadingsKeepTheirKindAndOrder() throws {
        let html = """
            <html><head><title>عنوان</title></head><body><article><h1>عنوان الخبر</h1>
            <p>الفقرة الأولى من الخبر تقول إن الاجتماع انتهى باتفاق على خطة عمل مشتركة.</p>
            <h2>خلفية الاتفاق</h2>
            <blockquote>نريد حلا دائما لهذه الأزمة التي طالت أكثر مما ينبغي.</blockquote>
            <p>وختم المتحدث بالقول إن التنفيذ يبدأ الشهر المقبل في كل المحافظات.</p>
            <figure><figcaption>المشاركون في الاجتماع - رويترز</figcaption></figure></article></body></html>
            """
        let parsed = try Fixtures.parse(Array(html.utf8), format: .html)
        #expect(parsed.blocks.map(\.kind) == [.title, .paragraph, .subheading, .quote, .paragraph, .caption])
        #expect(parsed.text.contains("خلفية الاتفاق") && parsed.text.contains("المشاركون في الاجتماع"))
    }

    /// `in: lead` and `in: caption` look only at those blocks.
    @Test func rulesScopeToLeadAndCaption() throws {
        let yaml = """
            - id: lead
              severity: low
              when:
                keywords: [انفجار]
                in: lead
            - id: caption
              severity: low
              when:
                keywords: [انفجار]
                in: caption
            """
        var loader = RuleLoader(gazetteer: AlertRuleTests.gazetteer)
        try loader.add(yaml, file: "rules.yaml")
        let rules = loader.build()
        func fired(_ file: String) throws -> [String] {
            let parsed = try Fixtures.parse(Array(file.utf8))
            let analysis = ArticleAnalysis(text: parsed.text, title: parsed.article.title, blocks: parsed.blocks)
            return rules.evaluate(analysis).map(\.rule.id).sorted()
        }
        #expect(try fired("عنوان\n\nوقع انفجار في المدينة صباح اليوم وأسفر عن أضرار.\n\nوقال شهود إن الوضع هادئ الآن.\n") == ["lead"])
        #expect(try fired("عنوان\n\nقال شهود إن الوضع هادئ الآن في المدينة.\n\nوسمع دوي انفجار لاحقا في الضواحي.\n") == [])
        #expect(try fired("عنوان\n\nنشر في: 15 أكتوبر 2023\nموقع الانفجار - رويترز\n\nقال شهود إن الوضع هادئ الآن في المدينة.\n") == ["caption"])
    }
}

extension ArticleBlocksTests {
    /// A statement written without a final stop among punctuated paragraphs is a paragraph, not a caption.
    @Test func unpunctuatedStatementIsAParagraph() throws {
        let file = "عنوان الخبر\n\nأعلنت الحكومة اليوم عن خطة جديدة لمعالجة أزمة الكهرباء في البلاد.\n\n"
            + "وقال وزير الكهرباء إن الخطة تشمل إنشاء محطات جديدة في ثلاث محافظات\n\n"
            + "وأشار إلى أن المواطنين سيلمسون التحسن خلال أشهر قليلة من الآن.\n"
        let parsed = try Fixtures.parse(Array(file.utf8))
        #expect(parsed.article.captions.isEmpty)
        #expect(parsed.article.paragraphs.count == 3)
    }
}
