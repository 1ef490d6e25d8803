/// A text folded for matching (see ``ArabicFolding``), with every folded unit mapped back to where it came from.
///
/// The original text is never changed: a span of folded units maps back to Unicode-scalar offsets (what records
/// report) and UTF-8 byte offsets (to cut the original surface out cheaply).
public struct NormalizedText: Sendable {
    /// The folded units; scalars outside the BMP are ``ArabicFolding/outsideBMP``.
    public let units: [UInt16]
    /// Per unit, four offsets into the original: scalar start, scalar end, UTF-8 start, UTF-8 end. An end includes
    /// the combining marks and tatweel dropped after the unit, so a mention keeps its harakat.
    private let offsets: [Int32]
    /// The original text (native UTF-8): surfaces are cut from it by byte offsets, as substrings, whose bytes need
    /// no second validation.
    private let source: String
    /// The number of Unicode scalars in the original.
    public let scalarCount: Int

    public init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        var scalarIndex: Int32 = 0
        var unitCount = 0
        // Every unit comes from at least one byte, so the byte count bounds the unit count.
        var offsets: [Int32] = []
        let byteCount = text.utf8.count
        let units = [UInt16](unsafeUninitializedCapacity: byteCount) { unitBuffer, initialized in
            offsets = [Int32](unsafeUninitializedCapacity: byteCount * 4) { offsetBuffer, offsetCount in
                ArabicFolding.fold.withUnsafeBufferPointer { fold in
                    text.withUTF8 { b in
                        var i = 0
                        let n = b.count
                        while i < n {
                            let (scalar, length) = UTF8Scalar.decode(b, at: i)
                            let folded = scalar < 0x10000 ? fold[Int(scalar)] : ArabicFolding.outsideBMP
                            if folded != ArabicFolding.dropped {
                                unitBuffer[unitCount] = folded
                                let o = unitCount * 4
                                offsetBuffer[o] = scalarIndex
                                offsetBuffer[o + 1] = scalarIndex + 1
                                offsetBuffer[o + 2] = Int32(i)
                                offsetBuffer[o + 3] = Int32(i + length)
                                unitCount += 1
                            } else if unitCount > 0, Self.attaches(scalar), offsetBuffer[unitCount * 4 - 3] == scalarIndex {
                                // A mark or tatweel belongs to the letter before it: keep it inside that letter's span.
                                offsetBuffer[unitCount * 4 - 3] = scalarIndex + 1
                                offsetBuffer[unitCount * 4 - 1] = Int32(i + length)
                            }
                            scalarIndex += 1
                            i += length
                        }
                    }
                }
                offsetCount = unitCount * 4
            }
            initialized = unitCount
        }
        self.units = units
        self.offsets = offsets
        self.source = text
        self.scalarCount = Int(scalarIndex)
    }

    /// Harakat, shadda, superscript alef, Quranic marks, tatweel and standalone hamza: dropped for matching, but part
    /// of the word («الوزراء» keeps its ء in a surface).
    private static func attaches(_ scalar: UInt32) -> Bool {
        (0x064B...0x065F).contains(scalar) || scalar == 0x0670 || scalar == 0x0640 || scalar == 0x0621
            || (0x0610...0x061A).contains(scalar) || (0x06D6...0x06ED).contains(scalar)
    }

    /// The original scalar offsets `[start, end)` covered by folded units `range`.
    public func scalarRange(of range: Range<Int>) -> Range<Int> {
        Int(offsets[range.lowerBound * 4])..<Int(offsets[(range.upperBound - 1) * 4 + 1])
    }

    /// The original text covered by folded units `range`, marks and all.
    public func original(_ range: Range<Int>) -> String {
        let from = source.utf8.index(source.utf8.startIndex, offsetBy: Int(offsets[range.lowerBound * 4 + 2]))
        let to = source.utf8.index(source.utf8.startIndex, offsetBy: Int(offsets[(range.upperBound - 1) * 4 + 3]))
        return String(source[from..<to])
    }

    /// The original text between two Unicode-scalar offsets (clamped to the text), as a substring: no copy, and
    /// no second validation when it is made a `String`.
    public func original(scalars range: Range<Int>) -> Substring {
        let utf8 = source.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: utf8Offset(ofScalar: range.lowerBound))
        let to = utf8.index(utf8.startIndex, offsetBy: utf8Offset(ofScalar: max(range.lowerBound, range.upperBound)))
        return source[from..<to]
    }

    /// The original scalar at a Unicode-scalar offset (< ``scalarCount``).
    public func originalScalar(at offset: Int) -> Unicode.Scalar {
        let byte = utf8Offset(ofScalar: offset)
        // `init` made the source contiguous UTF-8, so its bytes are always available in place.
        return source.utf8.withContiguousStorageIfAvailable { Unicode.Scalar(UTF8Scalar.decode($0, at: byte).value)! }!
    }

    /// The UTF-8 offset of scalar `scalar` of the original (clamped to `0...scalarCount`): the folded unit that starts
    /// at or before it is found by binary search, and the few scalars folding dropped after it are stepped over.
    func utf8Offset(ofScalar scalar: Int) -> Int {
        guard scalar > 0 else { return 0 }
        guard scalar < scalarCount else { return source.utf8.count }
        var low = 0, high = units.count
        while low < high {
            let mid = (low + high) / 2
            if Int(offsets[mid * 4]) <= scalar { low = mid + 1 } else { high = mid }
        }
        var byte = low == 0 ? 0 : Int(offsets[(low - 1) * 4 + 2])
        var at = low == 0 ? 0 : Int(offsets[(low - 1) * 4])
        guard at < scalar else { return byte }
        return source.utf8.withContiguousStorageIfAvailable { utf8 in
            while at < scalar {
                byte += UTF8Scalar.decode(utf8, at: byte).length
                at += 1
            }
            return byte
        }!
    }

    /// The folded form of `text` as a string, for keys and comparisons.
    public static func fold(_ text: String) -> String {
        let normalized = NormalizedText(text)
        return String(decoding: normalized.units, as: UTF16.self)
    }
}
