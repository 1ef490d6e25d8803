/// The language of an article from the script of its letters: Arabic script is `ar` (or `fa` when Persian-only
/// letters are frequent), Latin script `en` unless French or Spanish function words dominate. The first few
/// thousand letters decide; the rest of a long article would not change the answer.
package enum LanguageGuess {
    package static func of(_ paragraphs: [String]) -> String? {
        var arabic = 0, latin = 0, persian = 0
        var english = 0, french = 0, spanish = 0
        for paragraph in paragraphs where arabic + latin < 4000 {
            var paragraph = paragraph
            paragraph.withUTF8 { utf8 in
                var i = 0
                while i < utf8.count {
                    let (value, length) = UTF8Scalar.decode(utf8, at: i)
                    i += length
                    if value >= 0x0621 && value <= 0x064A {  // most scalars: checked first, without the switch
                        arabic += 1
                        continue
                    }
                    switch value {
                    case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06A9, 0x06CC: persian += 1; arabic += 1  // پ چ ژ گ ک ی
                    case 0x0041...0x005A, 0x0061...0x007A, 0x00C0...0x024F: latin += 1
                    default: break
                    }
                }
            }
            if latin > 0 {
                for word in paragraph.utf8.split(separator: 0x20) where word.count <= 4 {
                    guard let packed = Self.packedLowercase(word) else { continue }
                    if Self.english.contains(packed) { english += 1 }
                    if Self.french.contains(packed) { french += 1 }
                    if Self.spanish.contains(packed) { spanish += 1 }
                }
            }
        }
        if arabic == 0 && latin == 0 { return nil }
        if arabic >= latin { return persian * 20 > arabic ? "fa" : "ar" }
        if french > english && french >= spanish { return "fr" }
        if spanish > english { return "es" }
        return "en"
    }

    /// Function words that tell the Latin-script languages apart, as ``packedLowercase(_:)`` values.
    private static let english = ["the", "and", "of", "to", "is", "in"].map(pack)
    private static let french = ["le", "la", "les", "des", "et", "est", "du"].map(pack)
    private static let spanish = ["el", "los", "las", "y", "del", "que"].map(pack)

    private static func pack(_ word: String) -> UInt32 { packedLowercase(Substring(word).utf8)! }

    /// An ASCII word of up to four bytes, lowercased, as one integer; nil for any other word, which cannot be one of
    /// the function words. (Making a lowercased `String` of every short word cost more than the rest of the guess.)
    private static func packedLowercase(_ word: Substring.UTF8View) -> UInt32? {
        var packed: UInt32 = 0
        for byte in word {
            guard byte < 0x80 else { return nil }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            packed = packed << 8 | UInt32(lower)
        }
        return packed
    }
}
