import Foundation
import Testing
import Watcher

/// Keyword matching, rule logic and rule validation, on small texts of our own.
@Suite struct AlertRuleTests {
    static let gazetteer = try! EntityRecognizer.load(extraFiles: []).gazetteer
    static let recognizer = try! EntityRecognizer.load(extraFiles: [])

    func rules(_ yaml: String, file: String = "rules.yaml") throws -> RuleSet {
        var loader = RuleLoader(gazetteer: Self.gazetteer)
        try loader.add(yaml, file: file)
        return loader.build()
    }

    func fired(_ yaml: String, _ text: String, title: String? = nil) throws -> [String] {
        let set = try rules(yaml)
        var analysis = ArticleAnalysis(text: text, title: title)
        analysis.entities = Self.recognizer.recognize(analysis.normalized, tokens: analysis.tokens)
        return set.evaluate(analysis).map(\.rule.id)
    }

    static let withdrawal = """
        - id: w
          severity: medium
          when:
            keywords: [انسحاب القوات]
        """

    @Test func keywordsMatchUnderProclitics() throws {
        for text in ["وانسحاب القوات بدأ", "طالب بانسحاب القوات", "دعا لانسحاب القوات", "فانسحاب القوات قريب", "الانسحاب القوات"] {
            #expect(try fired(Self.withdrawal, text) == ["w"], "\(text)")
        }
    }

    @Test func keywordsMatchThroughNormalisation() throws {
        // Hamza, shadda, tatweel and a different alef do not matter.
        #expect(try fired(Self.withdrawal, "بدأ إنسحاب القوّات اليوم") == ["w"])
        #expect(try fired(Self.withdrawal, "بدأ انسحـاب القوات") == ["w"])
        #expect(try fired(Self.withdrawal, "بدأ انسحاب القوات الأجنبية") == ["w"])
    }

    @Test func keywordsDoNotMatchOtherWords() throws {
        #expect(try fired(Self.withdrawal, "بدأ انسحاب الوفد") == [])
        #expect(try fired(Self.withdrawal, "انسحاب. القوات وصلت") == [], "a phrase never spans a sentence break")
        #expect(try fired(Self.withdrawal, "انسحابات القوات") == [], "no stemming beyond clitics")
    }

    @Test func articleInTheKeywordIsRequired() throws {
        let yaml = """
            - id: h
              severity: low
              when:
                keywords: [الحشد]
            """
        #expect(try fired(yaml, "قوات الحشد والجيش") == ["h"])
        #expect(try fired(yaml, "والحشد الشعبي") == ["h"])
        #expect(try fired(yaml, "حشد كبير") == [], "the keyword has the article, the text does not")
    }

    @Test func exactKeywordsMatchLiterallyOnly() throws {
        let yaml = """
            - id: e
              severity: low
              when:
                keywords:
                  - text: الأميركية
                    exact: true
            """
        #expect(try fired(yaml, "القوات الأميركية هنا") == ["e"])
        #expect(try fired(yaml, "القوات الامريكية هنا") == [])
        #expect(try fired(yaml, "القوات الاميركية هنا") == [], "no alef folding when exact")
        #expect(try fired(yaml, "والأميركية") == [], "no clitics when exact")
    }

    @Test func latinKeywordsIgnoreCase() throws {
        let yaml = """
            - id: l
              severity: low
              when:
                keywords: [ISIS]
            """
        #expect(try fired(yaml, "مقاتلو isis في الصحراء") == ["l"])
        #expect(try fired(yaml, "Isis fighters") == ["l"])
    }

    @Test func actorsWithChildrenAndTypes() throws {
        let pmf = """
            - id: pmf
              severity: medium
              when:
                actors: [popular-mobilization-forces]
                include_children: true
            - id: pmf-only
              severity: low
              when:
                actors: [popular-mobilization-forces]
            - id: any-armed-group
              severity: low
              when:
                types: [armed_group]
            - id: unknown-person
              severity: info
              when:
                types: [person]
                known: false
            """
        #expect(try fired(pmf, "هددت كتائب حزب الله بالرد.") == ["pmf", "any-armed-group"])
        #expect(try fired(pmf, "قال الحشد الشعبي في بيان.") == ["pmf", "pmf-only"], "the PMF itself is a state military body, not an armed_group")
        #expect(try fired(pmf, "قال المتحدث باسم وزارة الزراعة حيدر الزبيدي إن الموسم جيد.").contains("unknown-person"))
    }

