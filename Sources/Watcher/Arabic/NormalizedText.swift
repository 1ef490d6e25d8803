/// A text folded for matching (see ``ArabicFolding``), with every folded unit mapped back to where it came from.
///
/// The original text is never changed: a span of folded units maps back to Unicode-scalar offsets (what records
/// report) and UTF-8 byte offsets (to cut the original surface out cheaply).
public struct NormalizedText: Sendable {
    /// The folded units; scalars outside the BMP are ``ArabicFolding/outsideBMP``.
    public let units: [UInt16]
    /// Scalar offset in the original of each unit.
    let scalarStarts: [Int32]
    /// Scalar offset just past each unit, including combining marks and tatweel that were dropped after it.
    let scalarEnds: [Int32]
    /// UTF-8 offsets matching `scalarStarts` and `scalarEnds`.
    let byteStarts: [Int32]
    let byteEnds: [Int32]
    /// The original text's UTF-8 bytes.
    let utf8: [UInt8]
    /// The number of Unicode scalars in the original.
    public let scalarCount: Int

    public init(_ text: String) {
        var text = text
        let bytes = text.withUTF8 { Array($0) }
        let capacity = bytes.count / 2 + 16
        var units: [UInt16] = []
        var scalarStarts: [Int32] = []
        var scalarEnds: [Int32] = []
        var byteStarts: [Int32] = []
        var byteEnds: [Int32] = []
        units.reserveCapacity(capacity)
        scalarStarts.reserveCapacity(capacity)
        scalarEnds.reserveCapacity(capacity)
        byteStarts.reserveCapacity(capacity)
        byteEnds.reserveCapacity(capacity)
        var scalarIndex: Int32 = 0
        ArabicFolding.fold.withUnsafeBufferPointer { fold in
            bytes.withUnsafeBufferPointer { b in
                var i = 0
                let n = b.count
                while i < n {
                    let lead = b[i]
                    var scalar: UInt32
                    var length: Int
                    if lead < 0x80 {
                        scalar = UInt32(lead); length = 1
                    } else if lead < 0xE0 {
                        scalar = UInt32(lead & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F); length = 2
                    } else if lead < 0xF0 {
                        scalar = UInt32(lead & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
                        length = 3
                    } else {
                        scalar = 0x10000; length = 4
                    }
                    let folded = scalar < 0x10000 ? fold[Int(scalar)] : ArabicFolding.outsideBMP
                    if folded != ArabicFolding.dropped {
                        units.append(folded)
                        scalarStarts.append(scalarIndex)
                        scalarEnds.append(scalarIndex + 1)
                        byteStarts.append(Int32(i))
                        byteEnds.append(Int32(i + length))
                    } else if !units.isEmpty, Self.attaches(scalar), scalarEnds[scalarEnds.count - 1] == scalarIndex {
                        // A mark or tatweel belongs to the letter before it: keep it inside that letter's span.
                        scalarEnds[scalarEnds.count - 1] = scalarIndex + 1
                        byteEnds[byteEnds.count - 1] = Int32(i + length)
                    }
                    scalarIndex += 1
                    i += length
                }
            }
        }
        self.units = units
        self.scalarStarts = scalarStarts
        self.scalarEnds = scalarEnds
        self.byteStarts = byteStarts
        self.byteEnds = byteEnds
        self.utf8 = bytes
        self.scalarCount = Int(scalarIndex)
    }

    /// Harakat, shadda, superscript alef, Quranic marks and tatweel: dropped for matching, but part of the word.
    private static func attaches(_ scalar: UInt32) -> Bool {
        (0x064B...0x065F).contains(scalar) || scalar == 0x0670 || scalar == 0x0640
            || (0x0610...0x061A).contains(scalar) || (0x06D6...0x06ED).contains(scalar)
    }

    /// The original scalar offsets `[start, end)` covered by folded units `range`.
    public func scalarRange(of range: Range<Int>) -> Range<Int> {
        Int(scalarStarts[range.lowerBound])..<Int(scalarEnds[range.upperBound - 1])
    }

    /// The original text covered by folded units `range`, marks and all.
    public func original(_ range: Range<Int>) -> String {
        let from = Int(byteStarts[range.lowerBound])
        let to = Int(byteEnds[range.upperBound - 1])
        return String(decoding: utf8[from..<to], as: UTF8.self)
    }

    /// The folded form of `text` as a string, for keys and comparisons.
    public static func fold(_ text: String) -> String {
        let normalized = NormalizedText(text)
        return String(decoding: normalized.units.map { $0 }, as: UTF16.self)
    }
}
