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
}
