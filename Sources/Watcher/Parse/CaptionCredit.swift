/// Recognises photo captions by their credit: a short tail after a dash, slash or opening parenthesis that names
/// an agency, outlet or archive («… - رويترز», «…/رويترز», «… (أرشيفية من فرانس برس)»).
package struct CaptionCredit: Sendable {
    let tables: ParserTables
    /// A credit tail has at most this many words; more is a sentence that happens to name an agency.
    static let maxTailWords = 6
    /// Captions are short; a longer line is prose even if it ends with a credit.
    static let maxCaptionWords = 40

    package init(tables: ParserTables) { self.tables = tables }

    package func isCaption(_ block: TextBlock) -> Bool {
        guard !block.shape.terminated, block.shape.words <= Self.maxCaptionWords, Self.hasCreditMark(block.text) else { return false }
        let tokens = Tokenizer.tokens(block.text)
        var index = tokens.count - 1
        var examined = 0
        while index > 0 && examined < 3 {
            if case .symbol(let s) = tokens[index].kind, s == "-" || s == "–" || s == "—" || s == "/" || s == "(" || s == "|" {
                examined += 1
                let tail = tokens[(index + 1)...].filter { $0.isWord || $0.number != nil }
                let head = tokens[..<index].contains { $0.isWord }
                if head, !tail.isEmpty, tail.count <= Self.maxTailWords, tables.credits.occurs(in: Array(tail)) {
                    return true
                }
            }
            index -= 1
        }
        return false
    }

    /// Whether `text` has a mark a credit tail could follow (- – — / ( |): a byte scan, so most lines skip tokenising.
    static func hasCreditMark(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            switch byte {
            case 0x2D, 0x2F, 0x28, 0x7C: return true
            case 0x93 where previous == (0xE2, 0x80), 0x94 where previous == (0xE2, 0x80): return true  // – —
            default: previous = (previous.1, byte)
            }
        }
        return false
    }
}
