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
    }

    @Test func noLettersNoLanguage() {
        #expect(LanguageGuess.of(["2024 - 12:30", ""]) == nil)
    }
}
