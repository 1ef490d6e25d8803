import Testing
import Watcher

/// A text file's first line is not always its title: a date line, the outlet's masthead or a label («عاجل») can
/// stand above it.
@Suite struct PlainTextTitleTests {
    static let title = "انفجار يهز مستودعا للوقود جنوب المدينة"
    static let body = "قال مسؤول في وزارة الصحة إن فرق الإسعاف نقلت المصابين إلى مستشفيات المدينة، وإن حالة ثلاثة منهم حرجة.\n\n"
        + "وأضاف أن السلطات فتحت تحقيقا في أسباب الحادث.\n"

    private func parse(_ text: String) throws -> Article { try Fixtures.parse(Array(text.utf8)).article }

    @Test func aDateLineAboveTheTitleFillsTheDate() throws {
        let article = try parse("الثلاثاء 12 مارس 2024\n\(Self.title)\n\n\(Self.body)")
        #expect(article.title == Self.title)
        #expect(article.published?.isoDate == "2024-03-12")
        #expect(article.paragraphs.count == 2)
        #expect(article.boilerplateRemoved == 1)
    }

    @Test func aMastheadAboveTheTitleFillsTheSource() throws {
        let article = try parse("اليوم السابع\n\n\(Self.title)\n\n\(Self.body)")
        #expect(article.title == Self.title)
        #expect(article.source == "اليوم السابع")
        #expect(article.sourceEnglish == "Youm7")
    }

    /// The label stays in the body, where rules still see it.
    @Test func aLabelAboveTheTitleStaysInTheBody() throws {
        let article = try parse("عاجل\n\(Self.title)\n\n\(Self.body)")
        #expect(article.title == Self.title)
        #expect(article.body.first?.text == "عاجل")
        #expect(article.paragraphs.count == 2)
        let both = try parse("اليوم السابع\nعاجل:\nالخميس، 4 يناير 2024\n\(Self.title)\n\n\(Self.body)")
        #expect(both.title == Self.title)
        #expect(both.source == "اليوم السابع" && both.published?.isoDate == "2024-01-04")
    }

    /// A Hijri date line («الثلاثاء 12 رمضان 1445 هـ») is no headline. It is not converted, so it stays in the body;
    /// beside a Gregorian date («… الموافق 22 مارس 2024») the line is a line of dates that fills the date.
    @Test func aHijriDateLineAboveTheTitleIsNoTitle() throws {
        let hijri = try parse("الثلاثاء 12 رمضان 1445 هـ\n\(Self.title)\n\n\(Self.body)")
        #expect(hijri.title == Self.title)
        #expect(hijri.body.first?.text == "الثلاثاء 12 رمضان 1445 هـ")
        #expect(hijri.published == nil && hijri.boilerplateRemoved == 0)
        for line in ["الجمعة 4 ذو الحجة 1444 هـ", "1445/9/12 هـ - 10:30 ص", "تاريخ النشر: الثلاثاء ١٢ رمضان ١٤٤٥ هـ"] {
            let article = try parse("\(line)\n\(Self.title)\n\n\(Self.body)")
            #expect(article.title == Self.title, "\(line)")
            #expect(article.body.first?.text == line)
        }
        for line in ["الجمعة 12 رمضان 1445 هـ الموافق 22 مارس 2024", "الجمعة 12 رمضان 1445هـ الموافق 22 مارس 2024م",
                     "الجمعة 12 رمضان 1445 هـ - 22 مارس 2024 م", "الجمعة 22 مارس 2024 م"] {
            let both = try parse("\(line)\n\(Self.title)\n\n\(Self.body)")
            #expect(both.title == Self.title, "\(line)")
            #expect(both.published?.isoDate == "2024-03-22", "\(line)")
            #expect(both.boilerplateRemoved == 1, "\(line)")
        }
        // A label says which date it is.
        let update = try parse("آخر تحديث: الجمعة 12 رمضان 1445 هـ الموافق 22 مارس 2024 م\n\(Self.title)\n\n\(Self.body)")
        #expect(update.title == Self.title && update.updated?.isoDate == "2024-03-22" && update.published == nil)
        // A clock time with its zone.
        #expect(try parse("الجمعة 12 رمضان 1445 هـ - 10:30 ص بتوقيت مكة\n\(Self.title)\n\n\(Self.body)").title == Self.title)
        // A preposition, a phrase of the day or a month alone makes a line a headline, a sentence about a date.
        for headline in ["منذ 7 أكتوبر 2023", "بعد 11 سبتمبر 2001", "حتى 30 يونيو 2024", "صباح 7 أكتوبر 2023", "خلال 12 رمضان"] {
            let article = try parse("\(headline)\nالجمعة 22 مارس 2024\n\n\(Self.body)")
            #expect(article.title == headline)
            #expect(article.published?.isoDate == "2024-03-22", "\(headline)")
        }
        // A month name alone is a word like another («رمضان» is also a name), and a headline about Ramadan stays one.
        #expect(try parse("رمضان يبدأ الأحد في معظم الدول العربية\n\n\(Self.body)").title == "رمضان يبدأ الأحد في معظم الدول العربية")
        #expect(try parse("ذكرى 12 رمضان في غزة\n\n\(Self.body)").title == "ذكرى 12 رمضان في غزة")
    }

