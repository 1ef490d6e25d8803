import Foundation
import SystemPackage
import Testing
import Watcher

@Suite struct ReportTests {
    /// 2024-07-24T00:00:00Z.
    static let day = ReportPeriod.parseTime("2024-07-24")!
    static let period = ReportPeriod(since: day, until: Timestamp(milliseconds: day.milliseconds + 24 * 3_600_000))

    static func at(_ hour: Int, _ minute: Int = 0) -> String {
        Timestamp(milliseconds: day.milliseconds + Int64(hour * 3_600_000 + minute * 60_000)).description
    }

    static func alert(_ n: Int, hour: Int, severity: String = "high", rule: String = "rule-a", story: String = "story:0000000000000001",
                      title: String? = "عنوان الخبر", snippet: String = "هددت الفصائل القوات الأميركية.",
                      matched: ReportAlert.Matched = .init(), repeatOf: String? = nil) -> ReportAlert {
        ReportAlert(id: String(format: "alert:%020d", n), at: at(hour), rule: rule, severity: severity, article: "sha256:" + String(repeating: "a", count: 63) + String(n % 10),
                    file: "f\(n).txt", title: title, source: "الجزيرة", published: "2024-07-24", matched: matched, snippet: snippet,
                    story: story, repeatOf: repeatOf)
    }

    static func article(_ id: String, hour: Int, story: String, status: String = "ok", entities: [ReportArticle.EntityInfo] = []) -> ReportArticle {
        ReportArticle(id: id, file: .init(name: "\(id).txt"), ingestedAt: at(hour), status: status, article: .init(title: "t", source: "s"),
                      entities: entities, alerts: [], story: story)
    }

    func build(_ alerts: [ReportAlert], _ articles: [ReportArticle] = []) -> Report {
        ReportBuilder(period: Self.period, generatedAt: Self.period.until).build(alerts: alerts, articles: articles)
    }

    // MARK: figures

    @Test func figuresCountThePeriodOnly() {
        let alerts = [
            Self.alert(1, hour: 2, severity: "high"),
            Self.alert(2, hour: 3, severity: "critical", story: "story:0000000000000002"),
            Self.alert(3, hour: 5, severity: "high", repeatOf: "alert:00000000000000000001"),
            Self.alert(4, hour: -3, severity: "low"),          // the day before
            Self.alert(5, hour: 25, severity: "low"),          // after the period
        ]
        let articles = [
            Self.article("old", hour: -30, story: "story:0000000000000001"),  // story 1 began before the period
            Self.article("a1", hour: 2, story: "story:0000000000000001"),
            Self.article("a2", hour: 3, story: "story:0000000000000002"),
            Self.article("a3", hour: 4, story: "story:0000000000000003"),
            Self.article("e1", hour: 4, story: "story:0000000000000004", status: "error"),
            Self.article("late", hour: 26, story: "story:0000000000000005"),
        ]
        let report = build(alerts, articles)
        #expect(report.figures.articles == 4)
        #expect(report.figures.errorRecords == 1)
        #expect(report.figures.alerts == 3)
        #expect(report.figures.alertsBySeverity == [.high: 2, .critical: 1])
        #expect(report.figures.repeats == 1)
        #expect(report.figures.newStories == 3)   // stories 2, 3 and 4; story 1 is older, story 5 is after
        #expect(report.figures.alertedStories == 2)
        #expect(report.timeline.count == 24)
        #expect(report.timeline[2] == [.high: 1])
        #expect(report.timeline[3] == [.critical: 1])
        #expect(report.timeline[5] == [.high: 1])
        #expect(report.timeline.enumerated().allSatisfy { [2, 3, 5].contains($0.offset) || $0.element.isEmpty })
    }

    // MARK: grouping

