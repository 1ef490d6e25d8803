import Testing
import Watcher

/// The grammar of the visible date line, form by form (issue 17): labels, weekdays with and without «،», both month
/// systems and the Maghreb names, dual forms in either order, Arabic-Indic digits, clock times with zones and
/// AM/PM words, and `updated` from «آخر تحديث». Every line here is composed for the test.
@Suite struct VisibleDateGrammarTests {
    static let body = "<p>أعلنت وزارة الزراعة، صباح اليوم، أن موسم الحصاد بدأ مبكرا هذا العام بسبب ارتفاع درجات الحرارة.</p>"
        + "<p>وقال المتحدث باسم الوزارة، في بيان، إن الإنتاج المتوقع يفوق إنتاج العام الماضي بنحو الخمس.</p>"

    /// A page with no date in its metadata and `meta` right under the headline.
    static func page(_ meta: String, before: String = "", after: String = "") -> String {
        "<html><head><title>الحصاد</title></head><body>\(before)<div class='story'><h1>موسم الحصاد يبدأ مبكرا</h1>"
            + "\(meta)\(Self.body)\(after)</div></body></html>"
    }

    static func parse(_ html: String) throws -> Article {
        try Fixtures.parse(Array(html.utf8), format: .html).article
    }

    @Test(arguments: [
        // Labels.
        ("نشر في 3 مارس 2021", "2021-03-03"),
        ("نشر: 3 مارس 2021", "2021-03-03"),
        ("تم نشره 3 مارس 2021", "2021-03-03"),
        ("تم النشر: 3 مارس 2021", "2021-03-03"),
        ("تاريخ النشر: 9 تشرين الثاني 2019", "2019-11-09"),
        ("بتاريخ 21 كانون الأول 2022", "2022-12-21"),
        ("نشر بتاريخ 2 أيلول 2018", "2018-09-02"),
        ("نشر بواسطة: سامر خليل في 14 أيار 2017", "2017-05-14"),
        // Weekdays with and without «،», with «يوم».
        ("الخميس 12 يناير 2023", "2023-01-12"),
        ("الخميس، 12 كانون الثاني 2023", "2023-01-12"),
        ("الاثنين, 6 شباط 2017", "2017-02-06"),
        ("يوم السبت 30 تموز 2016", "2016-07-30"),
        ("نشر في الأربعاء، 17 حزيران 2015", "2015-06-17"),
        // Egyptian and Levantine names, and their spellings.
        ("الأحد 4 ابريل 2021", "2021-04-04"),
        ("الأحد 4 إبريل 2021", "2021-04-04"),
        ("الأحد 18 يوليه 2021", "2021-07-18"),
        ("الأحد 13 يونيه 2021", "2021-06-13"),
        ("الثلاثاء 19 تشرين أول 2021", "2021-10-19"),
        ("الثلاثاء 16 تشرين ثاني 2021", "2021-11-16"),
        ("الجمعة 3 كانون ثاني 2020", "2020-01-03"),
        // Maghreb names.
        ("السبت 5 جانفي 2019", "2019-01-05"),
        ("الإثنين 11 فيفري 2019", "2019-02-11"),
        ("الأربعاء 25 مارس 2020", "2020-03-25"),
        ("الأربعاء 14 أفريل 2021", "2021-04-14"),
        ("الثلاثاء 18 ماي 2021", "2021-05-18"),
        ("الأحد 6 جوان 2021", "2021-06-06"),
        ("الجمعة 23 جويلية 2021", "2021-07-23"),
        ("الإثنين 16 أوت 2021", "2021-08-16"),
        ("الخميس 30 سبتمبر 2021", "2021-09-30"),
        ("الأحد 31 أكتوبر 2021", "2021-10-31"),
        ("الجمعة 26 نوفمبر 2021", "2021-11-26"),
        ("الجمعة 24 ديسمبر 2021", "2021-12-24"),
        ("الأربعاء 14 يوليوز 2021", "2021-07-14"),
        ("السبت 14 غشت 2021", "2021-08-14"),
        ("الخميس 9 شتنبر 2021", "2021-09-09"),
        ("الإثنين 15 نونبر 2021", "2021-11-15"),
        ("الإثنين 20 دجنبر 2021", "2021-12-20"),
        // Dual forms, either order, with or without spaces around «/», in parentheses, spelling variants.
        ("الإثنين 11 آب/اغسطس 2014", "2014-08-11"),
        ("الإثنين 11 آب/أغسطس 2014", "2014-08-11"),
        ("الإثنين 11 أغسطس/آب 2014", "2014-08-11"),
        ("الإثنين 11 اغسطس / آب 2014", "2014-08-11"),
        ("الخميس 7 نيسان / أبريل 2016", "2016-04-07"),
        ("الخميس 7 ابريل/نيسان 2016", "2016-04-07"),
        ("الخميس 7 نيسان (أبريل) 2016", "2016-04-07"),
        ("الجمعة 1 كانون الثاني/يناير 2021", "2021-01-01"),
        ("الجمعة 1 يناير/كانون الثاني 2021", "2021-01-01"),
        ("الأحد 20 أيار/مايو 2018", "2018-05-20"),
        // Arabic-Indic and Persian digits.
        ("الجمعة ٨ فيفري ٢٠١٩", "2019-02-08"),
        ("الأحد، ٠٤ آب/اغسطس ٢٠١٣", "2013-08-04"),
        ("نشر في ۱۲ مارس ۲۰۲۰", "2020-03-12"),
        // Numeric dates.
        ("نشر في 2021/03/05", "2021-03-05"),
        ("الجمعة 05-03-2021", "2021-03-05"),
    ] as [(String, String)])
    func publishedDay(line: String, day: String) throws {
        let article = try Self.parse(Self.page("<div class='date'>\(line)</div>"))
        #expect(article.published.map { String($0.isoTimestamp.prefix(10)) } == day, "\(line)")
        #expect(article.updated == nil, "\(line)")
    }

