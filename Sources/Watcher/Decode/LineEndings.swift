/// `\r\n` and lone `\r` become `\n`.
public enum LineEndings {
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
}
