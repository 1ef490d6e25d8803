/// Article text as written into the record: invisible characters (bidi controls, zero-width joiners) removed and
/// whitespace runs collapsed, so offsets into the record's `text` and matching on it agree.
package enum CleanText {
    /// `text` without invisible characters, with each whitespace run turned into one space and the ends trimmed.
    package static func line(_ text: some StringProtocol) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if MatchKey.isInvisible(scalar) { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace { scalars.append(" "); pendingSpace = false }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
