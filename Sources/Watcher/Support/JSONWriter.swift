/// Writes JSON straight into UTF-8 bytes, keys in the order given, with every control character escaped.
///
/// Records are written with this instead of `JSONEncoder`: the field order is part of the log's readability
/// (`id` first), and the hot path avoids building dictionaries.
package struct JSONWriter: Sendable {
    package private(set) var bytes: [UInt8] = []
    /// Whether the next value at the current nesting level needs a comma before it. After a nested object or
    /// array closes, the enclosing level has just had a value, so it is simply set again.
    private var needsComma = false

    package init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Values

    package mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    package mutating func int(_ value: Int) {
        separate()
        // Digits written straight into the buffer: records carry many offsets, and `String(value)` allocates. They
        // come out last first, into a small buffer on the stack, then are appended in order. (Reversing them in place
        // through a slice, `bytes[start...].reverse()`, copied the whole output for every number.)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var first = 20
            repeat {
                first -= 1
                digits[first] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[first...]))
        }
    }

    package mutating func double(_ value: Double) {
        separate()
        if value.isFinite {
            bytes.append(contentsOf: String(value).utf8)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    package mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    package mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Inserts already-encoded JSON (for example a value parsed from an input file and re-serialised).
    package mutating func raw(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
    }

    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        needsComma = true
        bytes.append(UInt8(ascii: "}"))
    }

    package mutating func array(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        body(&self)
        needsComma = true
        bytes.append(UInt8(ascii: "]"))
    }

    // MARK: Object members

    /// Writes `"name":` so that the next value call fills it. Names are literals of the record schemas, which need
    /// no escaping, so their bytes are copied as they are.
    package mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    package mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    package mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    package mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    package mutating func field(_ name: StaticString, _ value: Int?) {
        key(name)
        if let value { int(value) } else { null() }
    }

    package mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    package mutating func field(_ name: StaticString, strings: [String]) {
        key(name)
        array { w in for s in strings { w.string(s) } }
    }

    package mutating func field(_ name: StaticString, object body: (inout JSONWriter) -> Void) {
        key(name)
        object(body)
    }

    package mutating func field(_ name: StaticString, array body: (inout JSONWriter) -> Void) {
        key(name)
        array(body)
    }

    // MARK: Encoding

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func appendQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var i = 0
            var run = 0  // start of the bytes not yet copied: safe bytes are copied a run at a time
            let count = utf8.count
            while i < count {
                // Eight bytes at a time while none of them needs a look (most of an article's text).
                if i + 8 <= count, !Self.mayNeedEscape(UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let b = utf8[i]
                if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0x7F && b != 0xC2 && b != 0xE2 {
                    i += 1
                    continue
                }
                if run < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i])) }
                switch b {
                case 0x22: appendEscape(0x22)
                case 0x5C: appendEscape(0x5C)
                case 0x0A: appendEscape(UInt8(ascii: "n"))
                case 0x0D: appendEscape(UInt8(ascii: "r"))
                case 0x09: appendEscape(UInt8(ascii: "t"))
                case 0xC2 where i + 1 < count && utf8[i + 1] >= 0x80 && utf8[i + 1] <= 0x9F:
                    appendUnicodeEscape(UInt16(utf8[i + 1]))  // C1 control
                    i += 1
                case 0xE2 where i + 2 < count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    appendUnicodeEscape(utf8[i + 2] == 0xA8 ? 0x2028 : 0x2029)  // line/paragraph separator
                    i += 2
                case 0xC2, 0xE2:
                    bytes.append(b)
                default:
                    appendUnicodeEscape(UInt16(b))  // C0 control or DEL
                }
                i += 1
                run = i
            }
            if run < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<count])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any byte of `word` is a control byte, `"`, `\\`, DEL, or a lead byte (C2, E2) of a C1 control or a
    /// line/paragraph separator: the has-zero-byte trick on eight bytes at once.
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let control = (word &- ones &* 0x20) & ~word & highs  // some byte < 0x20
        return (control | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C)) | hasZero(word ^ (ones &* 0x7F))
            | hasZero(word ^ (ones &* 0xC2)) | hasZero(word ^ (ones &* 0xE2))) != 0
    }

    /// A backslash and `letter`, byte by byte: an array literal here would allocate for every newline of a text.
    @inline(__always)
    private mutating func appendEscape(_ letter: UInt8) {
        bytes.append(0x5C)
        bytes.append(letter)
    }

    private mutating func appendUnicodeEscape(_ value: UInt16) {
        appendEscape(UInt8(ascii: "u"))
        bytes.append(Self.hexDigits[Int(value >> 12) & 0xF])
        bytes.append(Self.hexDigits[Int(value >> 8) & 0xF])
        bytes.append(Self.hexDigits[Int(value >> 4) & 0xF])
        bytes.append(Self.hexDigits[Int(value) & 0xF])
    }
}
