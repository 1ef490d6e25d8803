/// A single-byte code page as a 256-entry table of UTF-8 sequences, so a file converts by lookup: one pass, no iconv
/// descriptor and no 4× output buffer per file.
///
/// Each table is derived once per process from glibc's iconv (the converter watcherd always used), byte by byte, so the
/// text it gives is the text iconv gave; a byte iconv rejects stays unassigned and still fails the file.
struct CodepageTable: Sendable {
    /// Per byte: its UTF-8 bytes packed little-end first in the low 24 bits, their count in the top 8 (0: unassigned).
    private let entries: [UInt32]

    /// The table for a code page, or why iconv could not provide it (computed once, on first use).
    static func table(for codepage: ArabicCodepage) -> Result<CodepageTable, CharsetLibrary.ConversionFailure> {
        switch codepage {
        case .windows1256: windows1256
        case .iso88596: iso88596
        }
    }

    private static let windows1256 = build(.windows1256)
    private static let iso88596 = build(.iso88596)

    private static func build(_ codepage: ArabicCodepage) -> Result<CodepageTable, CharsetLibrary.ConversionFailure> {
        var entries = [UInt32](repeating: 0, count: 256)
        for byte in 0..<256 {
            switch CharsetLibrary.convertToUTF8([UInt8(byte)], from: codepage.iconvName) {
            case .success(let utf8) where (1...3).contains(utf8.count):
                var packed = UInt32(utf8.count) << 24
                for (shift, unit) in utf8.enumerated() { packed |= UInt32(unit) << (8 * UInt32(shift)) }
                entries[byte] = packed
            case .success, .failure(.invalidByte):
                entries[byte] = 0
            case .failure(.unavailable(let reason)):
                return .failure(.unavailable(reason: reason))
            }
        }
        return .success(CodepageTable(entries: entries))
    }

    /// The bytes as UTF-8 text, or the offset of the first byte the code page leaves unassigned.
    func decode(_ bytes: [UInt8]) -> Result<String, CharsetLibrary.ConversionFailure> {
        var invalid: Int?
        let text = entries.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { input in
                String(unsafeUninitializedCapacity: input.count * 3) { output in
                    var out = 0
                    for (offset, byte) in input.enumerated() {
                        if byte < 0x80 {
                            output[out] = byte
                            out += 1
                            continue
                        }
                        let entry = table[Int(byte)]
                        let count = Int(entry >> 24)
                        if count == 0 {
                            invalid = offset
                            return 0
                        }
                        output[out] = UInt8(truncatingIfNeeded: entry)
                        if count > 1 { output[out + 1] = UInt8(truncatingIfNeeded: entry >> 8) }
                        if count > 2 { output[out + 2] = UInt8(truncatingIfNeeded: entry >> 16) }
                        out += count
                    }
                    return out
                }
            }
        }
        if let invalid { return .failure(.invalidByte(offset: invalid)) }
        return .success(text)
    }
}
