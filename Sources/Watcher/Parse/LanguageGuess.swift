/// The language of an article from the script of its letters: Arabic script is `ar` (or `fa` when Persian-only
/// letters are frequent), Latin script `en` unless French or Spanish function words dominate. The first few
/// thousand letters decide; the rest of a long article would not change the answer.
package enum LanguageGuess {
    package static func of(_ paragraphs: [String]) -> String? {
        var arabic = 0, latin = 0, persian = 0
        var french = 0, spanish = 0, english = 0
        for paragraph in paragraphs where arabic + latin < 4000 {
            Self.forEachScalarValue(paragraph) { value in
                switch value {
                case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06A9, 0x06CC: persian += 1; arabic += 1  // پ چ ژ گ ک ی
                case 0x0621...0x064A: arabic += 1
                case 0x0041...0x005A, 0x0061...0x007A, 0x00C0...0x024F: latin += 1
                default: break
                }
            }
            if latin > 0 {
                for word in paragraph.utf8.split(separator: 0x20) where word.count <= 4 {
                    switch String(decoding: word, as: UTF8.self).lowercased() {
                    case "the", "and", "of", "to", "is", "in": english += 1
                    case "le", "la", "les", "des", "et", "est", "du": french += 1
                    case "el", "los", "las", "y", "del", "que": spanish += 1
                    default: break
                    }
                }
            }
        }
        if arabic == 0 && latin == 0 { return nil }
        if arabic >= latin { return persian * 20 > arabic ? "fa" : "ar" }
        if french > english && french >= spanish { return "fr" }
        if spanish > english { return "es" }
        return "en"
    }

    /// Calls `body` with each scalar value of `text`, decoded from its UTF-8 (this runs over every article's opening).
    @inline(__always)
    private static func forEachScalarValue(_ text: String, _ body: (UInt32) -> Void) {
        var text = text
        text.withUTF8 { utf8 in
            var i = 0
            while i < utf8.count {
                let (value, length) = UTF8Scalar.decode(utf8, at: i)
                body(value)
                i += length
            }
        }
    }
}