    @Test(arguments: [
        ("الأحد 12 مارس 2023 الساعة 10:45 بتوقيت غرينتش", "2023-03-12T10:45:00Z"),
        ("الأحد 12 مارس 2023 - 14:30 (GMT+03:00)", "2023-03-12T14:30:00+03:00"),
        ("الأحد 12 مارس 2023 14:30 GMT+3", "2023-03-12T14:30:00+03:00"),
        ("الأحد 12 مارس 2023 - 02:30 م بتوقيت مكة", "2023-03-12T14:30:00+03:00"),
        ("الأحد 12 مارس 2023 - 09:15 ص بتوقيت غرينتش", "2023-03-12T09:15:00Z"),
        ("الأحد 12 مارس 2023 - 12:05 صباحا (GMT)", "2023-03-12T00:05:00Z"),
        ("الأحد 12 مارس 2023 الساعة 08:00 مساءً بتوقيت الدوحة", "2023-03-12T20:00:00+03:00"),
        ("الأحد 12 مارس 2023 - 12:40 م GMT", "2023-03-12T12:40:00Z"),
        ("الأحد ١٢ مارس ٢٠٢٣ - ١٠:٣٠ بتوقيت مكة", "2023-03-12T10:30:00+03:00"),
        ("2023/03/12 07:10 PM UTC-05:00", "2023-03-12T19:10:00-05:00"),
        ("الأحد 12 مارس 2023 02:21 (GMT+0400)", "2023-03-12T02:21:00+04:00"),
    ] as [(String, String)])
    func publishedTime(line: String, timestamp: String) throws {
        let article = try Self.parse(Self.page("<div class='date'>\(line)</div>"))
        #expect(article.published?.isoTimestamp == timestamp, "\(line)")
    }

    /// Morning and evening words move the hour even when no zone is named (the record then shows the day only).
    @Test(arguments: [
        ("12 مارس 2023 - 02:30 م", 14), ("12 مارس 2023 الساعة 9:05 مساء", 21), ("12 مارس 2023 - 12:05 ص", 0),
        ("12 مارس 2023 - 12:40 م", 12), ("12 مارس 2023 - 07:10 صباحا", 7), ("2023/03/12 11:59 PM", 23), ("12 مارس 2023 - 10:00", 10),
    ] as [(String, Int)])
    func meridiemWords(text: String, hour: Int) throws {
        let date = try #require(ArabicDateParser().firstAbsoluteDate(in: text))
        #expect(date.time?.hour == hour, "\(text)")
    }

