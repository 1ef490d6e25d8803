/// How a dropped file is read, decided by its extension.
public enum ArticleFormat: String, Sendable {
    case plainText = "text"
    case html
    case json

    /// `.txt` or no extension → plain text, `.html`/`.htm` → HTML, `.json` → JSON; nil for anything else.
    public init?(fileName: String) {
        // Read from the name's UTF-8 (a "." byte is only ever the scalar "."), the extension's ASCII letters
        // lowercased into one word: this runs once per file, where an array of scalars and a lowercased string cost
        // 0.35% of `watcherd process`. An extension with a non-ASCII scalar goes the Unicode way (`lowercased()`).
        let utf8 = fileName.utf8
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")), dot > utf8.startIndex else {
            self = .plainText
            return
        }
        var packed: UInt64 = 0
        var length = 0
        for byte in utf8[utf8.index(after: dot)...] {
            guard byte < 0x80 else {
                guard let format = Self(unicodeExtension: fileName) else { return nil }
                self = format
                return
            }
            length += 1
            if length > 4 { return nil }  // no format's extension is longer, in any case
            packed = packed << 8 | UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        switch packed {
        case Self.packed("txt"), Self.packed("text"): self = .plainText
        case Self.packed("html"), Self.packed("htm"): self = .html
        case Self.packed("json"): self = .json
        default: return nil
        }
    }

    /// An ASCII extension's bytes as `init?(fileName:)` packs them.
    private static func packed(_ ext: StaticString) -> UInt64 {
        ext.withUTF8Buffer { $0.reduce(0) { $0 << 8 | UInt64($1) } }
    }

    /// The extension after the last "." lowercased as Unicode text (what every name went through before).
    package init?(unicodeExtension fileName: String) {
        let scalars = Array(fileName.unicodeScalars)
        guard let dot = scalars.lastIndex(of: "."), dot > 0 else {
            self = .plainText
            return
        }
        switch String(String.UnicodeScalarView(scalars[(dot + 1)...])).lowercased() {
        case "txt", "text": self = .plainText
        case "html", "htm": self = .html
        case "json": self = .json
        default: return nil
        }
    }
}
