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
