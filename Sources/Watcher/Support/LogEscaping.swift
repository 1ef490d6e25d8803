/// Makes any text safe for a one-line log entry: control characters (C0, DEL, C1), the Unicode line and paragraph
/// separators, and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are spelled
/// as escapes, so a file name or article text cannot forge a log line or show it reordered (a right-to-left override
/// before «txt.exe» shows «exe.txt»). Bidi marks (U+200E, U+200F, U+061C), common in Arabic, are left as they
/// are: they reorder nothing.
public enum LogEscaping {
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                let hex = String(scalar.value, radix: 16)
                result += "\\u{" + hex + "}"
            }
        }
        return result
    }

    @inline(__always)
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0x2028 || v == 0x2029 || (v >= 0x202A && v <= 0x202E)
            || (v >= 0x2066 && v <= 0x2069)
    }
}
