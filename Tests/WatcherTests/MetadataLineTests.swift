import Testing
import Watcher

/// Header lines under the title: every segment must be metadata, and time segments stay with their date.
@Suite struct MetadataLineTests {
    let tables = ParserTables.embedded
    var dates: ArabicDateParser { ArabicDateParser(tables: tables) }

    func read(_ line: String) -> MetadataLine? { MetadataLine(line, tables: tables, dates: dates) }

    @Test func labelledFieldsSeparatedByADash() throws {
        let line = try #require(read("آخر تحديث 2021-03-24 00:00:00 - المصدر: العربية"))
        #expect(line.updated?.isoTimestamp.hasPrefix("2021-03-24") == true)
        #expect(line.source == "العربية")
    }

    @Test func aClockTimeAfterABarStaysWithItsDate() throws {
        let line = try #require(read("تم النشر: 2021/03/23 | الساعة 22:59 بتوقيت غرينتش"))
        #expect(line.published?.isoTimestamp.hasPrefix("2021-03-23") == true)
        #expect(MetadataLine.segments("تم النشر: 2021/03/23 | الساعة 22:59", timeWords: tables.dates).count == 1)
    }

    @Test func enAndEmDashesSeparateOnlyBetweenSpaces() {
        #expect(MetadataLine.segments("أ – ب — ج", timeWords: tables.dates) == ["أ", "ب", "ج"])
        #expect(MetadataLine.segments("2021-03-24", timeWords: tables.dates) == ["2021-03-24"])
        #expect(MetadataLine.segments("أ|ب", timeWords: tables.dates) == ["أ", "ب"])
    }

    @Test func repeatedSeparatorsLeaveAnEmptySegmentInsteadOfTrapping() {
        #expect(MetadataLine.segments("أ - - ب", timeWords: tables.dates) == ["أ", "", "ب"])
    }

    /// The old splitter sliced backwards on « - - » and the process trapped: under systemd the file stayed in the
    /// drop folder and every restart crashed on it again.
    @Test func aHeaderWithADoubledSeparatorIsParsed() throws {
        let text = "عنوان الخبر هنا\nالمصدر: العربية - - الأربعاء 2024/07/24\n\nنص الخبر الأول هنا في بغداد.\n"
        let parsed = try ArticleParser().parse(text, format: .plainText)
        #expect(parsed.article.title == "عنوان الخبر هنا")
        #expect(parsed.article.source == "العربية")
        #expect(parsed.article.paragraphs == ["نص الخبر الأول هنا في بغداد."])
    }

    @Test func proseIsNotMetadataEvenAfterAMetadataSegment() {
        #expect(read("انطلقت المحادثات في بغداد اليوم بين الوفدين") == nil)
        #expect(read("المصدر: العربية - انطلقت المحادثات في بغداد اليوم بين الوفدين وسط توقعات كثيرة") == nil)
    }

    @Test func aDateStandingAloneIsThePublicationDate() throws {
        let line = try #require(read("الأربعاء 2024/07/24"))
        #expect(line.published?.isoTimestamp.hasPrefix("2024-07-24") == true)
    }

    /// A comma before another label starts a field of its own: the update after the publication date is not
    /// swallowed by the date's value (the line is removed from the body, so a lost update would be lost silently).
    @Test func aCommaBeforeALabelSeparatesFields() throws {
        let line = try #require(read("نشر في: 12 أبريل 2020، آخر تحديث: 14 أبريل 2020"))
        #expect(line.published?.isoTimestamp.hasPrefix("2020-04-12") == true)
        #expect(line.updated?.isoTimestamp.hasPrefix("2020-04-14") == true)
        let sourced = try #require(read("المصدر: العربية، آخر تحديث: 14 أبريل 2020"))
        #expect(sourced.source == "العربية")
        #expect(sourced.updated?.isoTimestamp.hasPrefix("2020-04-14") == true)
        // A comma in prose before a label does not make the prose metadata.
        #expect(read("قال الوزير في المؤتمر الصحافي، المصدر: الوكالة الرسمية") == nil)
    }
}