    @Test func alertsAreGroupedByStoryMostSevereFirst() {
        let alerts = [
            Self.alert(1, hour: 1, severity: "medium", story: "story:0000000000000001", title: "أول"),
            Self.alert(2, hour: 2, severity: "critical", story: "story:0000000000000002", title: "ثان"),
            Self.alert(3, hour: 3, severity: "high", rule: "rule-b", story: "story:0000000000000001", title: "أول محدث"),
        ]
        let report = build(alerts)
        #expect(report.stories.map(\.story) == ["story:0000000000000002", "story:0000000000000001"])
        let first = report.stories[1]
        #expect(first.highest == .high)
        #expect(first.alerts.map(\.id) == [alerts[0].id, alerts[2].id])
        #expect(first.title == "أول محدث")
        #expect(first.sources == ["الجزيرة"])
        #expect(first.alerts[1].file == "f3.txt")
        #expect(first.alerts[1].article == alerts[2].article)
    }

    // MARK: highlighting

    @Test func matchedWordsAreFoundByTheirOffsets() {
        // The text: "الفصائل هددت. ثم هددت الفصائل القوات الأميركية." — the snippet is the second sentence only, and
        // «هددت» and «الفصائل» occur in it once each, but «الفصائل» also starts the text.
        let snippet = "ثم هددت الفصائل القوات الأميركية."
        let hits = [
            SnippetHighlighter.Hit(text: "هددت", start: 17, end: 21, kind: .keyword),
            SnippetHighlighter.Hit(text: "الفصائل", start: 22, end: 29, kind: .actor),
            SnippetHighlighter.Hit(text: "الأميركية", start: 37, end: 46, kind: .actor),
        ]
        let segments = SnippetHighlighter.segments(snippet, hits: hits)
        #expect(segments == [
            .init("ثم "), .init("هددت", .keyword), .init(" "), .init("الفصائل", .actor), .init(" القوات "),
            .init("الأميركية", .actor), .init("."),
        ])
    }

    @Test func theOffsetChoosesBetweenTwoOccurrences() {
        // «القوات» twice; the hit is the second one (six scalars after «هددت»).
        let snippet = "القوات هددت القوات."
        let hits = [
            SnippetHighlighter.Hit(text: "هددت", start: 107, end: 111, kind: .keyword),
            SnippetHighlighter.Hit(text: "القوات", start: 112, end: 118, kind: .actor),
        ]
        let segments = SnippetHighlighter.segments(snippet, hits: hits)
        #expect(segments == [.init("القوات "), .init("هددت", .keyword), .init(" "), .init("القوات", .actor), .init(".")])
    }

    @Test func hitsInALaterSentenceAreFoundAfterTheGap() {
        // Two sentences far apart in the text, joined by one space in the snippet.
        let snippet = "هدد الحزب. وقالت الوزارة إن الحزب هدد."
        let hits = [
            SnippetHighlighter.Hit(text: "هدد", start: 10, end: 13, kind: .keyword),
            SnippetHighlighter.Hit(text: "هدد", start: 534, end: 537, kind: .keyword),
        ]
        let segments = SnippetHighlighter.segments(snippet, hits: hits)
        #expect(segments == [.init("هدد", .keyword), .init(" الحزب. وقالت الوزارة إن الحزب "), .init("هدد", .keyword), .init(".")])
    }

    @Test func aHitCutOffTheSnippetIsLeftOut() {
        let segments = SnippetHighlighter.segments("نص قصير…", hits: [.init(text: "غائب", start: 400, end: 404, kind: .actor)])
        #expect(segments == [.init("نص قصير…")])
    }

    // MARK: escaping

    @Test func textFromArticlesIsEscapedInHTML() {
        let hostile = "<script>alert('x')</script> & \"quoted\" <img src=x onerror=1>"
        var alert = Self.alert(1, hour: 1, title: hostile, snippet: "قال <b>المتحدث</b> & هدد \u{1B}[31m")
        alert.source = "</bdi><script>"
        alert.file = "a<b>.txt"
        alert.matched = .init(keywords: [.init(keyword: "هدد", text: "هدد", start: 30, end: 33)])
        let articles = [Self.article("x", hour: 1, story: "story:0000000000000001",
                                     entities: [.init(id: "new:<i>", name: "<i>اسم</i>", known: false, count: 2)])]
        let html = HTMLReportRenderer.render(build([alert], articles))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>المتحدث"))
        #expect(!html.contains("<i>"))
        #expect(!html.contains("\u{1B}"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
        #expect(html.contains("&lt;b&gt;المتحدث&lt;/b&gt; &amp; <mark class=\"k\">هدد</mark>"))
        #expect(html.contains("a&lt;b&gt;.txt"))
        let markdown = MarkdownReportRenderer.render(build([alert], articles))
        #expect(markdown.contains("\\<script\\>"))
        #expect(!markdown.contains("\u{1B}"))
    }

    @Test func arabicTextIsRightToLeft() {
        #expect(HTMLText.direction("هددت الفصائل القوات") == "rtl")
        #expect(HTMLText.direction("Reuters, 2024-07-24") == "ltr")
        #expect(HTMLText.direction("بيان Reuters اليوم") == "rtl")
        let html = HTMLReportRenderer.render(build([Self.alert(1, hour: 1)]))
        #expect(html.contains("<h3 dir=\"rtl\">عنوان الخبر</h3>"))
        #expect(html.contains("<p class=\"snippet\" dir=\"rtl\">"))
    }

    @Test func thePageIsSelfContained() {
        let html = HTMLReportRenderer.render(build([Self.alert(1, hour: 1)]))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        for forbidden in ["<script", "<link", "@import", "url(", "http://", "https://", "@font-face", "src=\""] {
            // The SVG namespace is an identifier, not a fetch.
            let text = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!text.contains(forbidden), "the report contains \(forbidden)")
        }
    }

    // MARK: layout at the extremes

    @Test func aPeriodWithoutAlertsStillRenders() {
        let report = build([], [Self.article("a", hour: 3, story: "story:0000000000000009")])
        #expect(report.figures.alerts == 0)
        #expect(report.stories.isEmpty)
        #expect(report.network.nodes.isEmpty)
        let html = HTMLReportRenderer.render(report)
        #expect(html.contains("No alerts in this period."))
        #expect(html.contains("No alerted articles in this period."))
        #expect(html.contains("<svg"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(MarkdownReportRenderer.render(report).contains("No alerts in this period."))
    }

    @Test func tenThousandAlertsStayUnderFiveMegabytes() {
        let actors = ["iran", "united-states", "kataib-hezbollah", "iraq", "pmf", "isis"]
        var alerts: [ReportAlert] = []
        var articles: [ReportArticle] = []
        for n in 0..<10_000 {
            let story = String(format: "story:%016x", n / 4)
            let snippet = "وكانت كتائب حزب الله الموالية لإيران جددت قبل أيام عدة تهديداتها باستهداف قواعد للقوات الأميركية في العراق، "
                + "وقالت في بيان إنها ستواصل عملياتها حتى انسحاب القوات الأجنبية من البلاد رقم \(n)."
            let matched = ReportAlert.Matched(
                actors: [.init(id: actors[n % 6], name: "كتائب حزب الله", mentions: [.init(text: "كتائب حزب الله", start: 6, end: 20)])],
                keywords: [.init(keyword: "تهديداتها", text: "تهديداتها", start: 51, end: 60)])
            var alert = Self.alert(n, hour: n % 24, severity: ["info", "low", "medium", "high", "critical"][n % 5],
                                   rule: "rule-\(n % 9)", story: story, snippet: snippet, matched: matched,
                                   repeatOf: n % 4 == 3 ? String(format: "alert:%020d", n - 1) : nil)
            alert.article = String(format: "sha256:%064x", n / 2)
            alerts.append(alert)
            if n % 2 == 0 {
                articles.append(ReportArticle(id: alert.article, file: .init(name: "f\(n).txt"), ingestedAt: alert.at, status: "ok",
                                              entities: [.init(id: actors[n % 6], name: "اسم \(n % 6)", known: true, count: 3),
                                                         .init(id: actors[(n + 1) % 6], name: "اسم \((n + 1) % 6)", known: true, count: 1),
                                                         .init(id: "new:\(n % 300)", name: "اسم جديد \(n % 300)", known: false, count: 1)],
                                              story: story))
            }
        }
        let report = build(alerts, articles)
        #expect(report.figures.alerts == 10_000)
        #expect(report.stories.reduce(0) { $0 + $1.alerts.count } == 10_000)
        #expect(report.snippetsOmitted == 10_000 - 400)
        let html = HTMLReportRenderer.render(report)
        #expect(html.utf8.count <= 5_000_000, "the report is \(html.utf8.count) bytes")
        // Every alert's record is listed.
        #expect(html.components(separatedBy: "<p class=\"rec\">").count - 1 == 10_000)
        #expect(MarkdownReportRenderer.render(report).utf8.count <= 5_000_000)
    }

    // MARK: actors, names, network

    @Test func actorsNamesAndNetwork() {
        let e = { (id: String, known: Bool, count: Int) in ReportArticle.EntityInfo(id: id, name: id.uppercased(), known: known, count: count) }
        let articles = [
            Self.article("old", hour: -5, story: "story:0000000000000001", entities: [e("new:a", false, 1)]),
            Self.article("a1", hour: 1, story: "story:0000000000000001", entities: [e("iran", true, 3), e("iraq", true, 1), e("new:a", false, 2)]),
            Self.article("a2", hour: 2, story: "story:0000000000000002", entities: [e("iran", true, 1), e("usa", true, 2), e("new:b", false, 1)]),
            Self.article("a3", hour: 3, story: "story:0000000000000003", entities: [e("iraq", true, 5)]),
        ]
        var alert1 = Self.alert(1, hour: 1)
        alert1.article = "a1"
        var alert2 = Self.alert(2, hour: 2)
        alert2.article = "a2"
        let report = build([alert1, alert2], articles)
        #expect(report.topActors.map(\.id) == ["iraq", "iran", "usa"])
        #expect(report.topActors.map(\.mentions) == [6, 4, 2])
        #expect(report.topActors.map(\.articles) == [2, 2, 1])
        #expect(report.newNames.map(\.id) == ["new:a", "new:b"])
        #expect(report.newNames[0].isNew == false)
        #expect(report.newNames[0].firstFile == "old.txt")
        #expect(report.newNames[1].isNew == true)
        #expect(report.newNames[1].firstSeen == ReportPeriod.parseTime(Self.at(2)))
        // Network: a1 {iran, iraq, new:a}, a2 {iran, usa, new:b}; iran is in both.
        #expect(report.network.nodes.first?.id == "iran")
        #expect(report.network.nodes.count == 5)
        #expect(report.network.edges.count == 6)
        let iran = 0
        #expect(report.network.edges.filter { $0.from == iran || $0.to == iran }.count == 4)
        #expect(HTMLReportRenderer.render(report).contains("<circle"))
    }

    // MARK: logs and times

    @Test func rotatedAndCompressedLogsAreRead() throws {
        let dir = try TemporaryDirectory()
        let line = { (n: Int, hour: Int) -> String in
            #"{"id":"a\#(n)","file":{"name":"f\#(n).txt","path":"/x"},"ingested_at":"\#(Self.at(hour))","status":"ok","story":"story:000000000000000\#(n)"}"#
        }
        try dir.write("articles.jsonl", line(1, 5) + "\n" + line(2, 6) + "\n{\"torn")
        try dir.write("articles.jsonl.1", line(3, 4) + "\nnot json\n")
        try dir.write("articles.jsonl.2", line(4, 3) + "\n")
        try dir.write("alerts.jsonl", "")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = [dir.file("articles.jsonl.2").path]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: dir.file("articles.jsonl.2.gz").path))
        let files = ReportLogFiles(path: dir.file("articles.jsonl").path)
        #expect(files.members.map { $0.path.lastComponent?.string } == ["articles.jsonl.2.gz", "articles.jsonl.1", "articles.jsonl"])
        let report = try ReportBuilder(period: Self.period, generatedAt: Self.period.until)
            .build(articlesLog: dir.file("articles.jsonl").path, alertsLog: dir.file("alerts.jsonl").path)
        #expect(report.figures.articles == 4)
        #expect(report.unreadableLines == 1)  // "not json"; the torn last line is not a line yet
    }

    @Test func matchedWordsReadFromTheLogHighlightAndStandInForAMissingArticle() throws {
        let dir = try TemporaryDirectory()
        let line = #"{"id":"alert:00000000000000000001","at":"\#(Self.at(3))","rule":"r","severity":"high","description":"d","#
            + #""article":"sha256:\#(String(repeating: "b", count: 64))","file":"x.txt","title":"ت","source":null,"published":null,"#
            + #""matched":{"actors":[{"id":"iran","name":"إيران","mentions":[{"text":"إيران","start":10,"end":15}]},"#
            + #"{"id":"iraq","name":"العراق","mentions":[{"text":"العراق","start":19,"end":25}]}],"#
            + #""keywords":[{"keyword":"هدد","text":"هددت","start":4,"end":8}]},"#
            + #""snippet":"قد هددت إيران في العراق.","story":"story:0000000000000001","repeat_of":null}"#
        try dir.write("alerts.jsonl", line + "\n")
        try dir.write("articles.jsonl", "")
        let report = try ReportBuilder(period: Self.period, generatedAt: Self.period.until)
            .build(articlesLog: dir.file("articles.jsonl").path, alertsLog: dir.file("alerts.jsonl").path)
        #expect(report.figures.alerts == 1)
        #expect(report.missingArticles == 1)
        #expect(report.network.nodes.map(\.id).sorted() == ["iran", "iraq"])
        #expect(report.network.edges.count == 1)
        #expect(report.stories.first?.alerts.first?.snippet == [
            .init("قد "), .init("هددت", .keyword), .init(" "), .init("إيران", .actor), .init(" في "), .init("العراق", .actor), .init("."),
        ])
    }

    /// A report over a log that is not there fails and says which and what to check, instead of a calm «no alerts»;
    /// a log that is a link to a file is read.
    @Test func aMissingLogFailsTheReportAndALinkedOneIsRead() throws {
        let dir = try TemporaryDirectory()
        try dir.write("alerts.jsonl", "")
        let builder = ReportBuilder(period: Self.period, generatedAt: Self.period.until)
        #expect(throws: ReportError.self) {
            try builder.build(articlesLog: dir.file("articles.jsonl").path, alertsLog: dir.file("alerts.jsonl").path)
        }
        do {
            _ = try builder.build(articlesLog: dir.file("articles.jsonl").path, alertsLog: dir.file("alerts.jsonl").path)
        } catch {
            #expect(error.description.contains("articles.jsonl") && error.description.contains("output.articles"), "\(error)")
        }
        let line = #"{"id":"a1","file":{"name":"f1.txt","path":"/x"},"ingested_at":"\#(Self.at(5))","status":"ok","story":"story:0000000000000001"}"#
        try dir.write("real/articles.jsonl", line + "\n")
        try FileManager.default.createSymbolicLink(atPath: dir.file("articles.jsonl").path, withDestinationPath: dir.file("real/articles.jsonl").path)
        let report = try builder.build(articlesLog: dir.file("articles.jsonl").path, alertsLog: dir.file("alerts.jsonl").path)
        #expect(report.figures.articles == 1)
    }

    /// A damaged copy of the article log from before the period (history only) no longer stops every report: its
    /// lines before the damage count, and the page says what could not be read. Damage in the period still fails.
    @Test func aDamagedOldCopyIsNotedNotFatal() throws {
        let dir = try TemporaryDirectory()
        let line = { (n: Int, hour: Int) -> String in
            #"{"id":"a\#(n)","file":{"name":"f\#(n).txt","path":"/x"},"ingested_at":"\#(Self.at(hour))","status":"ok","story":"story:000000000000000\#(n)"}"#
        }
        try dir.write("articles.jsonl", line(1, 5) + "\n")
        try dir.write("alerts.jsonl", "")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x03, 0xDE, 0xAD, 0xBE, 0xEF]).write(to: dir.file("articles.jsonl.2.gz"))
        // Last written long before the period: history only.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: dir.file("articles.jsonl.2.gz").path)
        let builder = ReportBuilder(period: Self.period, generatedAt: Self.period.until)
        let report = try builder.build(articlesLog: dir.file("articles.jsonl").path, alertsLog: dir.file("alerts.jsonl").path)
        #expect(report.figures.articles == 1)
        #expect(report.damagedHistory.count == 1 && report.damagedHistory[0].contains("articles.jsonl.2.gz"), "\(report.damagedHistory)")
        #expect(MarkdownReportRenderer.render(report).contains("was not read to its end"))
        #expect(MarkdownReportRenderer.render(report).contains("Read: "))
        // The same damage in a copy written during the period fails the report.
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: dir.file("articles.jsonl.2.gz").path)
        let inPeriod = ReportBuilder(period: ReportPeriod(since: Timestamp(milliseconds: 0), until: Timestamp.now()), generatedAt: Timestamp.now())
        #expect(throws: ReportError.self) {
            try inPeriod.build(articlesLog: dir.file("articles.jsonl").path, alertsLog: dir.file("alerts.jsonl").path)
        }
    }

    /// Lines are decoded in parallel chunks; any number of lines comes back whole and in order.
    @Test func everyLineIsReadWhateverItsCount() throws {
        // Counts around the decoding batch too: lines are decoded a batch at a time and let go.
        for count in [0, 1, 2, 7, 19, 33, 100, ReportBuilder.decodeBatch, ReportBuilder.decodeBatch + 1] {
            let dir = try TemporaryDirectory()
            var text = ""
            for n in 0..<count {
                text += #"{"id":"a\#(n)","file":{"name":"f\#(n).txt","path":"/x"},"ingested_at":"\#(Self.at(n % 24))","status":"ok","story":"story:\#(String(format: "%016x", n))"}"#
                text += "\n"
            }
            try dir.write("articles.jsonl", text)
            try dir.write("alerts.jsonl", "")
            let report = try ReportBuilder(period: Self.period, generatedAt: Self.period.until)
                .build(articlesLog: dir.file("articles.jsonl").path, alertsLog: dir.file("alerts.jsonl").path)
            #expect(report.figures.articles == count)
            #expect(report.figures.newStories == count)
            #expect(report.unreadableLines == 0)
        }
    }

    @Test func timesAndAges() {
        let now = ReportPeriod.parseTime("2024-07-24T10:00:00Z")!
        // No such day, and ages only in decimal digits.
        #expect(ReportPeriod.parseTime("2024-02-31") == nil && ReportPeriod.parseTime("2023-02-29") == nil)
        #expect(ReportPeriod.parseTime("2024-02-29") != nil)
        for age in ["0x10d", "1e3h", "nanh", "1.2.3m", "-1h"] { #expect(ReportPeriod.parseWhen(age, now: now) == nil, "\(age)") }
        #expect(ReportPeriod.parseWhen("1.5h", now: now)?.milliseconds == now.milliseconds - 5_400_000)
        #expect(ReportPeriod.parseTime("2024-07-24T10:15:02.123Z")!.milliseconds == now.milliseconds + 902_123)
        #expect(ReportPeriod.parseTime("2024-07-24T13:00:00+03:00") == now)
        #expect(ReportPeriod.parseTime("2024-07-24T10:00:00.5Z")!.milliseconds == now.milliseconds + 500)
        #expect(ReportPeriod.parseTime("2024-07-24T10:00:00.123456Z")!.milliseconds == now.milliseconds + 123)
        #expect(ReportPeriod.parseTime("1970-01-01")!.milliseconds == 0)
        #expect(ReportPeriod.parseWhen("24h", now: now)!.milliseconds == now.milliseconds - 86_400_000)
        #expect(ReportPeriod.parseWhen("7d", now: now)!.milliseconds == now.milliseconds - 7 * 86_400_000)
        for bad in ["", "yesterday", "2024-13-01", "2024-07-24T10:00", "2024-07-24T10:00:00", "h", "-1h"] {
            #expect(ReportPeriod.parseWhen(bad, now: now) == nil, "\(bad)")
        }
        #expect(ReportPeriod(since: now, until: Timestamp(milliseconds: now.milliseconds + 1)).hours == 1)
    }
}
