/// Article text as written into the record: invisible characters (bidi controls, zero-width joiners) removed and
/// whitespace runs collapsed, so offsets into the record's `text` and matching on it agree.
package enum CleanText {
    /// `text` without invisible characters, with each whitespace run turned into one space and the ends trimmed.
    package static func line(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if MatchKey.isInvisible(scalar) { continue }
            if MatchKey.isSpace(scalar) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace { bytes.append(0x20); pendingSpace = false }
            MatchKey.appendUTF8(scalar, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
