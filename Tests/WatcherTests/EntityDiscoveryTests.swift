import Testing
import Watcher

@Suite struct EntityDiscoveryTests {
    typealias T = EntityTestSupport

    private func discovered(_ text: String) -> [Entity] {
        T.recognizer.recognize(text).filter { !$0.known }
    }

    @Test(arguments: [
        ("وقال السفير الأميركي في العراق ماثيو تولر في وقت سابق", "ماثيو تولر", "title:السفير الأميركي في العراق"),
        ("وقال متحدث الوزارة بات رايدر في لقاء", "بات رايدر", "title:متحدث الوزارة"),
        ("وزار وزير الدفاع محمد سعيد العباسي واشنطن", "محمد سعيد العباسي", "title:وزير الدفاع"),
        ("وصلت العميد اسماعيل قاآني، أمس", "اسماعيل قاآني", "title:العميد"),
        ("وقالت المتحدثة باسم البيت الأبيض، جين ساكي، إن", "جين ساكي", "title:المتحدثة باسم البيت الأبيض"),
        ("وأكد كريم الساعدي أن التحالف باق", "كريم الساعدي", "verb:أكد"),
        ("ووصف علي الأسدي، رئيس المجلس السياسي للحركة، المباحثات", "علي الأسدي", "verb:وصف"),
        ("حكومة رئيس الوزراء السابق عادل عبد المهدي", "عادل عبد المهدي", "title:رئيس الوزراء السابق"),
    ])
    func findsPeopleAfterTriggers(text: String, name: String, trigger: String) {
        let people = discovered(text).filter { $0.type == .person }
        #expect(people.map(\.name) == [name])
        #expect(people.first?.id == "new:" + NormalizedText.fold(name), "the id is the folded name, as the tagger's")
        #expect(people.first?.mentions.first?.kind == .discovered)
        #expect(people.first?.trigger == trigger)
    }

    @Test(arguments: [
        "قال مسؤول عراقي إن الاتفاق قريب",
        "أكد البيان أن القوات باقية",
        "وقال وزير الخارجية إن الحوار مستمر",
        "وقال ثلاثة مسؤولين حكوميين إن المذكرة سلمت",
        "هددت الفصائل بتوجيه ضربات “كبيرة ودقيقة”",
        "وأكد على ضرورة الالتزام، وقال",
        "شكلت لجنة مشتركة لبدء المحادثات",
        "ضبطت قاعدة صواريخ معدة للإطلاق",
    ])
    func keepsCommonWordsOut(text: String) {
        #expect(discovered(text).isEmpty)
    }

    @Test(arguments: [
        "وقال شهود عيان إن الانفجار كان قويا",
        "وأكدت قيادة العمليات المشتركة، أن القوات تسيطر",
        "وقالت وسائل إعلام محلية إن الطريق أغلق",
        "أعلن جهاز مكافحة الإرهاب، أن العملية نجحت",
    ])
    func bodiesAfterAVerbAreNotPeople(text: String) {
        #expect(discovered(text).filter { $0.type == .person }.isEmpty)
    }

    @Test(arguments: [
        ("أعلنت حركة شباب الرافدين موقفها", "حركة شباب الرافدين", EntityType.organization),
        ("وناقشت لجنة الأمن والدفاع النيابية", "لجنة الأمن والدفاع النيابية", .organization),
        ("وذكرت قناة دجلة أن", "قناة دجلة", .media),
        ("وتعرض حقل كورمور لهجوم", "حقل كورمور", .location),
        ("ووصل الوفد إلى مدينة كييف أمس", "كييف", .location),
        ("وقصفت الطائرات بلدة جرجناز", "جرجناز", .location),
        ("وأصدرت وزارة الزراعة العراقية قرارا", "وزارة الزراعة العراقية", .organization),
    ])
    func findsOrganisationsAndPlacesByTheirHead(text: String, name: String, type: EntityType) {
        let found = discovered(text)
        #expect(found.map(\.name) == [name])
        #expect(found.first?.type == type)
        #expect(found.first?.trigger?.hasPrefix("head:") == true)
    }
}