    static let composite = """
        - id: threat-near
          severity: high
          when:
            all:
              - actors: [kataib-hezbollah]
              - keywords: [هددت]
            near: sentence
        - id: threat-anywhere
          severity: low
          when:
            all:
              - actors: [kataib-hezbollah]
              - keywords: [هددت]
        - id: threat-window
          severity: low
          when:
            all:
              - actors: [kataib-hezbollah]
              - keywords: [هددت]
            near: 3
        - id: either
          severity: low
          when:
            any:
              - keywords: [صواريخ]
              - actors: [isis]
        - id: not-isis
          severity: low
          when:
            all:
              - keywords: [هددت]
              - none:
                  - actors: [isis]
        - id: twice
          severity: low
          when:
            actors: [baghdad]
            min_mentions: 2
        - id: in-title
          severity: low
          when:
            keywords: [عاجل]
            in: title
        """

    @Test func allAnyNoneNearMinMentionsAndScope() throws {
        let together = try fired(Self.composite, "هددت كتائب حزب الله القوات. وصلت صواريخ إلى بغداد.")
        #expect(together.contains("threat-near") && together.contains("threat-anywhere") && together.contains("threat-window"))
        #expect(together.contains("either") && together.contains("not-isis"))
        #expect(!together.contains("twice"))
        let apart = try fired(Self.composite, "هددت الحكومة بالرد. ثم قالت كتائب حزب الله في وقت لاحق من يوم طويل جدا إن الهدوء سيعود.")
        #expect(!apart.contains("threat-near") && apart.contains("threat-anywhere") && !apart.contains("threat-window"))
        let isis = try fired(Self.composite, "هددت داعش بهجمات.")
        #expect(isis.contains("either") && !isis.contains("not-isis"))
        #expect(try fired(Self.composite, "في بغداد اجتماع. وفي بغداد اجتماع آخر.").contains("twice"))
        #expect(try fired(Self.composite, "خبر عاجل من بغداد\n\nنص الخبر", title: "خبر عاجل من بغداد").contains("in-title"))
        #expect(!(try fired(Self.composite, "خبر من بغداد\n\nنص الخبر عاجل", title: "خبر من بغداد").contains("in-title")))
    }

    @Test func aKeywordListedTwiceCountsEachOccurrenceOnce() throws {
        // «إنسحاب» folds to «انسحاب»: one keyword listed three ways, and «انسحاب القوات» starts with it and ends
        // with «القوات». One occurrence is one mention, however many of the leaf's keywords match it; two places
        // are two.
        let yaml = """
            - id: twice
              severity: low
              when:
                keywords: [انسحاب, إنسحاب, انسحاب, انسحاب القوات, القوات, هجوم]
                min_mentions: 2
            """
        #expect(try fired(yaml, "بدأ انسحاب القوات.") == [])
        #expect(try fired(yaml, "بدأ انسحاب القوات. ثم انسحاب آخر.") == ["twice"])
        #expect(try fired(yaml, "هجوم ثم انسحاب.") == ["twice"])
        #expect(try fired(yaml, "هجوم وحده.") == [])
    }

    @Test func nearCountsTokensBetweenTheHitsWhateverTheirLengthOrOrder() throws {
        // A base of four words before or after the keyword, and a phrase of four words right before its partner:
        // measured from the hits' ends, not their first words.
        let yaml = """
            - id: base
              severity: high
              when:
                all:
                  - types: [base]
                  - keywords: [هجوم]
                near: 3
            - id: phrase
              severity: high
              when:
                all:
                  - keywords: [المقاومة الإسلامية في العراق]
                  - keywords: [مسؤوليتها]
                near: 2
            """
        #expect(try fired(yaml, "قاعدة عين الأسد الجوية تعرضت لهجوم فجر اليوم.") == ["base"])
        #expect(try fired(yaml, "تعرضت لهجوم قاعدة عين الأسد الجوية فجر اليوم.") == ["base"])
        #expect(try fired(yaml, "قاعدة عين الأسد الجوية تعرضت أمس في وقت متأخر من الليل لهجوم.") == [])
        #expect(try fired(yaml, "أعلنت فصائل المقاومة الإسلامية في العراق مسؤوليتها عن هجوم جديد.") == ["phrase"])
        // The boundary: near: 2 allows one word between, not two (as near has always meant for single words).
        #expect(try fired(yaml, "أعلنت المقاومة الإسلامية في العراق أمس مسؤوليتها.") == ["phrase"])
        #expect(try fired(yaml, "أعلنت المقاومة الإسلامية في العراق أمس الأول مسؤوليتها.") == [])
    }

