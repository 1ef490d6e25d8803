import Foundation
import Testing
import Watcher

/// Hard-wrapped text: lines that a fold cut at a fixed width are joined back into their paragraphs, so that a
/// sentence broken across lines is one sentence for the rules; lines that were never wrapped are left alone.
@Suite struct WrappedLinesTests {
    /// Folds every line longer than `width` at spaces, greedily, as `fmt` and Python's `textwrap` do (counting
    /// scalars) or `fold -s` does (counting UTF-8 bytes). Without `blankLines`, blank lines are dropped, so the
    /// paragraphs follow each other line after line.
    static func fold(_ text: String, width: Int, bytes: Bool, blankLines: Bool = true) -> String {
        func length(_ s: Substring) -> Int { bytes ? s.utf8.count : s.unicodeScalars.count }
        var out: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if blankLines { out.append("") }
                continue
            }
            var current: Substring = ""
            for word in line.split(separator: " ") {
                if current.isEmpty {
                    current = word
                } else if length(current) + 1 + length(word) <= width {
                    current = Substring(current + " " + word)
                } else {
                    out.append(current)
                    current = word
                }
            }
            if !current.isEmpty { out.append(current) }
        }
        return out.joined(separator: "\n")
    }

    static func words(_ text: String) -> [Substring] { text.split(whereSeparator: \.isWhitespace) }

    /// The widths and units of common folds: `fmt` and `textwrap` (scalars), `fold -s -w` (bytes).
    static let folds: [(width: Int, bytes: Bool)] = [(60, false), (72, false), (100, false), (80, true), (140, true)]

    @Test(arguments: 0..<5, folds.indices)
    func aWrappedSeedKeepsItsTextAndHeader(seed: Int, fold: Int) throws {
        let original = try Fixtures.seedArticle(seed)
        let text = String(decoding: try Fixtures.seed(seed), as: UTF8.self)
        let wrapped = try Fixtures.parse(Array(Self.fold(text, width: Self.folds[fold].width, bytes: Self.folds[fold].bytes).utf8))
        #expect(original.article.extraction?.joinedLines == 0)
        #expect((wrapped.article.extraction?.joinedLines ?? 0) > 0)
        #expect(Self.words(wrapped.text) == Self.words(original.text))
        #expect(wrapped.article.title == original.article.title)
        #expect(wrapped.article.published == original.article.published)
        #expect(wrapped.article.source == original.article.source)
        #expect(wrapped.article.paragraphs.count == original.article.paragraphs.count)
    }

    /// A seed's paragraphs, one a line with no blank line between them, are not wrapped and are not joined.
    @Test(arguments: 0..<5)
    func paragraphsOneALineAreNotJoined(seed: Int) throws {
        let text = String(decoding: try Fixtures.seed(seed), as: UTF8.self)
        let compact = text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.joined(separator: "\n")
        let parsed = try Fixtures.parse(Array(compact.utf8))
        #expect(parsed.article.extraction?.joinedLines == 0)
    }

    /// A short post whose lines are about as long as each other, with no blank line under the title: the title stays
    /// its first line (the whole post used to become the title, with an empty body). The post is composed here.
    @Test func theTitleOfAPostOfEvenLinesStaysOneLine() throws {
        let lines = String(decoding: try Fixtures.bytes("Tests/Fixtures/parse/even-lines.txt"), as: UTF8.self).split(separator: "\n").map(String.init)
        let parsed = try Fixtures.parse(Array(lines.joined(separator: "\n").utf8))
        #expect(parsed.article.title == lines[0])
        #expect(!parsed.article.paragraphs.isEmpty)
        #expect(parsed.article.extraction?.warnings.contains(.bodyEmpty) == false)
        for line in lines { #expect(parsed.text.contains(line)) }
    }

    /// A list whose items happen to be about as long as each other stays a list.
    @Test func listItemsAreNotJoined() throws {
        let items = (1...8).map { "\($0). بند من بنود الاتفاق بين الطرفين يخص الملف رقم \($0) في المفاوضات الجارية" }
        let lines = ["الاتفاق بين الطرفين في ثمانية بنود", "وقع الطرفان اتفاقا من ثمانية بنود بعد مفاوضات طويلة استمرت شهرا."] + items
        let parsed = try Fixtures.parse(Array(lines.joined(separator: "\n").utf8))
        #expect(parsed.article.extraction?.joinedLines == 0)
        for item in items { #expect(parsed.article.body.contains { $0.text == item }, "joined: \(item)") }
    }

    /// A title or standfirst that happens to fill the fold's width is not joined to the date line under it.
    @Test func aDateLineUnderAFullLineStaysAHeader() throws {
        let body = String(repeating: "وقالت مصادر أمنية إن القوات انتشرت في المنطقة بعد الهجوم الذي استهدف القاعدة العسكرية فجر اليوم، وإن التحقيقات جارية لمعرفة الجهة المنفذة. ", count: 4)
        let title = "القوات الأمنية تنتشر في محيط القاعدة بعد هجوم بالطائرات المسيرة فجر"
        let folded = Self.fold(body, width: title.unicodeScalars.count + 2, bytes: false)
        let text = title + "\n" + "الأربعاء 2024/07/24" + "\n\n" + folded + "\n\n" + folded
        let parsed = try Fixtures.parse(Array(text.utf8))
        #expect((parsed.article.extraction?.joinedLines ?? 0) > 0)
        #expect(parsed.article.title == title)
        #expect(parsed.article.published?.isoDate == "2024-07-24")
    }

    /// Wire copy folded at 78 columns, paragraphs apart: each paragraph is one block again.
    @Test func foldedWireCopyIsItsParagraphs() throws {
        let lines = ["جولة مباحثات", "",
                     "انطلقت في واشنطن جولة مباحثات أمنية بين الطرفين في إطار الشراكة الأمريكية-",
                     "العراقية التي تمتد لسنوات طويلة، بحضور وفود من وزارتي الدفاع والخارجية في",
                     "البلدين، وسط توقعات بأن تتناول المباحثات مستقبل وجود قوات التحالف في البلاد.", "",
                     "وقالت مصادر مطلعة إن الجولة الحالية ستركز على جدول زمني لانسحاب القوات من",
                     "القواعد العسكرية في غرب العراق وإقليم كردستان في الشمال خلال العامين المقبلين.", "",
                     "وأضافت المصادر أن الطرفين اتفقا على تشكيل لجان فنية لمتابعة تنفيذ ما يتم",
                     "الاتفاق عليه، على أن تعقد الجولة المقبلة في بغداد في وقت لاحق من هذا العام."]
        let parsed = try Fixtures.parse(Array(lines.joined(separator: "\n").utf8))
        #expect(parsed.article.paragraphs.count == 3)
        #expect(parsed.article.paragraphs.first?.hasPrefix("انطلقت في واشنطن") == true)
        #expect(parsed.article.paragraphs.first?.hasSuffix("قوات التحالف في البلاد.") == true)
        #expect(parsed.article.extraction?.joinedLines == 4)
    }

    /// A JSON article whose text body is folded is joined the same way.
    @Test func aFoldedJSONBodyIsJoined() throws {
        let text = String(decoding: try Fixtures.seed(2), as: UTF8.self)
        let body = Self.fold(text.split(separator: "\n", maxSplits: 1).last.map(String.init) ?? "", width: 72, bytes: false)
        let json: [String: Any] = ["title": "خبر", "text": body]
        let data = try JSONSerialization.data(withJSONObject: json)
        let parsed = try Fixtures.parse(Array(data), format: .json)
        let unfolded = try Fixtures.parse(Array(try JSONSerialization.data(withJSONObject: ["title": "خبر", "text": text.split(separator: "\n", maxSplits: 1).last.map(String.init) ?? ""])), format: .json)
        #expect((parsed.article.extraction?.joinedLines ?? 0) > 0)
        #expect(unfolded.article.extraction?.joinedLines == 0)
        #expect(parsed.article.paragraphs == unfolded.article.paragraphs)
    }

    /// A JSON article's title is a key of its own: the text's first line is a body line, joined to the next where
    /// the fold cut it.
    @Test func aFoldedJSONBodysFirstLineIsJoined() throws {
        let lines = [
            "الرياض - واس: أعلنت المحكمة العليا في المملكة العربية",
            "السعودية مساء اليوم ثبوت رؤية هلال شهر شوال لهذا العام،",
            "وعليه يكون أول أيام عيد الفطر المبارك غدا وذلك الأربعاء 1",
            "شوال 1445 هـ الموافق 10 أبريل 2024 حسب ما أعلنته المحكمة",
            "العليا في بيانها الرسمي الذي نشرته وكالة الأنباء السعودية",
            "مساء اليوم بعد اجتماع اللجان المختصة في عدد من المناطق.",
            "",
            "ودعت المحكمة المواطنين والمقيمين إلى أداء صلاة العيد في",
            "المصليات والجوامع التي حددتها وزارة الشؤون الإسلامية في",
            "مختلف مناطق المملكة، مع الالتزام بالتعليمات."]
        let json: [String: Any] = ["title": "المحكمة العليا: الأربعاء أول أيام عيد الفطر", "text": lines.joined(separator: "\n")]
        let parsed = try Fixtures.parse(Array(try JSONSerialization.data(withJSONObject: json)), format: .json)
        #expect(parsed.article.paragraphs.count == 2)
        #expect(parsed.article.paragraphs.first?.hasPrefix("الرياض - واس: أعلنت المحكمة العليا في المملكة العربية السعودية") == true)
        // A first line that repeats the title, or a date line, is a line of its own: the title's repeat is removed,
        // and neither runs into the lead.
        for first in ["المحكمة العليا: الأربعاء أول أيام عيد الفطر", "الثلاثاء 9 أبريل 2024"] {
            let json: [String: Any] = ["title": "المحكمة العليا: الأربعاء أول أيام عيد الفطر", "text": ([first] + lines).joined(separator: "\n")]
            let parsed = try Fixtures.parse(Array(try JSONSerialization.data(withJSONObject: json)), format: .json)
            #expect(parsed.article.paragraphs.first?.hasPrefix("الرياض - واس") == true, "\(first)")
        }
    }

    /// In HTML a line break in the source is a space, as a browser shows it; `<br>` still breaks a line and
    /// `<pre>` keeps its lines.
    @Test func sourceLineBreaksInAPageParagraphAreSpaces() throws {
        let sentence = "دعت مصر يوم الاثنين إلى قمة عربية طارئة لبحث الأوضاع\nفي غزة بعد انهيار وقف إطلاق النار بين الطرفين في وقت متأخر من مساء\nالأحد، وفق ما أعلنت الرئاسة."
        let second = "وقال المتحدث باسم الرئاسة إن القادة العرب سيجتمعون في القاهرة الأسبوع المقبل لبحث سبل وقف التصعيد."
        let third = "وأضاف أن الدعوة لقيت ترحيبا واسعا من الدول الأعضاء في الجامعة العربية."
        let page = "<html><head><title>مصر تدعو لقمة عربية</title></head><body><article><h1>مصر تدعو لقمة عربية</h1><p>\(sentence)</p><p>\(second)<br>\(third)</p><pre>سطر أول\nسطر ثان</pre></article></body></html>"
        let parsed = try Fixtures.parse(Array(page.utf8), format: .html)
        let flat = sentence.replacingOccurrences(of: "\n", with: " ")
        #expect(parsed.article.body.first?.text == flat)
        #expect(parsed.article.body.contains { $0.text == second })
        #expect(parsed.article.body.contains { $0.text == third })
        #expect(parsed.article.body.contains { $0.text == "سطر أول" })
        #expect(parsed.article.body.contains { $0.text == "سطر ثان" })
    }
}
