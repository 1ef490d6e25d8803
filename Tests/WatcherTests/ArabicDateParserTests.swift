import Testing
import Watcher

@Suite struct ArabicDateParserTests {
    let parser = ArabicDateParser()

    private func first(_ text: String) -> DateMention? { parser.mentions(in: text).first }

    @Test func dualMonthWithYearIsAMonth() {
        let mention = first("في كانون الثاني/يناير 2020.")
        #expect(mention?.text == "كانون الثاني/يناير 2020")
        #expect(mention?.resolved(against: nil)?.isoDate == "2020-01")
        #expect(mention?.precision == .month)
    }

    @Test func ordinalDayWithSpaceSeparatedDualMonth() {
        let mention = first("قرارا في الخامس من يناير كانون الثاني 2020 طالب")
        #expect(mention?.text == "الخامس من يناير كانون الثاني 2020")
        #expect(mention?.resolved(against: nil)?.isoDate == "2020-01-05")
        #expect(mention?.precision == .day)
    }

    /// A Hijri year read as a Gregorian one was six centuries off: it is no date mention now.
    @Test func hijriYearsAreNotGregorian() {
        for text in ["عام 1445 هـ", "في عام 1445هـ", "في 1445 ه", "صدر في 1445/9/12 هـ", "سنة 1420 هجرية", "عام 1445 للهجرة"] {
            #expect(parser.mentions(in: text).isEmpty, "\(text)")
        }
        #expect(first("عام 2003 م.")?.resolved(against: nil)?.isoDate == "2003")
        #expect(parser.mentions(in: "بين عامي 1445 و1450 هـ").isEmpty)
        // Only a year that can be a Hijri year of the press is vetoed: a Gregorian month and year stay.
        #expect(first("في يناير 2025 ه- وفق الجدول")?.resolved(against: nil)?.isoDate == "2025-01")
        #expect(!parser.mentions(in: "في 31 فبراير من العام المقبل").contains { $0.resolved(against: CalendarDate(year: 2024, month: 3, day: 1))?.month == 2 })
        #expect(first("في 12 رمضان 1445 هـ الموافق 22 مارس 2024")?.text == "22 مارس 2024")
    }

    /// «أكتوبر من العام الماضي» is October of the year before publication, not the October nearest to it (which
    /// fell after publication); a year after its noun («أكتوبر عام 2020») belongs to the month.
    @Test func aMonthOfACountedYear() {
        let published = CalendarDate(year: 2024, month: 3, day: 22)
        let cases = [
            ("وفي أكتوبر من العام الماضي وقعت", "أكتوبر من العام الماضي", "2023-10"),
            ("في 5 مايو من العام المقبل", "5 مايو من العام المقبل", "2025-05-05"),
            ("في يناير من هذا العام", "يناير من هذا العام", "2024-01"),
            ("في أكتوبر عام 2020", "أكتوبر عام 2020", "2020-10"),
            ("في أكتوبر/تشرين الأول من العام 2020", "أكتوبر/تشرين الأول من العام 2020", "2020-10"),
        ]
        for (text, words, value) in cases {
            let mention = first(text)
            #expect(mention?.text == words, "\(text)")
            #expect(mention?.resolved(against: published)?.isoDate == value, "\(text)")
        }
        #expect(first("في أكتوبر من العام الماضي")?.resolved(against: nil) == nil)
    }

    @Test func monthAndYear() {
        #expect(first("في سبتمبر 2014 لمحاربة")?.resolved(against: nil)?.isoDate == "2014-09")
    }

    @Test func weekdayPrefixIsPartOfTheDate() {
        let mention = first("أعلن البيت الأبيض، الثلاثاء 23 مارس/آذار 2021، أن")
        #expect(mention?.text == "الثلاثاء 23 مارس/آذار 2021")
        #expect(mention?.resolved(against: nil)?.isoDate == "2021-03-23")
    }

    @Test func numericFormsAndDigitSets() {
        #expect(first("2021/03/23")?.resolved(against: nil)?.isoDate == "2021-03-23")
        #expect(first("24/7/2024")?.resolved(against: nil)?.isoDate == "2024-07-24")
        #expect(first("٢٠٢١-٠٣-٢٤")?.resolved(against: nil)?.isoDate == "2021-03-24")
        #expect(first("۵ أيار ۲۰۲۰")?.resolved(against: nil)?.isoDate == "2020-05-05")
        #expect(first("في5 كانون الثاني 2020")?.text == "5 كانون الثاني 2020")
    }

    @Test func spellingVariantsOfMonths() {
        for (text, month) in [("ابريل 2020", "04"), ("إبريل 2020", "04"), ("يوليه 2020", "07"), ("يوليو 2020", "07"),
                              ("مايو 2020", "05"), ("ماي 2020", "05"), ("تموز 2020", "07"), ("تشرين الأول 2020", "10"),
                              ("كانون الأول/ديسمبر 2020", "12"), ("آذار/مارس 2020", "03")] {
            #expect(first(text)?.resolved(against: nil)?.isoDate == "2020-\(month)", "\(text)")
        }
    }

    @Test func clockTimeWithZoneGivesOffset() {
        let date = parser.firstAbsoluteDate(in: "2021/03/23 الساعة 22:59 بتوقيت غرينتش")
        #expect(date?.isoTimestamp == "2021-03-23T22:59:00Z")
        #expect(parser.firstAbsoluteDate(in: "2021-03-24 00:00:00")?.isoTimestamp == "2021-03-24")
    }

    @Test func relativePhrasesResolveAgainstPublished() {
        let published = CalendarDate(year: 2024, month: 7, day: 24)
        let mentions = parser.mentions(in: "في أبريل الماضي ثم سبتمبر القادم وفي يناير الماضي خلال الشهر الحالي والعام المقبل")
        #expect(mentions.map { $0.resolved(against: published)?.isoDate } == ["2024-04", "2024-09", "2024-01", "2024-07", "2025"])
        #expect(mentions.map { $0.resolved(against: nil) } == [nil, nil, nil, nil, nil])
        #expect(mentions.first?.text == "أبريل الماضي")
    }

    @Test func notDates() {
        #expect(parser.mentions(in: "الأول من نوعه في عهد بايدن").isEmpty)
        #expect(parser.mentions(in: "نحو 2500 جندي من 4-6 أشهر و 85 دولة").isEmpty)
        #expect(parser.mentions(in: "أب لثلاثة أطفال").isEmpty)
        #expect(parser.mentions(in: "قال الثلاثاء إن").isEmpty)
    }

    @Test func bareYearsNeedAnIntroducingWord() {
        let mentions = parser.mentions(in: "انسحبت منه سنة 2011 وعادت في 2014 مقارنة بعام 2023")
        #expect(mentions.map { $0.resolved(against: nil)?.isoDate } == ["2011", "2014", "2023"])
        #expect(mentions.allSatisfy { $0.precision == .year })
    }

    @Test func offsetsAreUnicodeScalarOffsets() {
        let text = "قبل سبتمبر 2014"
        let mention = first(text)
        let scalars = Array(text.unicodeScalars)
        #expect(mention.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == "سبتمبر 2014")
    }
}
