import Testing
import Watcher

/// The acceptance criteria of issue 3 on the five seed articles.
@Suite struct SeedArticleTests {
    @Test func seed000() throws {
        let parsed = try Fixtures.seedArticle(0)
        let article = parsed.article
        #expect(article.title == "داعش والميليشيات.. على أجندة الحوار الأميركي العراقي")
        #expect(article.updated?.isoTimestamp == "2021-03-24")
        #expect(article.published == nil)
        #expect(article.source == "العربية")
        #expect(article.sourceEnglish == "Al Arabiya")
        for heading in ["الأمن والتجارة والمناخ", "مستقبل الميليشيات", "المحادثات جاءت بطلب عراقي"] {
            #expect(article.subheadings.contains(heading))
        }
        #expect(article.captions == [
            "قوات أميركية في العراق (أرشيفية من فرانس برس)",
            "موالو الحشد الشعبي في تظاهرة لإحياء ذكرى سليماني في بغداد- فرانس برس",
            "رئيس الوزراء العراقي مصطفى الكاظمي (أرشيفية- رويترز)",
        ])
        // Captions are not paragraphs, but they are text the rules and entities must see (issue 17).
        for caption in article.captions {
            #expect(!article.paragraphs.contains(caption))
            #expect(parsed.text.contains(caption))
        }
        for heading in article.subheadings { #expect(parsed.text.contains(heading)) }
        #expect(article.language == "ar")
        #expect(parsed.text.hasPrefix(article.title! + "\n\n" + article.paragraphs[0]))
    }

    @Test func seed001() throws {
        let parsed = try Fixtures.seedArticle(1)
        let article = parsed.article
        #expect(article.title == "جولة مباحثات أمنية أميركية - عراقية بأهداف متباعدة")
        #expect(article.subtitle == "مسؤولون من الولايات المتحدة والعراق يبحثون التعاون الأمني بين البلدين.")
        #expect(article.published?.isoTimestamp == "2024-07-24")
        #expect(article.dateline == "واشنطن")
        // Both pull quotes repeat a paragraph: their words appear once in the text.
        #expect(occurrences(of: "يبدو أن الولايات المتحدة راغبة في سحب قواتها", in: parsed.text) == 1)
        #expect(occurrences(of: "ثلاث قواعد رئيسية في بغداد ومحافظة الأنبار", in: parsed.text) == 1)
        #expect(article.paragraphs.last?.hasSuffix("نظرا لأنه حليف لكل من واشنطن وطهران.") == true)
        #expect(!article.paragraphs.contains("3"))
        #expect(!parsed.text.hasSuffix("3"))
        #expect(article.boilerplateRemoved == 3)
    }

    @Test func seed002() throws {
        let parsed = try Fixtures.seedArticle(2)
        let article = parsed.article
        #expect(article.source == "عربي بوست")
        #expect(article.sourceEnglish == "Arabi Post")
        #expect(article.published?.isoTimestamp == "2021-03-23T22:59:00Z")
        #expect(article.updated?.isoTimestamp == "2021-03-23T22:59:00Z")
        #expect(article.captions.contains("علم أمريكا والعراق - رويترز"))
        #expect(article.captions.contains("رئيس الوزراء العراقي مصطفى الكاظمي/رويترز"))
        #expect(!parsed.text.contains("تحميل المزيد"))
        #expect(!article.subheadings.contains("تحميل المزيد"))
        #expect(!article.captions.contains("تحميل المزيد"))
        #expect(article.paragraphs.allSatisfy { !$0.contains("رويترز") || $0.count > 60 })
    }

    @Test func seed003() throws {
        let parsed = try Fixtures.seedArticle(3)
        let article = parsed.article
        #expect(article.title == "الحوار العراقي الامريكي ، هل يشجع الكاظمي على مواجهة المليشيات؟")
        for chrome in ["Web", "Analytics", "الرئيسية سياسة", "ترك الرد", "من فضلك ادخل تعليقك", "من فضلك ادخل اسمك هنا",
                       "الأكثر شعبية", "حظر التجوال", "احدث التعليقات", "من اجل عراق حر"] {
            #expect(!parsed.text.contains(chrome), "\(chrome)")
            #expect(!article.subheadings.contains { $0.contains(chrome) } && !article.captions.contains { $0.contains(chrome) })
        }
        #expect(article.paragraphs.last?.hasSuffix("مستفيدا من الدعم الامريكي العربي؟") == true)
        #expect(article.published == nil)
        #expect(article.boilerplateRemoved >= 17)
    }

    @Test func seed004() throws {
        let parsed = try Fixtures.seedArticle(4)
        let article = parsed.article
        #expect(article.title == "أميركا تشعل الغضب داخل الفصائل العراقية.. ما السبب؟")
        #expect(article.subheadings.contains("إنهاء مهمة التحالف الدولي"))
        #expect(article.subheadings.contains("مصدرا لعدم الاستقرار"))
        #expect(!parsed.text.contains("اقرأ المزيد"))
        #expect(!parsed.text.contains("كامالا هاريس"))
        #expect(article.published == nil)
        #expect(article.subtitle == nil)
        #expect(article.paragraphs.last?.hasSuffix("ويوجد حوالي 900 جندي أميركي في شمال سوريا.") == true)
    }

    @Test func bodyDates() throws {
        func entry(_ seed: Int, _ text: String) throws -> DateEntry? {
            try Fixtures.seedArticle(seed).dates.first { $0.text == text }
        }
        let january2020 = try entry(0, "كانون الثاني/يناير 2020")
        #expect(january2020?.value == "2020-01" && january2020?.precision == .month)
        let fifthOfJanuary = try entry(4, "الخامس من يناير كانون الثاني 2020")
        #expect(fifthOfJanuary?.value == "2020-01-05" && fifthOfJanuary?.precision == .day)
        let september2014 = try entry(1, "سبتمبر 2014")
        #expect(september2014?.value == "2014-09" && september2014?.precision == .month)
        let tuesday = try entry(2, "الثلاثاء 23 مارس/آذار 2021")
        #expect(tuesday?.value == "2021-03-23" && tuesday?.precision == .day)
    }

    @Test func relativeDatesFollowPublication() throws {
        // 001 is published 2024-07-24: «أبريل الماضي» is April 2024.
        #expect(try Fixtures.seedArticle(1).dates.first { $0.text == "أبريل الماضي" }?.value == "2024-04")
        // 004 has no publication date: the phrase is kept, unresolved.
        let pending = try Fixtures.seedArticle(4).dates.first { $0.text == "أكتوبر الماضي" }
        #expect(pending != nil && pending?.value == nil && pending?.precision == .month)
    }

    @Test(arguments: 0..<5) func dateOffsetsPointIntoText(seed: Int) throws {
        let parsed = try Fixtures.seedArticle(seed)
        let scalars = Array(parsed.text.unicodeScalars)
        #expect(!parsed.dates.isEmpty)
        for date in parsed.dates {
            #expect(String(String.UnicodeScalarView(scalars[date.start..<date.end])) == date.text)
        }
    }

    private func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
