import Testing
import Watcher

/// The record's `language`: script first, then function words for Latin-script text, in any letter case.
@Suite struct LanguageGuessTests {
    @Test(arguments: [
        ("انطلقت المحادثات في بغداد اليوم بين الوفدين", "ar"),
        ("این یک متن فارسی است که پیش از چاپ بررسی شد و گزارش کامل آن در دست است", "fa"),
        ("The talks began in Baghdad and the delegations met today.", "en"),
        ("THE TALKS BEGAN IN BAGHDAD AND THE DELEGATIONS MET TODAY.", "en"),
        ("Les discussions ont commencé à Bagdad et la délégation est arrivée du Caire.", "fr"),
        ("LES discussions ET LA délégation EST arrivée DU Caire.", "fr"),
        ("Las conversaciones y los encuentros del día que siguen en el Cairo.", "es"),
        ("قال مسؤول في CNN إن الوفد وصل إلى بغداد", "ar"),
    ])
    func guessesTheLanguage(text: String, language: String) {
        #expect(LanguageGuess.of([text]) == language)
        // The same from the line scan's counts, as the parser asks.
        let block = TextBlock(text: text, group: 0)
        #expect(LanguageGuess.of([block.text], counts: [block.script]) == language)
    }

    /// Only the first few thousand letters count: a long Arabic opening outweighs an English tail.
    @Test func theOpeningDecides() {
        let paragraphs = Array(repeating: String(repeating: "كلمة ", count: 300), count: 5) + Array(repeating: String(repeating: "the word ", count: 800), count: 4)
        #expect(LanguageGuess.of(paragraphs) == "ar")
        #expect(LanguageGuess.of(paragraphs, counts: paragraphs.map { TextBlock(text: $0, group: 0).script }) == "ar")
        #expect(LanguageGuess.of(Array(paragraphs.reversed())) == "en")
    }

    @Test func noLettersNoLanguage() {
        #expect(LanguageGuess.of(["2024 - 12:30", ""]) == nil)
    }
}

/// A declared language (`<html lang>`, JSON `language`) stands unless the body is written in another script: a site
/// template's `lang="en"` over an Arabic story is `ar`, and `ar` over an English story is `en`.
@Suite struct DeclaredLanguageTests {
    private let arabic = "قال مسؤول في وزارة الصحة إن فرق الإسعاف نقلت المصابين إلى مستشفيات المدينة، وإن حالة ثلاثة منهم حرجة."
    private let english = "The health ministry said that ambulance crews took the wounded to the city's hospitals."

    private func page(lang: String, body: String) throws -> String? {
        let html = "<html lang=\"\(lang)\"><head><title>t</title></head><body><article><h1>عنوان الخبر</h1><p>\(body)</p><p>\(body)</p></article></body></html>"
        return try ArticleParser().parse(html, format: .html).article.language
    }

    @Test func theBodysScriptOverridesAnotherScriptsDeclaration() throws {
        #expect(try page(lang: "en-US", body: arabic) == "ar")
        #expect(try page(lang: "ar", body: english) == "en")
        // The same script: the declaration is more precise than the guess.
        #expect(try page(lang: "ur", body: arabic) == "ur")
        #expect(try page(lang: "de", body: english) == "de")
        // Kurdish is written in both scripts.
        #expect(try page(lang: "ku", body: english) == "ku")
    }

    @Test func jsonLanguageIsCheckedTheSameWay() throws {
        let json = #"{"title": "عنوان", "text": "\#(arabic)", "language": "en"}"#
        #expect(try ArticleParser().parse(json, format: .json).article.language == "ar")
        // A record with a title and no body: the title's script decides the same way.
        let titleOnly = #"{"title": "انفجار يهز مستودعا للوقود جنوب المدينة", "language": "en"}"#
        #expect(try ArticleParser().parse(titleOnly, format: .json).article.language == "ar")
        // A short title mixing scripts keeps its declaration.
        let mixed = #"{"title": "آبل تكشف عن iPhone 16 Pro Max", "language": "ar"}"#
        #expect(try ArticleParser().parse(mixed, format: .json).article.language == "ar")
        let english = #"{"title": "A blast hits a fuel depot", "language": "en-GB"}"#
        #expect(try ArticleParser().parse(english, format: .json).article.language == "en")
    }
}
