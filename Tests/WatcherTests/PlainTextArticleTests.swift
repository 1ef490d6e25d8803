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

    /// The one-pass line scan must give what the three reference forms give, on the cases where they differ.
    @Test(arguments: [
        "", "   ", "\u{200F}\u{200B}", "  عنوانُ   الخبرِ  ", "أَحمد ــ إبراهيم: «مرحبًا»", "\u{064E} كلمة", "ABC Def\u{00A0}\u{2003}ghi.",
        "قال:\u{200D} نعم؟", "emoji 🙂 هنا …", "آخر تحديث 2021-03-24 - المصدر: العربية", "مصطفى\u{0640}\u{0640} الكاظمي ",
        // Lines that cleaning changes only late, or only at an end: the scan copies a line only from its first change.
        " بداية", "نهاية  ", "كلمة  كلمتان", "a\tb", "نص عادي ثم\u{200B}تغيير", "نص طويل بلا تغيير حتى الآخر\u{00A0}", "x",
    ])
    func lineScannerAgreesWithCleanTextMatchKeyAndLineShape(line: String) {
        let block = TextBlock(text: line, group: 0)
        let clean = CleanText.line(line)
        let shape = LineShape(clean)
        #expect(block.text == clean)
        #expect(block.key == MatchKey.of(clean))
        #expect(block.tableKey == TableKey(matchKey: MatchKey.of(clean)))
        #expect([block.shape.words, block.shape.letters, block.shape.arabicLetters, block.shape.latinLetters]
                == [shape.words, shape.letters, shape.arabicLetters, shape.latinLetters])
        #expect(block.shape.terminated == shape.terminated)
        #expect(block.script == ScriptCounts(clean))
    }

    /// Pull-quote words are read off the block's key; they must be the tokenizer's words of the text, و dropped.
    @Test(arguments: [
        "", "قال المسؤول في5 جلسات: «نعم»، وتتمركز القوات-الأمريكية هنا.", "أَحمدُ وإبراهيم ABC-12 Def ـــ ١٥ آذارَ",
        "الكلمة نفسها الكلمة نفسها وأخرى 🙂 x", "كلمات طويلة جدا استراتيجيتهماالعسكريةالجديدةوالقديمة معا",
    ])
    func pullQuoteWordsAreTheTokenizersWords(line: String) {
        let expected = Set(Tokenizer.tokens(line).filter(\.isWord).map { $0.key.withoutConjunction.fingerprint })
        let words = RepeatedQuote.words(TextBlock(text: line, group: 0))
        #expect(words == expected.sorted())
    }

    /// Each token's byte span and scalar span name the same text (date mentions are cut out by bytes).
    @Test func tokenByteAndScalarOffsetsAgree() {
        let text = "في ٢٤ آذارَ/مارس 2021، قال «أحمدُ» 🙂 إنّ ABC-12 وصل\u{200F}."
        let scalars = Array(text.unicodeScalars)
        let utf8 = Array(text.utf8)
        let tokens = Tokenizer.tokens(text)
        #expect(tokens.count > 10)
        for token in tokens {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[token.start..<token.end])
            #expect(String(decoding: utf8[token.utf8Start..<token.utf8End], as: UTF8.self) == String(view))
        }
    }

    /// Credits after a hyphen, an en dash, an em dash, a slash or a parenthesis make a caption; a line with none of
    /// those marks (the prefilter's case) is not one.
    @Test func captionCreditsAfterEveryKindOfDash() {
        let credit = CaptionCredit(tables: .embedded)
        for line in ["جنود في قاعدة عين الأسد - رويترز", "جنود في قاعدة عين الأسد – رويترز", "جنود في قاعدة عين الأسد — رويترز",
                     "جنود في قاعدة عين الأسد/رويترز", "جنود في قاعدة عين الأسد (رويترز)"] {
            #expect(credit.isCaption(TextBlock(text: line, group: 0)), "\(line)")
        }
        #expect(!credit.isCaption(TextBlock(text: "جنود في قاعدة عين الأسد رويترز", group: 0)))
    }

    @Test func linesSplitOnNewlinesAndBlankLinesStartGroups() {
        let blocks = TextBlock.lines(of: "أول\nثان\n\n \u{200F}\nثالث\n")
        #expect(blocks.map(\.text) == ["أول", "ثان", "ثالث"])
        #expect(blocks.map(\.group) == [0, 0, 2])
    }

    @Test func noHeaderMeansNoSubtitleAndNoDates() throws {
        let parsed = try Fixtures.parse(Array("عنوان\nجملة أولى تشرح الخبر.\nجملة ثانية.\n".utf8))
        #expect(parsed.article.subtitle == nil)
        #expect(parsed.article.published == nil && parsed.article.updated == nil)
        #expect(parsed.article.paragraphs == ["جملة أولى تشرح الخبر.", "جملة ثانية."])
        #expect(parsed.text == "عنوان\n\nجملة أولى تشرح الخبر.\n\nجملة ثانية.")
    }

    /// The clean text is the title and the paragraphs with a blank line between each two, empty parts left out.
    @Test func articleTextJoinsTitleAndParagraphs() {
        var article = Article()
        #expect(article.text == "")
        article.paragraphs = ["", "ب"]
        #expect(article.text == "ب")
        article.title = "عنوان"
        article.paragraphs = ["أ", "ب"]
        #expect(article.text == "عنوان\n\nأ\n\nب")
        article.title = ""
        #expect(article.text == "أ\n\nب")
    }

    @Test func emptyAndChromeOnlyFilesGiveAnEmptyArticle() throws {
        let parsed = try Fixtures.parse(Array("Web\nAnalytics\n3\n".utf8))
        #expect(parsed.article.title == nil && parsed.article.paragraphs.isEmpty)
        #expect(parsed.article.boilerplateRemoved == 3)
        #expect(parsed.text.isEmpty && parsed.dates.isEmpty)
    }
}
