/// Byte-level UTF-8 checks used where text must be validated without building Strings.
package enum UTF8Validation {
    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0 when the bytes there are ill-formed.
    @inline(__always)
    package static func sequenceLength(_ bytes: some RandomAccessCollection<UInt8>, at index: Int) -> Int {
        let start = bytes.index(bytes.startIndex, offsetBy: index)
        let b0 = bytes[start]
        if b0 < 0x80 { return 1 }
        let remaining = bytes.count - index
        func cont(_ k: Int) -> UInt8? {
            k < remaining ? bytes[bytes.index(start, offsetBy: k)] : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let b1 = cont(1), b1 & 0xC0 == 0x80 else { return 0 }
            return 2
        case 0xE0...0xEF:
            guard let b1 = cont(1), let b2 = cont(2), b2 & 0xC0 == 0x80 else { return 0 }
            let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            return (low...high).contains(b1) ? 3 : 0
        case 0xF0...0xF4:
            guard let b1 = cont(1), let b2 = cont(2), let b3 = cont(3),
                  b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return 0 }
            let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            return (low...high).contains(b1) ? 4 : 0
        default:
            return 0
        }
    }
}
