/// Decodes HTML character references left in text that libxml2 did not decode: JSON-LD inside `<script>` and
/// values a CMS escaped twice (`&amp;quot;` arrives as `&quot;`).
package enum HTMLEntities {
    /// The named references seen in news pages' metadata.
    static let named: [String: Unicode.Scalar] = [
        "quot": "\"", "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": "\u{00A0}", "laquo": "«", "raquo": "»",
        "hellip": "…", "ndash": "–", "mdash": "—", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "zwnj": "\u{200C}", "zwj": "\u{200D}", "rlm": "\u{200F}", "lrm": "\u{200E}", "copy": "©", "middot": "·",
        "bull": "•", "shy": "\u{00AD}", "times": "×",
    ]

    /// `text` with every `&name;`, `&#N;` and `&#xH;` it knows replaced; unknown references stay as written.
    package static func decode(_ text: String) -> String {
        guard text.utf8.contains(0x26) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            guard scalar == "&", let semicolon = scalars[(i + 1)...].prefix(10).firstIndex(of: ";") else {
                out.append(scalar)
                i += 1
                continue
            }
            let name = String(String.UnicodeScalarView(scalars[(i + 1)..<semicolon]))
            var decoded: Unicode.Scalar?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if name.hasPrefix("#") {
                decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
            } else {
                decoded = named[name]
            }
            if let decoded {
                out.append(decoded)
                i = semicolon + 1
            } else {
                out.append(scalar)
                i += 1
            }
        }
        return String(out)
    }
}
