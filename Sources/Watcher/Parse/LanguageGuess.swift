/// The language of an article from the script of its letters: Arabic script is `ar` (or `fa` when Persian-only
/// letters are frequent), Latin script `en` unless French or Spanish function words dominate. The first few
/// thousand letters decide; the rest of a long article would not change the answer.
package enum LanguageGuess {
    package static func of(_ paragraphs: [String]) -> String? {
        guess(paragraphs) { ScriptCounts(paragraphs[$0]) }
    }

    /// The same, with each paragraph's ``ScriptCounts`` already known (from the line scan).
    package static func of(_ paragraphs: [String], counts: [ScriptCounts]) -> String? {
        precondition(counts.count == paragraphs.count, "one count per paragraph")
        return guess(paragraphs) { counts[$0] }
    }

    private static func guess(_ paragraphs: [String], counts: (Int) -> ScriptCounts) -> String? {
        var arabic = 0, latin = 0, persian = 0
        var english = 0, french = 0, spanish = 0
        for index in paragraphs.indices where arabic + latin < 4000 {
            let script = counts(index)
            arabic += script.arabic
            persian += script.persian
            latin += script.latin
            if latin > 0 {
                for word in paragraphs[index].utf8.split(separator: 0x20) where word.count <= 4 {
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

    /// Whether `language` (a primary tag, `ar`) is written in the Arabic script.
    package static func usesArabicScript(_ language: String) -> Bool { arabicScript.contains(language) }

    private static let arabicScript: Set<String> = ["ar", "fa", "ur", "ps", "ckb", "sd", "ug", "arz", "apc", "ary", "acm"]

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