    @Test(arguments: [
        // Both on one line, in either order.
        ("<div>نشر في 3 مارس 2021 - آخر تحديث 4 مارس 2021</div>", "2021-03-03", "2021-03-04"),
        ("<div>آخر تحديث: 4 مارس 2021 | نشر في: 3 مارس 2021</div>", "2021-03-03", "2021-03-04"),
        // «آخر تحديث» with only a clock time: that day at that time.
        ("<div>الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)</div>", "2013-08-04", "2013-08-04T02:21:00+04:00"),
        ("<div>الأحد 4 آب 2013 - آخر تحديث 10:05 م بتوقيت مكة</div>", "2013-08-04", "2013-08-04T22:05:00+03:00"),
        // On two lines, either one first.
        ("<div>نشر في 3 مارس 2021</div><div>آخر تحديث 5 مارس 2021</div>", "2021-03-03", "2021-03-05"),
        ("<span>آخر تحديث: الجمعة 5 مارس 2021</span><br><span>تاريخ النشر: الأربعاء 3 مارس 2021</span>", "2021-03-03", "2021-03-05"),
    ] as [(String, String, String)])
    func updatedFromTheUpdateLabel(meta: String, published: String, updated: String) throws {
        let article = try Self.parse(Self.page(meta))
        #expect(article.published?.isoTimestamp == published)
        #expect(article.updated?.isoTimestamp == updated)
    }

    @Test(arguments: [
        // A teaser of another story: its date inside the link, beside a link headline, in a related box.
        "<div class='more'><a href='/b'>الحكومة تعلن خطة جديدة لدعم المزارعين في المناطق الريفية</a><span>الأحد 2 يناير 2011</span></div>",
        "<div class='item'><a href='/b'><h3>الحكومة تعلن خطة جديدة لدعم المزارعين في المناطق الريفية</h3></a><div class='d'>الأحد 2 يناير 2011</div></div>",
        "<div class='related-posts'><div><span>الأحد 2 يناير 2011</span></div><div><a href='/b'>وزير الزراعة يتفقد الحقول في الجنوب</a></div></div>",
        "<aside><div>الأحد 2 يناير 2011</div></aside>",
        "<ul><li><span>الأحد 2 يناير 2011</span> <a href='/b'>الحكومة تعلن خطة جديدة لدعم المزارعين في المناطق الريفية</a></li></ul>",
        // A list of stories, each with its date and a summary longer than a teaser's own text.
        "<ul class='latest'><li><a href='/b'>الحكومة تعلن خطة جديدة لدعم المزارعين في المناطق الريفية</a><span>الأحد 2 يناير 2011</span>"
            + "<p>قالت الحكومة إن الخطة تشمل قروضا ميسرة وبذورا محسنة وتدريبا للمزارعين في عشر محافظات.</p></li></ul>",
    ])
    func neverADateFromAnotherStory(teaser: String) throws {
        #expect(try Self.parse(Self.page("", after: teaser)).published == nil, "\(teaser)")
        #expect(try Self.parse(Self.page(teaser)).published == nil, "\(teaser)")
    }

    @Test func dateLineInTheArticlesOwnFooter() throws {
        let meta = "<footer class='submitted'><div class='field'><span class='date'>الجمعة 8 فيفري 2019</span></div></footer>"
        #expect(try Self.parse(Self.page(meta)).published?.isoTimestamp == "2019-02-08")
    }

    @Test func bylineWithALinkedNameIsStillADateLine() throws {
        let meta = "<div class='meta'><a href='/author/1'>سامر خليل</a> <a href='/economy'>اقتصاد</a> الخميس 12 يناير 2023</div>"
        #expect(try Self.parse(Self.page(meta)).published?.isoTimestamp == "2023-01-12")
    }

    @Test(arguments: [
        "منذ 3 ساعات",
        "الجمعة 8 فيفري",
        "نشر في 31 فيفري 2019",
        "وكان الوزير قد زار المنطقة في 12 مايو 2020 والتقى خلالها عددا كبيرا من المزارعين والتجار",
    ])
    func notADate(line: String) throws {
        #expect(try Self.parse(Self.page("<div>\(line)</div>")).published == nil, "\(line)")
    }

    /// The same grammar reads the date line under a plain-text title.
    @Test(arguments: [
        ("تم نشره الأربعاء، 17 حزيران/يونيو 2015", "2015-06-17", nil),
        ("الثلاثاء 18 ماي 2021 - 09:15 ص (GMT+1)", "2021-05-18T09:15:00+01:00", nil),
        ("نشر في ٣ آذار ٢٠٢١ | آخر تحديث ٤ آذار ٢٠٢١", "2021-03-03", "2021-03-04"),
    ] as [(String, String, String?)])
    func plainTextDateLine(line: String, published: String, updated: String?) throws {
        let file = "موسم الحصاد يبدأ مبكرا\n\(line)\n\nأعلنت وزارة الزراعة، صباح اليوم، أن موسم الحصاد بدأ مبكرا هذا العام.\n"
        let article = try Fixtures.parse(Array(file.utf8)).article
        #expect(article.published?.isoTimestamp == published)
        #expect(article.updated?.isoTimestamp == updated)
    }
}

