/// One word of a ``NormalizedText``: a maximal run of letters and digits, with what separated it from the word before.
public struct ArabicToken: Sendable, Equatable {
    /// What lies between a token and the one before it; matching never crosses a ``sentence`` or ``clause`` gap.
    public enum Gap: UInt8, Sendable, Comparable {
        case space = 0
        /// Only quotes (and spaces): «قناة “الحرة”» is still one name.
        case quote = 1
        case symbol = 2
        case clause = 3
        case sentence = 4

        public static func < (a: Gap, b: Gap) -> Bool { a.rawValue < b.rawValue }
    }

    /// Folded-unit range `[start, end)`.
    public let start: Int32
    public let end: Int32
    public let gapBefore: Gap
    /// 0-based index of the sentence the token is in.
    public let sentence: Int32

    public var range: Range<Int> { Int(start)..<Int(end) }
    public var length: Int { Int(end - start) }
}
