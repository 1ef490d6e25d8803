/// The form in which text is compared with the parser's tables: hamza-carrying alefs folded to ا, ى to ي,
/// tatweel, diacritics, bidi controls and zero-width characters removed, Latin lowercased, runs of spaces
/// collapsed. Writers vary on exactly these points (أبريل/ابريل, أيضاً/أيضا), so tables stay short.
package enum MatchKey {
    /// The key of `text`, built scalar by scalar.
    package static func of(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            guard let folded = fold(scalar) else { continue }
            if folded == " " {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace { bytes.append(0x20); pendingSpace = false }
            appendUTF8(folded, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One scalar's folded form; nil when it is dropped; a space for any kind of whitespace.
    @inline(__always)
    package static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x0622, 0x0623, 0x0625, 0x0671: return "\u{0627}"  // آ أ إ ٱ → ا
        case 0x0649: return "\u{064A}"  // ى → ي
        case 0x0640, 0x064B...0x065F, 0x0670: return nil  // tatweel, harakat, superscript alef
        case 0x0041...0x005A: return Unicode.Scalar(scalar.value + 0x20)
        case 0x0009...0x000D, 0x0020, 0x0085, 0x00A0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return " "
        default:
            return isInvisible(scalar) ? nil : scalar
        }
    }

    /// Unicode whitespace (White_Space property) by value, without the property-table lookup.
    @inline(__always)
    package static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Appends the UTF-8 form of `scalar` (a hand-written encoder: `UTF8.encode`'s callback costs more per scalar).
    @inline(__always)
    package static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            bytes.append(UInt8(v))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | v >> 6))
            bytes.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | v >> 12))
            bytes.append(UInt8(0x80 | v >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | v & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | v >> 18))
            bytes.append(UInt8(0x80 | v >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | v >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// The lines of `text`, split on its UTF-8 newline bytes (never inside a scalar; no Character iteration).
    package static func lines(_ text: some StringProtocol) -> [Substring] {
        Substring(text).utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// Bidi controls, zero-width spaces and joiners, and the BOM: invisible characters removed from article text.
    @inline(__always)
    package static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// Whether a scalar is a letter of the Arabic or Latin script (the scripts of the articles watcherd reads).
    @inline(__always)
    package static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0041...0x005A, 0x0061...0x007A, 0x00C0...0x024F, 0x0621...0x063A, 0x0641...0x064A, 0x066E...0x06D3,
             0x06FA...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFC:
            return true
        case 0x0000...0x007F, 0x0600...0x06FF, 0x2000...0x206F:
            return false  // the rest of ASCII, Arabic punctuation and digits, general punctuation: no table lookup
        default:
            return scalar.properties.isAlphabetic && !(0x064B...0x065F).contains(scalar.value)
        }
    }

    /// The value of an ASCII, Arabic-Indic (٠-٩) or Persian (۰-۹) digit.
    @inline(__always)
    package static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: return Int(scalar.value - 0x30)
        case 0x0660...0x0669: return Int(scalar.value - 0x0660)
        case 0x06F0...0x06F9: return Int(scalar.value - 0x06F0)
        default: return nil
        }
    }
}