    @Test func aNoneUnderNearGivesTheSameAnswerInAnyOrder() throws {
        func rule(_ first: String, _ second: String) -> String {
            """
            - id: visit
              severity: medium
              when:
                all:
                  - \(first)
                  - \(second)
                  - none:
                      - keywords: [مقتل]
                near: 5
            """
        }
        let keyword = "keywords: [وصل]", actor = "actors: [baghdad]"
        for text in ["وصل قائد فيلق القدس إلى بغداد بعد مقتل قائد بارز في الحرس.", "وصل قائد فيلق القدس إلى بغداد أمس في زيارة رسمية."] {
            #expect(try fired(rule(keyword, actor), text) == fired(rule(actor, keyword), text), "\(text)")
        }
        #expect(try fired(rule(keyword, actor), "وصل قائد فيلق القدس إلى بغداد بعد مقتل قائد بارز في الحرس.") == [])
        #expect(try fired(rule(keyword, actor), "وصل قائد فيلق القدس إلى بغداد أمس في زيارة رسمية.") == ["visit"])
    }

    @Test func anAllOfNonesUnderNearForbidsItsWordsAnywhere() throws {
        let yaml = """
            - id: quiet
              severity: low
              when:
                all:
                  - none:
                      - keywords: [هددت]
                near: sentence
            """
        #expect(try fired(yaml, "هددت الفصائل القوات.") == [])
        #expect(try fired(yaml, "اجتمع الوزراء في بغداد.") == ["quiet"])
    }

    @Test func anExactKeywordOpeningWithASymbolBelongsToItsOwnSentence() throws {
        let yaml = """
            - id: tag
              severity: high
              when:
                all:
                  - keywords: [{text: "#لا_للاحتلال", exact: true}]
                  - keywords: [هددت]
                near: sentence
            """
        #expect(try fired(yaml, "انتهى الاجتماع في بغداد دون نتيجة.\n\n#لا_للاحتلال: هددت الفصائل القوات الأجنبية بالرد.") == ["tag"])
    }

    @Test func noneUnderNearExcludesOnlyThatSentence() throws {
        let yaml = """
            - id: q
              severity: medium
              when:
                all:
                  - actors: [quds-force]
                  - actors: [baghdad]
                  - none:
                      - keywords: [مقتل]
                near: sentence
            """
        #expect(try fired(yaml, "ذكرى مقتل قائد فيلق القدس في بغداد.") == [])
        #expect(try fired(yaml, "ذكرى مقتل قائد فيلق القدس في بغداد. وزار قائد فيلق القدس بغداد أمس.") == ["q"])
    }

