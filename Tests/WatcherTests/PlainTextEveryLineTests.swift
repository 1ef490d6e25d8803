import Testing
import Watcher

/// Plain text: every line a writer wrote reaches `text` (issue 17), whatever its shape: subheadings, captions,
/// statements without a final stop, quotes, list items, lines under a breadcrumb. Posts composed here.
@Suite struct PlainTextEveryLineTests {
    /// Lines of a post; each must occur in `text`.
    static let posts: [[String]] = [
        // Subheadings and a credited caption between statements.
        ["الحكومة تقر خطة لدعم المزارعين", "أقرت الحكومة في جلستها الأسبوعية خطة لدعم المزارعين بقيمة مليار دينار.",
         "تفاصيل الخطة", "وتشمل الخطة قروضا ميسرة وبذورا مدعومة وإعفاءات ضريبية لثلاث سنوات.",
         "وزير الزراعة خلال الجلسة - رويترز", "ردود الفعل", "ورحبت نقابة المزارعين بالخطة، وطالبت بتوسيعها لتشمل مربي الماشية.",
         "وقال نقيب المزارعين إن الخطة خطوة أولى"],
        // A post of short statements without stops, a quote, a list and a closing label.
        ["عاجل: انقطاع الكهرباء عن عدة أحياء في العاصمة", "انقطعت الكهرباء عن عدة أحياء في العاصمة منذ ساعات الصباح",
         "«نعمل على إعادة التيار خلال ساعتين»", "قالت الشركة في بيان مقتضب", "الأحياء المتأثرة:", "- حي النصر", "- حي السلام",
         "- حي الجامعة", "وطالبت الشركة المواطنين بترشيد الاستهلاك", "#الكهرباء"],
        // Numbered items and a line in English.
        ["خمس نقاط في خطاب الرئيس", "1- الإصلاح الاقتصادي أولوية هذا العام", "2- دعم الأسر الفقيرة", "3- محاربة الفساد",
         "4- تعزيز الأمن على الحدود", "5- الانتخابات في موعدها", "The speech was broadcast live on state television."],
    ]

    @Test(arguments: posts.indices)
    func everyLineOfAPostReachesText(index: Int) throws {
        let lines = Self.posts[index]
        let parsed = try Fixtures.parse(Array(lines.joined(separator: "\n").utf8))
        for line in lines { #expect(parsed.text.contains(line), "lost: \(line)") }
        #expect(parsed.article.boilerplateRemoved == 0)
    }

    /// Files that open with a site's breadcrumb: the trail goes (counted), every line after it stays, however long
    /// the body is.
    @Test(arguments: [
        "الرئيسية » أخبار » محليات",
        "الرئيسية / أخبار / الحكومة تقر خطة لدعم المزارعين",
        "الرئيسية > اقتصاد",
        "الصفحة الرئيسية | أخبار عربية | سياسة",
    ])
    func breadcrumbFirstLineLosesNothingElse(trail: String) throws {
        let body = (1...12).map { "وهذه الفقرة رقم \($0) من الخبر، وفيها تفاصيل عن الخطة وأثرها على المزارعين في المحافظات المختلفة." }
        let lines = ["الحكومة تقر خطة لدعم المزارعين", "تفاصيل الخطة"] + body + ["وزير الزراعة خلال الجلسة - رويترز", "وختم الوزير بالقول إن الخطة ممولة"]
        let parsed = try Fixtures.parse(Array(([trail] + lines).joined(separator: "\n").utf8))
        for line in lines { #expect(parsed.text.contains(line), "lost: \(line)") }
        #expect(parsed.article.title == "الحكومة تقر خطة لدعم المزارعين")
        #expect(!parsed.text.contains(trail))
        #expect(parsed.article.boilerplateRemoved >= 1)
        #expect(parsed.article.extraction?.warnings.contains(.bodySmallShare) == false)
    }

    /// Subheadings and captions are blocks of `text` with their kind, in reading order.
    @Test func subheadingsAndCaptionsAreBlocksInOrder() throws {
        let lines = Self.posts[0]
        let parsed = try Fixtures.parse(Array(lines.joined(separator: "\n").utf8))
        let scalars = Array(parsed.text.unicodeScalars)
        let spans = parsed.blocks.map { block in
            (block.kind, String(String.UnicodeScalarView(scalars[block.start..<block.end])))
        }
        #expect(spans.map(\.1) == lines)
        #expect(spans.map(\.0) == [.title, .paragraph, .subheading, .paragraph, .caption, .subheading, .paragraph, .paragraph])
    }

    /// Unicode's own line breaks (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR), which some editors and exports write,
    /// break lines as `\n` does: the whole file used to become the title, with no body.
    @Test(arguments: ["\u{2028}", "\u{2029}", "\u{85}"])
    func unicodeLineBreaksBreakLines(separator: String) throws {
        let lines = Self.posts[0]
        let parsed = try Fixtures.parse(Array(lines.joined(separator: separator).utf8))
        #expect(parsed.article.title == lines[0])
        for line in lines { #expect(parsed.text.contains(line), "lost: \(line)") }
        #expect(parsed.article.paragraphs.count >= 3)
        // In JSON a raw LINE SEPARATOR is valid inside a string: the file is still read, and the text body is lines.
        let json = #"{"title": "\#(lines[0])", "text": "\#(lines[1...].joined(separator: separator))"}"#
        let fromJSON = try Fixtures.parse(Array(json.utf8), format: .json)
        #expect(fromJSON.article.paragraphs.count >= 3)
    }

    /// A line under the title with words beside its date is not a date line: its words stay in the text (they used
    /// to go with the header), and the date still fills the record.
    @Test func wordsBesideADateUnderTheTitleStay() throws {
        let lines = ["تطورات ميدانية في لبنان", "انفجار يهز بيروت 4 أغسطس 2020",
                     "هز انفجار ضخم مرفأ بيروت مساء الثلاثاء، وأسفر عن سقوط عشرات القتلى وآلاف الجرحى، وفق وزارة الصحة."]
        let parsed = try Fixtures.parse(Array(lines.joined(separator: "\n").utf8))
        for line in lines { #expect(parsed.text.contains(line), "lost: \(line)") }
        #expect(parsed.article.published?.isoDate == "2020-08-04")
        // A date line with nothing else still leaves the body.
        let dated = try Fixtures.parse(Array([lines[0], "الثلاثاء 4 أغسطس 2020", lines[2]].joined(separator: "\n").utf8))
        #expect(!dated.text.contains("4 أغسطس 2020"))
        #expect(dated.article.published?.isoDate == "2020-08-04")
    }

    /// «انضموا», «تابعوا» and «اشتركوا» open news sentences in the past tense (they joined, followed, took part): such
    /// lines are kept. A follow-us line («تابعونا على تلغرام») still goes.
    @Test func pastTenseVerbsAreNotFollowUsLines() throws {
        let lines = ["اعتقال خلية في الموصل",
                     "انضموا إلى التنظيم قبل عامين وشاركوا في هجمات على قواعد عسكرية في المنطقة.",
                     "تابعوا تحركات القوات الأمنية لأسابيع قبل الهجوم.",
                     "اشتركوا في الهجوم على القاعدة مع عناصر أخرى من الخلية."]
        let parsed = try Fixtures.parse(Array((lines + ["تابعونا على تلغرام"]).joined(separator: "\n").utf8))
        for line in lines { #expect(parsed.text.contains(line), "lost: \(line)") }
        #expect(!parsed.text.contains("تابعونا على تلغرام"))
        #expect(parsed.article.boilerplateRemoved == 1)
    }
}
