import Testing
import Watcher

/// `watcherd process --explain`: every block with its score and the reason it was kept or removed.
@Suite struct ExplainTests {
    @Test func htmlTraceNamesWhatWasRemovedAndWhy() throws {
        let p = "أعلنت وزارة الخارجية، مساء الأحد، أن الوزير سيتوجه إلى بغداد في زيارة رسمية تستمر يومين."
        let html = "<html><body><nav>الرئيسية سياسة</nav><div class='share-bar'><a href='#'>فيسبوك</a></div>"
            + "<div class='entry-content no-share'><p>\(p)</p><p>\(p) ثانية.</p><p>تابعوا أخبار الموقع عبر غوغل نيوز</p></div></body></html>"
        let (parsed, trace) = try ArticleParser().explain(html, format: .html)
        let removed = trace.entries.filter { $0.verdict == "removed" }
        #expect(removed.contains { $0.element == "nav" && $0.reason.contains("<nav>") })
        #expect(removed.contains { $0.element.hasPrefix("div.share-bar") && $0.reason.contains("share") })
        #expect(removed.contains { $0.reason == "follow-us line" })
        #expect(trace.entries.contains { $0.verdict == "chosen" && $0.element.hasPrefix("div.entry-content") && ($0.score ?? 0) > 0 })
        let kept = trace.entries.filter { $0.verdict == "kept" }
        #expect(kept.count == parsed.article.body.count)
        #expect(kept.allSatisfy { $0.score != nil })
        #expect(trace.rendered.contains("share"))
    }

    @Test func plainTextTraceListsRemovedLinesAndKeptBlocks() throws {
        let text = "عنوان الخبر\n\nشارك\n\nأعلنت الحكومة اليوم عن خطة جديدة لمعالجة أزمة الكهرباء في البلاد.\n"
        let (parsed, trace) = try ArticleParser().explain(text, format: .plainText)
        #expect(trace.entries.contains { $0.verdict == "removed" && $0.reason == "chrome line" && $0.text == "شارك" })
        #expect(trace.entries.filter { $0.verdict == "kept" }.count == parsed.blocks.count)
    }
}
