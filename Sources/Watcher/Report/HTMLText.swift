/// Text from articles made safe for HTML, and the writing direction it needs.
public enum HTMLText {
    /// `text` with `& < > " '` as character references, so it is safe in element content and in quoted attributes;
    /// control characters (which HTML forbids) become U+FFFD.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFEFF {
                    result.unicodeScalars.append("\u{FFFD}")
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// `rtl` when most letters of `text` are Arabic-script, `ltr` otherwise (an empty text is `ltr`).
    public static func direction(_ text: String) -> String {
        var arabic = 0, other = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (0x0600...0x06FF).contains(v) || (0x0750...0x077F).contains(v) || (0x08A0...0x08FF).contains(v)
                || (0xFB50...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v) {
                arabic += 1
            } else if scalar.properties.isAlphabetic {
                other += 1
            }
        }
        return arabic > other ? "rtl" : "ltr"
    }
}
