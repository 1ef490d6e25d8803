/// Line breaks as the parsers expect them: `\n` alone.
public enum LineEndings {
    /// `\r\n` and lone `\r` become `\n`.
    public static func normalise(_ text: String) -> String {
        var text = text
        guard text.withUTF8({ ByteSearch.contains(UInt8(ascii: "\r"), in: $0) }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\r") {
                out.append(UInt8(ascii: "\n"))
                previousWasCR = true
                continue
            }
            if byte == UInt8(ascii: "\n") && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Unicode's own line breaks in running text, which some editors and exports write: NEL (U+0085) and LINE
    /// SEPARATOR (U+2028) become `\n`, PARAGRAPH SEPARATOR (U+2029) a blank line. Only for text read as lines (a
    /// plain-text file, a JSON text body): inside JSON or HTML source they are not line breaks.
    package static func unicodeBreaks(_ text: String) -> String {
        var text = text
        guard text.withUTF8({ hasUnicodeBreak($0) }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0x85 {
                    out.append(UInt8(ascii: "\n"))
                    i += 2
                } else if byte == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                    out.append(UInt8(ascii: "\n"))
                    if bytes[i + 2] == 0xA9 { out.append(UInt8(ascii: "\n")) }
                    i += 3
                } else {
                    out.append(byte)
                    i += 1
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the text holds one of those breaks. Their lead bytes are found with `memchr`: 0xE2 and 0xC2 start only
    /// punctuation in Arabic text («», “”, the no-break space), so few are looked at.
    private static func hasUnicodeBreak(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while let at = ByteSearch.firstIndex(of: 0xE2, in: bytes, from: i) {
            if at + 2 < bytes.count, bytes[at + 1] == 0x80, bytes[at + 2] == 0xA8 || bytes[at + 2] == 0xA9 { return true }
            i = at + 1
        }
        i = 0
        while let at = ByteSearch.firstIndex(of: 0xC2, in: bytes, from: i) {
            if at + 1 < bytes.count, bytes[at + 1] == 0x85 { return true }
            i = at + 1
        }
        return false
    }
}