    @Test func snippetIsTheSatisfyingSentenceWithinThreeHundredScalars() throws {
        let set = try rules(Self.composite)
        var analysis = ArticleAnalysis(text: "مقدمة لا علاقة لها. هددت كتائب حزب الله القوات. خاتمة.", title: nil)
        analysis.entities = Self.recognizer.recognize(analysis.normalized, tokens: analysis.tokens)
        let match = set.evaluate(analysis).first { $0.rule.id == "threat-near" }
        #expect(match?.snippet == "هددت كتائب حزب الله القوات.")
        #expect(match?.actors.first?.id == "kataib-hezbollah")
        #expect(match?.keywords.first?.text == "هددت")
        let long = String(repeating: "كلام كثير ", count: 80) + "هددت كتائب حزب الله القوات."
        var big = ArticleAnalysis(text: long, title: nil)
        big.entities = Self.recognizer.recognize(big.normalized, tokens: big.tokens)
        let snippet = set.evaluate(big).first { $0.rule.id == "threat-near" }?.snippet ?? ""
        // The evidence is at the end of an 800-scalar sentence: the window ends with it and opens with «…» at a word.
        #expect(snippet.unicodeScalars.count <= 300 && snippet.hasPrefix("…كلام") && snippet.hasSuffix("هددت كتائب حزب الله القوات."))
        // In the middle of a long sentence: cut at both ends, around it.
        let middle = String(repeating: "كلام كثير ", count: 60) + "هددت كتائب حزب الله القوات " + String(repeating: "كلام كثير ", count: 60) + "."
        var centred = ArticleAnalysis(text: middle, title: nil)
        centred.entities = Self.recognizer.recognize(centred.normalized, tokens: centred.tokens)
        let around = set.evaluate(centred).first { $0.rule.id == "threat-near" }?.snippet ?? ""
        #expect(around.unicodeScalars.count <= 300 && around.hasPrefix("…") && around.hasSuffix("…") && around.contains("هددت كتائب حزب الله القوات"))
        // Evidence near the start keeps the opening, as before.
        let early = "هددت كتائب حزب الله القوات " + String(repeating: "كلام كثير ", count: 80) + "."
        var opening = ArticleAnalysis(text: early, title: nil)
        opening.entities = Self.recognizer.recognize(opening.normalized, tokens: opening.tokens)
        let start = set.evaluate(opening).first { $0.rule.id == "threat-near" }?.snippet ?? ""
        #expect(start.unicodeScalars.count <= 300 && start.hasPrefix("هددت كتائب") && start.hasSuffix("…"))
    }

    /// Snippets of any shape: never longer than the limit, and showing a keyword of the rule whenever the evidence
    /// fits in it (random sentences of random lengths, the words of the rule at random places).
    @Test func snippetsOfRandomArticlesStayWithinTheLimitAndShowTheEvidence() throws {
        let set = try rules(Self.composite)
        var generator = SystemRandomNumberGenerator()
        let filler = ["كلام", "كثير", "في", "بغداد", "اليوم", "وقال", "مصدر"]
        for _ in 0..<300 {
            var sentences: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                var words = (0..<Int.random(in: 1...120, using: &generator)).map { _ in filler.randomElement(using: &generator)! }
                if Bool.random(using: &generator) { words.insert("هددت", at: Int.random(in: 0...words.count, using: &generator)) }
                if Bool.random(using: &generator) { words.insert("كتائب حزب الله", at: Int.random(in: 0...words.count, using: &generator)) }
                sentences.append(words.joined(separator: " ") + ".")
            }
            var analysis = ArticleAnalysis(text: sentences.joined(separator: " "), title: nil)
            analysis.entities = Self.recognizer.recognize(analysis.normalized, tokens: analysis.tokens)
            for match in set.evaluate(analysis) {
                #expect(match.snippet.unicodeScalars.count <= 300, "\(match.rule.id)")
                #expect(!match.snippet.isEmpty)
                if match.rule.id == "threat-near" { #expect(match.snippet.contains("هددت") || match.snippet.contains("حزب الله")) }
            }
        }
    }