    /// Only lines above the title are read so: a Hijri date inside a sentence is text, wherever the sentence is. A
    /// line announcing a feast under the title gives no publication date, and a hard-wrapped sentence is not broken
    /// at a line holding both calendars' dates.
    @Test func hijriDatesInTheTextAreText() throws {
        let eid = try parse("المحكمة العليا: الأربعاء أول أيام عيد الفطر\nعيد الفطر الأربعاء 1 شوال 1445 هـ الموافق 10 أبريل 2024\n\n\(Self.body)")
        #expect(eid.published == nil)
        let wrapped = "الرياض - واس: أعلنت المحكمة العليا في المملكة العربية\nالسعودية مساء اليوم ثبوت رؤية هلال شهر شوال لهذا العام،\n"
            + "وعليه يكون أول أيام عيد الفطر المبارك غدا وذلك الأربعاء 1\nشوال 1445 هـ الموافق 10 أبريل 2024 حسب ما أعلنته المحكمة\n"
            + "العليا في بيانها الرسمي الذي نشرته وكالة الأنباء السعودية\nمساء اليوم بعد اجتماع اللجان المختصة في عدد من المناطق."
        let article = try parse("\(Self.title)\n\n\(wrapped)\n")
        #expect(article.paragraphs.count == 1)
        #expect(article.paragraphs.first?.contains("الأربعاء 1 شوال 1445 هـ الموافق 10 أبريل 2024 حسب") == true)
        let html = "<html lang=\"ar\"><head><meta property=\"article:published_time\" content=\"2024-04-09T20:15:00+03:00\"></head><body><article><h1>غدا أول أيام عيد الفطر</h1><p>الأربعاء 1 شوال 1445 هـ الموافق 10 أبريل 2024</p><p>\(Self.body.split(separator: "\n")[0])</p></article></body></html>"
        let page = try Fixtures.parse(Array(html.utf8), format: .html)
        #expect(page.text.contains("1 شوال 1445"))
    }

    /// What stays the title: a line with words beside its date, a line naming an outlet in a sentence, a file of
    /// one line, a date that disagrees with the header's.
    @Test func otherFirstLinesStayTheTitle() throws {
        #expect(try parse("انفجار يهز بيروت 4 أغسطس 2020\n\n\(Self.body)").title == "انفجار يهز بيروت 4 أغسطس 2020")
        #expect(try parse("اليوم السابع تنشر تفاصيل الحادث\n\n\(Self.body)").title == "اليوم السابع تنشر تفاصيل الحادث")
        #expect(try parse("عاجل").title == "عاجل")
        #expect(try parse("اليوم السابع\n").title == "اليوم السابع")
    }

    /// The header under the title («نشر في», «المصدر») wins over the site's date bar or masthead above it; and a file
    /// with no headline under such a line keeps that line as its title rather than promoting a paragraph.
    @Test func theHeaderWinsAndAParagraphIsNeverPromoted() throws {
        let dated = try parse("الأحد 17 مارس 2024\n\(Self.title)\nنشر في: الثلاثاء 12 مارس 2024\n\n\(Self.body)")
        #expect(dated.published?.isoDate == "2024-03-12")
        #expect(dated.paragraphs.count == 2)
        let sourced = try parse("اليوم السابع\n\(Self.title)\nالمصدر: رويترز\n\n\(Self.body)")
        #expect(sourced.source == "رويترز")
        // A long headline that asks a question is still a headline.
        let question = "هل تنجح خطة الحكومة الجديدة في إنقاذ المزارعين من الديون المتراكمة بعد ثلاث سنوات من الجفاف؟"
        #expect(try parse("عاجل\n\(question)\n\n\(Self.body)").title == question)
        let noHeadline = try parse("الثلاثاء 12 مارس 2024\n\(Self.body)")
        #expect(noHeadline.title == "الثلاثاء 12 مارس 2024")
        #expect(noHeadline.paragraphs.count == 2)
    }
}
