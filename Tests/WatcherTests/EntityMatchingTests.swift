import Testing
import Watcher

@Suite struct EntityMatchingTests {
    typealias T = EntityTestSupport

    @Test(arguments: [
        ("وصل الوفد بواشنطن أمس", "washington", "واشنطن"),
        ("دعم لإيران في المنطقة", "iran", "إيران"),
        ("رسالة وللعراق حق الرد", "iraq", "لعراق"),
        ("بيان والحشد الشعبي يرد", "pmf", "الحشد الشعبي"),
        ("زيارة للبنان قريبا", "lebanon", "لبنان"),
        ("قوات بالعراق منذ سنوات", "iraq", "العراق"),
        ("وفلسطين ستبقى", "palestine", "فلسطين"),
    ])
    func matchesUnderProclitics(text: String, id: String, surface: String) {
        let entity = T.entity(id, in: text)
        #expect(entity?.mentions.first?.text == surface)
    }

    @Test(arguments: ["واشنطن", "بغداد", "لبنان", "فلسطين", "كركوك"])
    func wordsThatStartLikeACliticMatchAsThemselves(word: String) {
        let entities = T.recognizer.recognize("وصلت الأنباء من \(word) صباحا")
        #expect(entities.count == 1)
        #expect(entities.first?.mentions.first?.text == word)
    }

    @Test func cliticsAreNeverStrippedBelowTwoLetters() {
        let stems = Proclitics.readings(of: "ول").map(\.stem)
        #expect(stems == ["ول"])
        #expect(Proclitics.readings(of: "وللعراق").contains { $0.stem == "عراق" && $0.article })
    }

    @Test func longestNameWins() {
        #expect(T.ids("هددت كتائب حزب الله القوات") == ["kataib-hezbollah"])
        #expect(T.ids("قال حزب الله إن") == ["hezbollah"])
        #expect(T.ids("قائد فيلق القدس الإيراني") == ["quds-force", "iran"])
        #expect(T.ids("زار القدس") == ["jerusalem"])
        #expect(T.entity("washington-post", in: "قالت صحيفة واشنطن بوست")?.type == .media)
        #expect(T.ids("قالت صحيفة واشنطن بوست") == ["washington-post"])
        #expect(T.entity("white-house", in: "أعلن البيت الأبيض")?.type == .organization)
    }

    @Test func articleIsOptionalForOrganisationsOnly() {
        #expect(T.ids("أعلنت وزارة الدفاع بنتاغون") == ["pentagon"])
        #expect(T.ids("أعلن بيت أبيض") == [])
    }

    @Test func offsetsPointIntoTheText() {
        let text = "قال رئيس الوزراء مصطفى الكاظمي في بغداد"
        let scalars = Array(text.unicodeScalars)
        for entity in T.recognizer.recognize(text) {
            for mention in entity.mentions {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[mention.start..<mention.end])
                #expect(String(view) == mention.text)
            }
        }
    }

    @Test func variantsAndSpellingsLinkToOneActor() {
        let entities = T.recognizer.recognize("قال دونالد ترامب ثم كرر ترمب. وقُتل أبومهدي المهندس")
        #expect(entities.map(\.id) == ["donald-trump", "abu-mahdi-al-muhandis"])
        #expect(entities[0].count == 2)
        #expect(entities[0].mentions.map(\.kind) == [.name, .short])
        #expect(entities[0].mentions.map(\.sentence) == [0, 0])
        #expect(entities[1].mentions.first?.sentence == 1)
    }
}

@Suite struct NationalityTests {
    typealias T = EntityTestSupport

    @Test(arguments: [
        ("الأميركي", "united-states"), ("الأمريكية", "united-states"), ("أميركيون", "united-states"),
        ("الإيراني", "iran"), ("العراقيين", "iraq"), ("الإسرائيلي", "israel"), ("إيرانياً", "iran"),
        ("للعراقيين", "iraq"),
    ])
    func adjectivesLinkToTheirCountry(word: String, country: String) {
        let entity = T.entity(country, in: "قال المسؤول \(word) ذلك")
        #expect(entity?.mentions.map(\.kind) == [.nationality])
        #expect(entity?.count == 0)
        #expect(entity?.nationalityCount == 1)
    }

    @Test func placeAndNationalityAreCountedApart() {
        let entity = T.entity("iraq", in: "في العراق قالت الحكومة العراقية")
        #expect(entity?.count == 1)
        #expect(entity?.nationalityCount == 1)
    }

    @Test func surnameCollidingWithANationalityIsThePersonWhenNamed() {
        let named = T.recognizer.recognize("التقى محمد شياع السوداني الوفد. وقال السوداني إن")
        #expect(named.map(\.id) == ["mohammed-shia-al-sudani"])
        #expect(named.first?.mentions.map(\.kind) == [.name, .short])
        let titled = T.recognizer.recognize("وقال رئيس الوزراء العراقي السوداني إن")
        #expect(titled.map(\.id) == ["iraq", "mohammed-shia-al-sudani"])
        #expect(titled.last?.mentions.map(\.kind) == [.short])
        #expect(T.recognizer.recognize("وقال وزير الخارجية السوداني إن").map(\.id) == ["sudan"])
        let unnamed = T.recognizer.recognize("تراجع الجنيه السوداني")
        #expect(unnamed.map(\.id) == ["sudan"])
        #expect(unnamed.first?.mentions.map(\.kind) == [.nationality])
    }
}

@Suite struct QuotedAndSourceLineTests {
    @Test func aNameQuotedInsideAPhraseIsOneMentionWithBalancedQuotes() throws {
        let recognizer = try EntityRecognizer.load(extraFiles: [])
        let entities = recognizer.recognize("في مقابلة مع قناة “الحرة” أمس")
        #expect(entities.map(\.id) == ["alhurra"])
        #expect(entities.first?.mentions.first?.text == "قناة “الحرة”")
    }

    @Test func anOutletIsNamedWithoutItsHeadOnlyInASourceLine() throws {
        let recognizer = try EntityRecognizer.load(extraFiles: [])
        #expect(recognizer.recognize("آخر تحديث - المصدر: العربية").map(\.id) == ["al-arabiya"])
        #expect(recognizer.recognize("الدول العربية والمنطقة العربية").filter { $0.id == "al-arabiya" }.isEmpty)
    }
}
