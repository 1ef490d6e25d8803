/// The two single-byte Arabic code pages watcherd reads, and how to tell them apart when the detector is unsure.
///
/// Both keep ASCII below 0x80 and put the Arabic letters above it, but at different places:
/// - ISO-8859-6 leaves 0xA1–0xAB (except 0xA4), 0xAE–0xBA, 0xBC–0xBE, 0xC0, 0xDB–0xDF and 0xF3–0xFF unassigned and
///   has only C1 controls at 0x80–0x9F, so any of those bytes rules it out; Windows-1256 assigns every byte.
/// - In Windows-1256, 0xDB–0xDF are common letters (غ ـ ف ق ك) and 0x80–0x9F hold punctuation such as “ ” …, while
///   ISO-8859-6 puts its most frequent letters (ه و ى ي at 0xE7–0xEA) where Windows-1256 has the Latin letters
///   ç è é ê, which Arabic prose almost never contains.
/// - Windows-1256 puts ى ي at 0xEC–0xED, where ISO-8859-6 has the rare tanween marks ٌ ٍ.
/// So: a byte undefined in ISO-8859-6 decides for Windows-1256; otherwise the code page whose reading of those
/// bytes gives frequent letters wins, with Windows-1256 on a tie (it is by far the more common of the two).
package enum ArabicCodepage: String, Sendable {
    case windows1256 = "windows-1256"
    case iso88596 = "iso-8859-6"

    /// The name iconv knows it by.
    var iconvName: String { self == .windows1256 ? "WINDOWS-1256" : "ISO-8859-6" }

    /// Maps uchardet's answer to one of the two code pages; nil for any other answer.
    init?(detectorName: String) {
        switch detectorName.uppercased() {
        case "WINDOWS-1256", "CP1256": self = .windows1256
        case "ISO-8859-6", "ISO_8859-6", "ARABIC": self = .iso88596
        default: return nil
        }
    }

    /// Whether the first `sample` bytes hold a byte ISO-8859-6 leaves unassigned (or uses for C1 controls), which
    /// only Windows-1256 text contains: the cheap, certain half of ``guess(_:)``.
    package static func rulesOutISO(_ bytes: [UInt8], sample: Int) -> Bool {
        for byte in bytes.prefix(sample) where byte >= 0x80 && !isAssignedInISO(byte) { return true }
        return false
    }

    @inline(__always)
    private static func isAssignedInISO(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x80...0x9F, 0xA1...0xA3, 0xA5...0xAB, 0xAE...0xBA, 0xBC...0xBE, 0xC0, 0xDB...0xDF, 0xF3...0xFF: false
        default: true
        }
    }

    /// The byte-range vote described above; never fails because Windows-1256 assigns every byte.
    package static func guess(_ bytes: [UInt8]) -> ArabicCodepage {
        var votesISO = 0
        var votesWindows = 0
        for byte in bytes where byte >= 0x80 {
            if !isAssignedInISO(byte) { return .windows1256 }
            switch byte {
            case 0xE7...0xEA:
                votesISO += 1  // ه و ى ي in ISO-8859-6; ç è é ê in Windows-1256
            case 0xEC, 0xED:
                votesWindows += 1  // ى ي in Windows-1256; the rare tanween marks ٌ ٍ in ISO-8859-6
            default:
                break
            }
        }
        return votesISO > votesWindows ? .iso88596 : .windows1256
    }
}
