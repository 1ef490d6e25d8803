/// An article's text as UTF-8 with the byte offset of every Unicode scalar, so pieces named by scalar offsets
/// (what records report) are cut out as byte slices, without decoding the text into an array of scalars.
struct ArticleScalars {
    let utf8: [UInt8]
    /// `starts[i]` is the byte offset of scalar `i`; the last entry is the byte count.
    private let starts: [Int32]

    init(_ text: String) {
        var text = text
        utf8 = text.withUTF8 { Array($0) }
        let count = utf8.count
        let starts = utf8.withUnsafeBufferPointer { bytes in
            [Int32](unsafeUninitializedCapacity: count + 1) { starts, filled in
                var k = 0
                for offset in 0..<count where bytes[offset] & 0xC0 != 0x80 {  // every byte that is not a continuation
                    starts[k] = Int32(offset)
                    k += 1
                }
                starts[k] = Int32(count)
                filled = k + 1
            }
        }
        self.starts = starts
    }

    /// The number of scalars.
    var count: Int { starts.count - 1 }

    /// The bytes of scalars `range` (clamped to the text).
    func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> {
        let range = range.clamped(to: 0..<count)
        return utf8[Int(starts[range.lowerBound])..<Int(starts[range.upperBound])]
    }

    /// The text of scalars `range` (clamped to the text).
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes(range), as: UTF8.self)
    }

    /// Whether scalar `index` is whitespace (the White_Space property, by value).
    func isSpace(_ index: Int) -> Bool {
        let (value, _) = utf8.withUnsafeBufferPointer { UTF8Scalar.decode($0, at: Int(starts[index])) }
        guard value < 0x10000 else { return false }  // nothing outside the BMP is whitespace
        return MatchKey.isSpace(Unicode.Scalar(value).unsafelyUnwrapped)
    }
}