/// Date and byline lines above a page's first paragraph are metadata, as under a plain-text title: they fill the
/// empty fields and leave the body, counted; anything else stays.
@Suite struct HTMLMetadataLineTests {
    static let p1 = "أعلنت وزارة الزراعة، صباح اليوم، أن موسم الحصاد بدأ مبكرا هذا العام بسبب ارتفاع درجات الحرارة."
    static let p2 = "وقال المتحدث باسم الوزارة، في بيان، إن الإنتاج المتوقع يفوق إنتاج العام الماضي بنحو الخمس."

    static func page(_ above: String, below: String = "") -> String {
        "<html><head><title>الحصاد</title></head><body><article><h1>موسم الحصاد يبدأ مبكرا</h1><div class='body'>\(above)"
            + "<p>\(p1)</p>\(below)<p>\(p2)</p></div></article></body></html>"
    }

    @Test func dateAndBylineLinesLeaveTheBody() throws {
        let base = try ArticleParser().parse(Self.page(""), format: .html)
        let parsed = try ArticleParser().parse(Self.page("<div>الأربعاء، 07 أكتوبر 2020 - 12:09 م</div><div>كتبت سلمى حداد</div>"), format: .html)
        #expect(parsed.article.published?.isoTimestamp == "2020-10-07")
        #expect(parsed.article.author == "سلمى حداد")
        #expect(parsed.article.paragraphs == [Self.p1, Self.p2])
        #expect(parsed.article.subheadings.isEmpty)
        #expect(parsed.article.boilerplateRemoved == base.article.boilerplateRemoved + 2)
    }

    @Test(arguments: [
        "<h2>الانتخابات في 12 مايو 2024</h2>",
        "<p>الحصاد في 3 يونيو 2021 بالأرقام</p>",
    ])
    func statementsWithADateStay(line: String) throws {
        let parsed = try ArticleParser().parse(Self.page(line), format: .html)
        #expect(parsed.text.contains(String(line.dropFirst(4).dropLast(5))))
    }

    @Test func aDateLineInsideTheBodyStays() throws {
        let parsed = try ArticleParser().parse(Self.page("", below: "<p>الأحد 12 مارس 2023</p>"), format: .html)
        #expect(parsed.text.contains("الأحد 12 مارس 2023"))
    }
}

/// A metadata line that says something the record does not is kept in the body, so nothing it says is lost.
@Suite struct HTMLMetadataLineAgreementTests {
    static func page(_ head: String, _ above: String) -> String {
        "<html><head>\(head)</head><body><article><h1>موسم الحصاد يبدأ مبكرا</h1><div class='body'>\(above)"
            + "<p>\(HTMLMetadataLineTests.p1)</p><p>\(HTMLMetadataLineTests.p2)</p></div></article></body></html>"
    }

    @Test(arguments: [
        // The metadata's own day (also the day next to it: local time against UTC) and author: the line goes.
        ("<meta property='article:published_time' content='2020-10-06T22:30:00Z'>", "<div>الأربعاء، 07 أكتوبر 2020</div>", false),
        ("<meta name='author' content='سلمى حداد'>", "<div>كتبت سلمى حداد</div>", false),
        // Another day, another author, another source than the record's: the line stays.
        ("<meta property='article:published_time' content='2020-10-01T10:00:00Z'>", "<div>الأربعاء، 07 أكتوبر 2020</div>", true),
        ("<meta name='author' content='سامر خليل'>", "<div>كتبت سلمى حداد</div>", true),
        ("<meta property='og:site_name' content='المرصد'>", "<div>رويترز</div>", true),
    ] as [(String, String, Bool)])
    func lineStaysOnlyWhenItDisagrees(head: String, above: String, stays: Bool) throws {
        let parsed = try ArticleParser().parse(Self.page(head, above), format: .html)
        let line = String(above.dropFirst(5).dropLast(6))
        #expect(parsed.text.contains(line) == stays, "\(line)")
    }

    @Test func dayNumbersCountDaysSince1970() {
        #expect(CalendarDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1).dayNumber == 11_017)
        #expect(CalendarDate(year: 2020, month: 3, day: 1).dayNumber! - CalendarDate(year: 2020, month: 2, day: 28).dayNumber! == 2)
        #expect(CalendarDate(year: 2020).dayNumber == nil)
    }
}
