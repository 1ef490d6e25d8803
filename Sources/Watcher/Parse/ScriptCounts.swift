/// How many scalars of a text are Arabic letters (ء to ي, and the Persian-only letters, also counted apart) and Latin
/// letters: what ``LanguageGuess`` decides by. The line scan counts them as it goes, so the guess need not read the
/// paragraphs a second time.
package struct ScriptCounts: Sendable, Equatable {
    package var arabic = 0
    package var persian = 0
    package var latin = 0

    package init() {}

    /// The counts of `text`, scalar by scalar.
    package init(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var i = 0
            while i < utf8.count {
                let (value, length) = UTF8Scalar.decode(utf8, at: i)
                add(value)
                i += length
            }
        }
    }

    /// Counts one scalar value.
    @inline(__always)
    package mutating func add(_ value: UInt32) {
        if value >= 0x0621 && value <= 0x064A {  // most scalars: checked first, without the switch
            arabic += 1
            return
        }
        switch value {
        case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06A9, 0x06CC: persian += 1; arabic += 1  // پ چ ژ گ ک ی
        case 0x0041...0x005A, 0x0061...0x007A, 0x00C0...0x024F: latin += 1
        default: break
        }
    }
}