@Suite struct CoreferenceTests {
    typealias T = EntityTestSupport

    @Test func surnamesLinkToTheFullNameInTheArticle() {
        let text = "وقال متحدث الوزارة بات رايدر في لقاء مع الصحفيين. وتابع رايدر أن الاجتماع مهم."
        let person = T.recognizer.recognize(text).first { $0.name == "بات رايدر" }
        #expect(person?.mentions.map(\.text) == ["بات رايدر", "رايدر"])
        #expect(person?.mentions.map(\.kind) == [.discovered, .short])
        #expect(person?.count == 2)
    }

    /// «على» (on) folds like the surname «علي», but the preposition is no mention of the person; «علي» is.
    @Test func thePrepositionAlaIsNoSurname() {
        let text = "وقال الوزير محمد علي إن الحكومة ستعمل على حل الأزمة. وأضاف علي أن الوزارة ستحرص على التنفيذ."
        let person = T.recognizer.recognize(text).first { $0.name == "محمد علي" }
        #expect(person?.mentions.map(\.text) == ["محمد علي", "علي"])
    }

    @Test func surnameOfAKnownPersonLinksWithoutAShortForm() {
        let text = "قال رئيس الوزراء العراقي مصطفى الكاظمي إن الحوار مثمر. ورحب بالكاظمي الوفد"
        let person = T.entity("mustafa-al-kadhimi", in: text)
        #expect(person?.mentions.map(\.text) == ["مصطفى الكاظمي", "الكاظمي"])
        #expect(person?.roles == ["رئيس الوزراء العراقي"])
    }

    @Test func muhandisIsTheEngineerOnlyWhenNamed() {
        #expect(T.entity("abu-mahdi-al-muhandis", in: "مقتل أبو مهدي المهندس. وبعد اغتيال سليماني والمهندس")?.count == 2)
        #expect(T.ids("قال المهندس المسؤول عن المشروع") == [])
    }

    @Test func repeatedDiscoveredNamesAreOnePerson() {
        let text = "وقالت المتحدثة باسم البيت الأبيض، جين ساكي، إن الحوار مهم. وأضافت جين ساكي أن. وقالت ساكي"
        let person = T.recognizer.recognize(text).first { $0.name == "جين ساكي" }
        #expect(person?.mentions.map(\.kind) == [.discovered, .discovered, .short])
        #expect(person?.roles == ["المتحدثة باسم البيت الأبيض"])
    }

    @Test func aListIsNotAnApposition() {
        let text = "مقتل قائد فيلق القدس، دونالد ترمب، والقيادي في ميليشيا “الحشد الشعبي” العراقية، أبومهدي المهندس"
        let entities = T.recognizer.recognize(text)
        #expect(entities.first { $0.id == "donald-trump" }?.roles == ["قائد فيلق القدس"])
        #expect(entities.first { $0.id == "abu-mahdi-al-muhandis" }?.roles == ["القيادي في ميليشيا “الحشد الشعبي” العراقية"])
    }

    @Test func rolesKeepEveryLetterAndDropClitics() {
        let text = "وأطاحت بالرئيس السابق دونالد ترمب. وهدد لرئيس الوزراء مصطفى الكاظمي"
        let entities = T.recognizer.recognize(text)
        #expect(entities.first { $0.id == "donald-trump" }?.roles == ["الرئيس السابق"])
        #expect(entities.first { $0.id == "mustafa-al-kadhimi" }?.roles == ["رئيس الوزراء"])
    }

    @Test func appositionRolesAreKept() {
        let text = "ووصف علي الأسدي، رئيس المجلس السياسي للحركة، المباحثات"
        let person = T.recognizer.recognize(text).first { $0.name == "علي الأسدي" }
        #expect(person?.roles == ["رئيس المجلس السياسي للحركة"])
    }
}
