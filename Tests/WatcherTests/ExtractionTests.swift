import Testing
import Watcher

/// `article.extraction`: how the body was found and a warning whenever it may be incomplete.
@Suite struct ExtractionTests {
    @Test func completeArticleHasNoWarnings() throws {
        let file = "عنوان الخبر\n\nنشر في: 15 أكتوبر 2023\n\nأعلنت الحكومة اليوم عن خطة جديدة لمعالجة أزمة الكهرباء في البلاد.\n"
        let parsed = try Fixtures.parse(Array(file.utf8))
        let extraction = try #require(parsed.article.extraction)
        #expect(extraction.method == .lines)
        #expect(extraction.warnings == [])
        #expect(extraction.charsKept > 0 && extraction.charsKept <= extraction.charsIn)
    }

    @Test func titleOnlyFileWarnsBodyEmptyAndNoDate() throws {
        let parsed = try Fixtures.parse(Array("عنوان وحيد بلا نص\n".utf8))
        #expect(parsed.article.extraction?.warnings == [.bodyEmpty, .noDate])
    }

    @Test func footerMarkerCuttingTheBodyWarns() throws {
        let prose = "وقال الوزير إن الخطة تشمل إنشاء محطات جديدة في ثلاث محافظات خلال العام المقبل."
        let file = "عنوان الخبر\n\nأعلنت الحكومة اليوم عن خطة جديدة لمعالجة أزمة الكهرباء في البلاد.\n\nالتعليقات\n\n"
            + Array(repeating: prose, count: 3).joined(separator: "\n")
        let parsed = try Fixtures.parse(Array(file.utf8))
        #expect(parsed.article.extraction?.warnings.contains(.tailCut) == true)
        #expect(parsed.article.extraction?.cutProse == 3 * Extraction.visibleScalars(prose))
    }

    /// A short cut (one sentence after «الأكثر قراءة» under a long body) is no warning, but the record still says how
    /// much prose went, so no cut is silent.
    @Test func aShortCutIsCountedInTheRecord() throws {
        let prose = "وقال الوزير إن الخطة تشمل إنشاء محطات جديدة في ثلاث محافظات خلال العام المقبل."
        let body = ["الأولى", "الثانية", "الثالثة", "الرابعة"].map {
            "أعلنت الحكومة اليوم عن المرحلة \($0) من خطة جديدة لمعالجة أزمة الكهرباء في البلاد بعد أسابيع من الانقطاعات."
        }
        let file = "عنوان الخبر\n\nنشر في: 15 أكتوبر 2023\n\n" + body.joined(separator: "\n\n") + "\n\nالأكثر قراءة\n\n" + prose + "\n"
        let dropped = DroppedFile(path: "/drop/a.txt", relativePath: "a.txt", bytes: Array(file.utf8))
        let json = try Fixtures.json(Pipeline().process(dropped).line)
        let extraction = try #require((json["article"] as? [String: Any])?["extraction"] as? [String: Any])
        #expect(extraction["prose_cut"] as? Int == Extraction.visibleScalars(prose))
        #expect(extraction["warnings"] as? [String] == [])
        // A most-read list's headlines («…؟», «…»») and a teaser repeating the story's own lead are not prose lost.
        let list = ["هل تنجح الحكومة في حل أزمة الكهرباء قبل حلول فصل الصيف المقبل؟",
                    "وزير الخارجية: «لن نقبل بأي تسوية على حساب حقوق الشعب الفلسطيني»", body[0]]
        let listed = try Fixtures.json(Pipeline().process(DroppedFile(path: "/drop/c.txt", relativePath: "c.txt",
            bytes: Array(("عنوان الخبر\n\nنشر في: 15 أكتوبر 2023\n\n" + body.joined(separator: "\n\n") + "\n\nالأكثر قراءة\n" + list.joined(separator: "\n")).utf8))).line)
        #expect(((listed["article"] as? [String: Any])?["extraction"] as? [String: Any])?["prose_cut"] == nil)
        // Nothing cut, no field.
        let whole = try Fixtures.json(Pipeline().process(DroppedFile(path: "/drop/b.txt", relativePath: "b.txt",
            bytes: Array(("عنوان الخبر\n\nنشر في: 15 أكتوبر 2023\n\n" + body.joined(separator: "\n\n")).utf8))).line)
        #expect(((whole["article"] as? [String: Any])?["extraction"] as? [String: Any])?["prose_cut"] == nil)
    }

