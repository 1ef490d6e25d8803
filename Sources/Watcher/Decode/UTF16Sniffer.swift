/// Recognises UTF-16 without a byte-order mark by where its zero and Arabic high bytes fall.
///
/// Text in UTF-16 has one byte of every pair drawn from a tiny set (0x00 for ASCII, 0x06 for Arabic, 0x20 for
/// punctuation, 0xFB/0xFE for presentation forms) while the other byte varies. No single-byte or UTF-8 text shows
/// that pattern, and ASCII spaces and newlines guarantee zero bytes, so it is checked before the NUL test.
enum UTF16Sniffer {
    /// `true` for little-endian, `false` for big-endian, nil when the bytes do not look like UTF-16.
    static func byteOrder(of bytes: [UInt8]) -> Bool? {
        guard bytes.count >= 4, bytes.count % 2 == 0 else { return nil }
        var highAtOdd = 0, highAtEven = 0, zeroAtOdd = 0, zeroAtEven = 0
        let sample = min(bytes.count, 4096)
        // Both verdicts need a zero byte in the sample; text that is not UTF-16 has none, and memchr says so fast.
        guard ByteSearch.contains(0, in: bytes, prefix: sample) else { return nil }
        var i = 0
        while i + 1 < sample {
            let even = bytes[i], odd = bytes[i + 1]
            if isHighByte(odd) { highAtOdd += 1 }
            if isHighByte(even) { highAtEven += 1 }
            if odd == 0 { zeroAtOdd += 1 }
            if even == 0 { zeroAtEven += 1 }
            i += 2
        }
        let pairs = sample / 2
        // Nearly every pair's high byte comes from the small set, and at least some are zero (spaces, newlines).
        if highAtOdd * 10 >= pairs * 9 && zeroAtOdd > 0 && zeroAtEven * 10 < pairs { return true }
        if highAtEven * 10 >= pairs * 9 && zeroAtEven > 0 && zeroAtOdd * 10 < pairs { return false }
        return nil
    }

    @inline(__always)
    private static func isHighByte(_ byte: UInt8) -> Bool {
        byte == 0x00 || byte == 0x06 || byte == 0x20 || byte == 0xFB || byte == 0xFE || byte == 0xFD
    }
}
