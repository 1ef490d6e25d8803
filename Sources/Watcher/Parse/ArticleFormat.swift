/// How a dropped file is read, decided by its extension.
public enum ArticleFormat: String, Sendable {
    case plainText = "text"
    case html
    case json

    /// `.txt` or no extension → plain text, `.html`/`.htm` → HTML, `.json` → JSON; nil for anything else.
    public init?(fileName: String) {
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