    @Test func htmlPageWhoseBodyIsMissedWarns() throws {
        // The story is in a list of links only: nothing is prose, almost nothing is kept.
        let links = (0..<40).map { "<li><a href='/n\($0)'>خبر رقم \($0) عن موضوع آخر تماما في مكان بعيد</a></li>" }.joined()
        let html = "<html><head><title>صفحة</title></head><body><ul>\(links)</ul><div>نص</div></body></html>"
        let parsed = try Fixtures.parse(Array(html.utf8), format: .html)
        let warnings = try #require(parsed.article.extraction?.warnings)
        #expect(warnings.contains(.bodyEmpty) || warnings.contains(.bodySmallShare))
        #expect(parsed.article.extraction?.method == .html)
    }

    /// Every fixture and seed: an empty body always carries `body_empty`.
    @Test func emptyBodyNeverGoesWithoutAWarning() throws {
        var inputs: [(bytes: [UInt8], format: ArticleFormat)] = []
        for n in 0..<Fixtures.seedNames.count { inputs.append((try Fixtures.seed(n), .plainText)) }
        for name in ["jsonld-article.html", "og-only-article.html"] { inputs.append((try Fixtures.bytes("Tests/Fixtures/parse/" + name), .html)) }
        inputs.append((try Fixtures.bytes("Tests/Fixtures/parse/scraper-article.json"), .json))
        inputs += [(Array("<html><body><nav>قائمة</nav></body></html>".utf8), .html), (Array("{\"title\": \"ع\"}".utf8), .json),
                   (Array("الرئيسية\n".utf8), .plainText)]
        for input in inputs {
            let parsed = try Fixtures.parse(input.bytes, format: input.format)
            let extraction = try #require(parsed.article.extraction)
            if parsed.article.body.isEmpty { #expect(extraction.warnings.contains(.bodyEmpty)) }
            else { #expect(!extraction.warnings.contains(.bodyEmpty)) }
        }
    }

    @Test func recordCarriesExtraction() throws {
        let dropped = DroppedFile(path: "/drop/a.txt", relativePath: "a.txt", bytes: Array("عنوان فقط\n".utf8))
        let json = try Fixtures.json(Pipeline().process(dropped).line)
        let extraction = (json["article"] as? [String: Any])?["extraction"] as? [String: Any]
        #expect(extraction?["method"] as? String == "lines")
        #expect(extraction?["warnings"] as? [String] == ["body_empty", "no_date"])
    }

    @Test func warningsAreCountedInMetrics() {
        let stats = PipelineStats()
        stats.countExtractionWarnings([.bodyEmpty, .noDate])
        stats.countExtractionWarnings([.noDate])
        let text = MetricsSnapshot(stats: stats, queueDepth: 0, inFlight: 0, recorded: 0, startedAt: .now()).render()
        #expect(text.contains("watcherd_extraction_warnings_total{warning=\"no_date\"} 2"))
        #expect(text.contains("watcherd_extraction_warnings_total{warning=\"body_empty\"} 1"))
    }

    @Test func entitiesAreCountedInMetricsBySourceAndKnown() {
        let stats = PipelineStats()
        let entity = { (source: EntitySource, known: Bool) in
            Entity(id: known ? "iraq" : "new:x", type: .location, subtype: "", name: "x", nameEn: "", known: known, source: source)
        }
        stats.countEntities([entity(.gazetteer, true), entity(.tagger, false), entity(.tagger, false)])
        stats.countEntities([entity(.trigger, false)])
        let text = MetricsSnapshot(stats: stats, queueDepth: 0, inFlight: 0, recorded: 0, startedAt: .now()).render()
        #expect(text.contains("watcherd_entities_total{source=\"gazetteer\",known=\"true\"} 1"))
        #expect(text.contains("watcherd_entities_total{source=\"tagger\",known=\"false\"} 2"))
        #expect(text.contains("watcherd_entities_total{source=\"trigger\",known=\"false\"} 1"))
    }
}

/// The word-at-a-time count of scalars and visible scalars equals the plain definition, across its 8-byte word
/// boundaries and on every kind of byte (Arabic letters, ASCII, spaces, tabs, line ends, emoji, and bytes one off the
/// space bytes, which a loose zero-byte test would count).
@Suite struct ScalarCountTests {
    @Test func vectorCountsEqualThePlainDefinition() {
        let pieces = ["ا", "ب", "ة", " ", "\n", "\t", "\r", "a", "7", "😀", "ـ", "\u{064B}", "“", "!", "\u{1F}", "\u{0B}", "\u{0C}", "\u{08}", "\u{0E}"]
        var random = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 255, 1_000, 4_079, 4_080, 4_081, 8_200, 20_000] {
            var text = ""
            while text.utf8.count < length { text += pieces.randomElement(using: &random)! }
            let scalars = text.unicodeScalars.count
            let visible = text.unicodeScalars.filter { !($0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r") }.count
            let counted = Extraction.counts(text)
            #expect(counted.scalars == scalars && counted.visible == visible, "length \(length)")
        }
    }

    /// The parser takes the kept characters from the counts its layout makes anyway; counting them again from the
    /// article's blocks, as `assess` did before, gives the same figures and warnings, for text, HTML and JSON files
    /// and for articles with no title, no subtitle or no body.
    @Test func keptCharactersFromTheLayoutEqualACountOfTheBlocks() throws {
        var inputs: [([UInt8], ArticleFormat)] = try (0..<5).map { (try Fixtures.seed($0), .plainText) }
        for page in ["bbc-arabic.html", "cnn-arabic.html", "alyaum.html", "elbalad.html", "albayan.html"] {
            inputs.append((try Fixtures.bytes("Tests/Fixtures/pages/" + page), .html))
        }
        inputs.append((try Fixtures.bytes("Tests/Fixtures/parse/scraper-article.json"), .json))
        for text in ["عنوان فقط\n", "\n\n\u{200F}نص\u{00A0}بلا عنوان واضح\n\nفقرة ثانية\tمع\u{2009}مسافات", ""] {
            inputs.append((Array(text.utf8), .plainText))
        }
        for (bytes, format) in inputs {
            let parsed = try Fixtures.parse(bytes, format: format)
            guard let extraction = parsed.article.extraction else { continue }
            var recounted = extraction
            recounted.assess(parsed.article)
            #expect(recounted == extraction)
        }
    }

    /// The line scans' count of a text's visible scalars (what a plain-text article's `chars_in` now comes from) is
    /// `Extraction.visibleScalars` of the whole text, on seeded random text: letters that fold or not, marks, digits,
    /// every kind of space and line break, invisible scalars, blank and whitespace-only lines, scalars of 1 to 4 bytes.
    @Test func lineScansCountTheVisibleScalarsOfTheWholeText() {
        let pieces = ["ب", "ع", "أ", "ى", "a", "Z", "5", "٣", "\u{064E}", "\u{0640}", " ", " ", "\n", "\n", "\t", "\r",
                      "\u{00A0}", "\u{2009}", "\u{200F}", "\u{200D}", "\u{FEFF}", "،", ".", "\"", "\u{1F600}", "\u{2028}"]
        var random = SplitMix(seed: 0x5649_5349)
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int(random.next() % 120) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            var counted = -1
            _ = TextBlock.lines(of: text, visibleScalars: &counted)
            #expect(counted == Extraction.visibleScalars(text), "\(Array(text.unicodeScalars.map(\.value)))")
        }
    }
}