    @Test func validationNamesFileLineRuleAndReason() {
        func error(_ yaml: String) -> ConfigError? {
            do {
                _ = try rules(yaml, file: "mine.yaml")
                return nil
            } catch {
                return error as? ConfigError
            }
        }
        let unknownActor = error("- id: a\n  severity: high\n  when:\n    actors: [no-such-actor]\n")
        #expect(unknownActor?.file == "mine.yaml")
        #expect(unknownActor?.line == 4)
        #expect(unknownActor?.reason.contains("rule 'a'") == true)
        #expect(unknownActor?.reason.contains("no-such-actor") == true)
        let empty = error("- id: b\n  severity: high\n  when:\n    all: []\n")
        #expect(empty?.reason.contains("empty condition") == true)
        let severity = error("- id: c\n  severity: urgent\n  when:\n    keywords: [x]\n")
        #expect(severity?.key.hasSuffix("severity") == true)
        #expect(severity?.line == 2)
        #expect(error("- id: d\n  severity: low\n  when:\n    keywords: [x]\n    actors: [iraq]\n")?.reason.contains("exactly one") == true)
        #expect(error("- id: e\n  severity: low\n  when:\n    types: [spaceship]\n")?.reason.contains("unknown type") == true)
        #expect(error("- id: f\n  severity: low\n  when:\n    keywords: [x]\n- id: f\n  severity: low\n  when:\n    keywords: [y]\n")?.reason.contains("twice") == true)
        #expect(error("- id: g\n  severity: low\n  when:\n    any:\n      - keywords: [x]\n    near: sentence\n")?.reason.contains("'near' applies to 'all', not to 'any'") == true)
        // A modifier where it does nothing, a condition that can never hold, a word that can never be matched: refused,
        // rather than a rule that silently does less than it says.
        let onNode = error("- id: i\n  severity: low\n  when:\n    any:\n      - keywords: [x]\n    in: title\n")
        #expect(onNode?.reason.contains("'in' applies to a leaf (actors, keywords or types), not to 'any'; put it on the leaves inside") == true)
        #expect(onNode?.line == 6)
        #expect(error("- id: j\n  severity: low\n  when:\n    all:\n      - keywords: [x]\n    min_mentions: 5\n")?.reason.contains("'min_mentions' applies to a leaf") == true)
        #expect(error("- id: k\n  severity: low\n  when:\n    actors: [baghdad]\n    known: false\n")?.reason.contains("'known' applies to 'types'") == true)
        #expect(error("- id: l\n  severity: low\n  when:\n    keywords: [x]\n    include_children: true\n")?.reason.contains("'include_children' applies to 'actors'") == true)
        #expect(error("- id: m\n  severity: low\n  when:\n    types: [armed_group]\n    known: false\n")?.reason.contains("'armed_group' with known: false can never match") == true)
        #expect(error("- id: n\n  severity: low\n  when:\n    keywords: [\"؟؟\"]\n")?.reason.contains("has no letter or digit") == true)
        #expect(error("- id: o\n  severity: low\n  when:\n    keywords: [{text: \"#\", exact: true}]\n") == nil)
        #expect(error("- id: p\n  severity: low\n  when:\n    all:\n      - keywords: [x]\n    near: paragraph\n")?.reason.contains("'sentence' or a number of tokens") == true)
        #expect(error("- id: q\n  severity: low\n  when:\n    types: [organization]\n    known: false\n") == nil)
        #expect(error("- id: s\n  severity: low\n  when:\n    types: [organization, armed_group]\n    known: false\n") == nil, "it can match unlisted organisations")
        #expect(error("- id: r\n  severity: low\n  when:\n    keywords: [x]\n    in: lede\n")?.reason.contains("rule 'r': 'lede' is not one of") == true)
        #expect(error("- id: h\n  severity: low\n")?.reason.contains("needs a condition") == true)
    }

    @Test func theEmbeddedWatchlistLoads() throws {
        let set = try WatchRules.load(AlertSettings(), gazetteer: Self.gazetteer)
        #expect(set.rules.count >= 6)
        #expect(Set(set.rules.map(\.id)).count == set.rules.count)
    }

    /// The embedded rule for unlisted armed actors fires on a made-up report of a new faction's threat, and not on
    /// an unrelated article that also names people nobody listed.
    @Test func unlistedArmedActorRuleFiresOnlyWithAnAttackOrThreat() throws {
        let set = try WatchRules.load(AlertSettings(), gazetteer: Self.gazetteer)
        func fires(_ text: String) -> Bool {
            var analysis = ArticleAnalysis(text: text, title: nil)
            analysis.entities = Self.recognizer.recognize(analysis)
            return set.evaluate(analysis).contains { $0.rule.id == "unlisted-armed-actor-attack-or-threat" }
        }
        let threat = "هدد القيادي في جماعة مسلحة تطلق على نفسها سرايا الفجر الجديد، المدعو أبو حيدر الشمري، بشن هجمات على القواعد الأجنبية في محافظة نينوى."
        let unrelated = "افتتح المهندس كريم الساعدي معرضا للكتاب في مدينة البصرة بحضور عدد من الأدباء والفنانين."
        #expect(fires(threat), "\(Self.recognizer.recognize(threat).map { ($0.id, $0.source.rawValue) })")
        #expect(!fires(unrelated))
        // Unknown names in the unrelated text do not matter to the rule; the rule needs the threat and the armed context.
        let gazetteerOnly = Self.recognizer.with(tagger: nil)
        var analysis = ArticleAnalysis(text: threat, title: nil)
        analysis.entities = gazetteerOnly.recognize(analysis).filter(\.known)
        #expect(!set.evaluate(analysis).contains { $0.rule.id == "unlisted-armed-actor-attack-or-threat" },
                "without an unknown entity the rule does not fire")
    }
}
