/// Writes JSON straight into UTF-8 bytes, keys in the order given, with every control character escaped.
///
/// Records are written with this instead of `JSONEncoder`: the field order is part of the log's readability
/// (`id` first), and the hot path avoids building dictionaries. The bytes go into a buffer the writer owns (it is
/// noncopyable, so nothing else can hold that buffer): room for a whole string is made once, and then its bytes are
/// stored without the uniqueness and capacity checks an `Array` makes on every append.
package struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Whether the next value at the current nesting level needs a comma before it. After a nested object or
    /// array closes, the enclosing level has just had a value, so it is simply set again.
    private var needsComma = false

    package init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The JSON written so far.
    package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    // MARK: Buffer

    /// Makes room for `n` more bytes.
    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let address = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).initialize(from: address, count: bytes.count)
        count += bytes.count
    }

    private mutating func put(_ literal: StaticString) {
        literal.withUTF8Buffer { put($0) }
    }

    // MARK: Values

    package mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    package mutating func int(_ value: Int) {
        separate()
        // Digits come out last first, into the buffer's spare room, then are reversed there: records carry many
        // offsets, and `String(value)` allocates.
        // The writes go through locals: a byte stored through `base` might alias `self.count` as far as the
        // compiler knows, so storing through `self` made it reload `base` and `count` after every byte.
        reserve(21)  // a sign and up to 20 digits
        let base = self.base
        var end = count
        if value < 0 {
            base[end] = UInt8(ascii: "-")
            end += 1
        }
        var magnitude = value.magnitude
        let first = end
        repeat {
            base[end] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            end += 1
            magnitude /= 10
        } while magnitude > 0
        var digits = UnsafeMutableBufferPointer(start: base + first, count: end - first)
        digits.reverse()
        count = end
    }

    package mutating func double(_ value: Double) {
        separate()
        if value.isFinite {
            var text = String(value)
            text.withUTF8 { put($0) }
        } else {
            put("null")
        }
    }

    package mutating func bool(_ value: Bool) {
        separate()
        put(value ? "true" : "false")
    }

    package mutating func null() {
        separate()
        put("null")
    }

    /// Inserts already-encoded JSON (for example a value parsed from an input file and re-serialised).
    package mutating func raw(_ json: [UInt8]) {
        separate()
        json.withUnsafeBufferPointer { put($0) }
    }

    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        put(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        needsComma = true
        put(UInt8(ascii: "}"))
    }

    package mutating func array(_ body: (inout JSONWriter) -> Void) {
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
        body(&self)
        needsComma = true
        put(UInt8(ascii: "]"))
    }

    // MARK: Object members

    /// Writes `"name":` so that the next value call fills it. Names are literals of the record schemas, which need
    /// no escaping, so their bytes are copied as they are.
    package mutating func key(_ name: StaticString) {
        separate()
        name.withUTF8Buffer { name in
            reserve(name.count + 3)
            // Byte by byte: names are a few bytes, shorter than a call to memmove is worth. Through a local
            // pointer, as in `int(_:)`.
            let out = base + count
            out[0] = UInt8(ascii: "\"")
            for i in 0..<name.count { out[1 + i] = name[i] }
            out[name.count + 1] = UInt8(ascii: "\"")
            out[name.count + 2] = UInt8(ascii: ":")
            count += name.count + 3
        }
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

    @inline(__always)
    private mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
        needsComma = true
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func appendQuoted(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            // The longest an escaped string can get: six bytes (\u00XX) for every byte, and the quotes.
            reserve(utf8.count * 6 + 2)
            base[count] = UInt8(ascii: "\"")
            count += 1
            var i = 0
            var run = 0  // start of the bytes not yet copied: safe bytes are copied a run at a time
            let n = utf8.count
            @inline(__always) func flush(_ end: Int) {
                if run < end {
                    (base + count).initialize(from: utf8.baseAddress! + run, count: end - run)
                    count += end - run
                }
            }
            let raw = UnsafeRawPointer(utf8.baseAddress!)
            while i < n {
                // Sixteen bytes at a time while none of them needs a look (most of an article's text), as two words
                // and one branch; when one does, straight to the first byte that may (the mask's lowest byte is exact,
                // see `lookMask`), which is then taken by the byte-by-byte code below.
                if i + 16 <= n {
                    let low = Self.lookMask(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    let high = Self.lookMask(raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
                    if low | high == 0 {
                        i += 16
                        continue
                    }
                    i += low != 0 ? low.trailingZeroBitCount >> 3 : 8 + (high.trailingZeroBitCount >> 3)
                } else if i + 8 <= n {
                    let mask = Self.lookMask(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    if mask == 0 {
                        i += 8
                        continue
                    }
                    i += mask.trailingZeroBitCount >> 3
                }
                let b = utf8[i]
                if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0x7F && b != 0xC2 && b != 0xE2 {
                    i += 1
                    continue
                }
                flush(i)
                switch b {
                case 0x22: escape(0x22)
                case 0x5C: escape(0x5C)
                case 0x0A: escape(UInt8(ascii: "n"))
                case 0x0D: escape(UInt8(ascii: "r"))
                case 0x09: escape(UInt8(ascii: "t"))
                case 0xC2 where i + 1 < n && utf8[i + 1] >= 0x80 && utf8[i + 1] <= 0x9F:
                    unicodeEscape(UInt16(utf8[i + 1]))  // C1 control
                    i += 1
                case 0xE2 where i + 2 < n && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    unicodeEscape(utf8[i + 2] == 0xA8 ? 0x2028 : 0x2029)  // line/paragraph separator
                    i += 2
                case 0xC2, 0xE2:
                    base[count] = b
                    count += 1
                default:
                    unicodeEscape(UInt16(b))  // C0 control or DEL
                }
                i += 1
                run = i
            }
            flush(n)
            base[count] = UInt8(ascii: "\"")
            count += 1
        }
    }

    /// The high bit of each byte of `word` (little-endian: byte k is bits 8k…8k+7) that may need a look: a control
    /// byte, `"`, `\\`, DEL, or a lead byte (C2, E2) of a C1 control or a line/paragraph separator; 0 when none does.
    /// The has-zero-byte trick on eight bytes at once. A borrow can only flag bytes above a flagged one, so the
    /// lowest flagged byte is always one that needs the look, and every byte below it is safe.
    @inline(__always)
    private static func lookMask(_ word: UInt64) -> UInt64 {
        let word = UInt64(littleEndian: word)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let control = (word &- ones &* 0x20) & ~word & highs  // some byte < 0x20
        // C2 and E2 differ only in bit 5: setting it in every byte tests for both at once.
        return control | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C)) | hasZero(word ^ (ones &* 0x7F))
            | hasZero((word | ones &* 0x20) ^ (ones &* 0xE2))
    }

    /// A backslash and `letter`, in room already reserved.
    @inline(__always)
    private mutating func escape(_ letter: UInt8) {
        base[count] = 0x5C
        base[count + 1] = letter
        count += 2
    }

    /// `\uXXXX`, in room already reserved.
    private mutating func unicodeEscape(_ value: UInt16) {
        escape(UInt8(ascii: "u"))
        base[count] = Self.hexDigits[Int(value >> 12) & 0xF]
        base[count + 1] = Self.hexDigits[Int(value >> 8) & 0xF]
        base[count + 2] = Self.hexDigits[Int(value >> 4) & 0xF]
        base[count + 3] = Self.hexDigits[Int(value) & 0xF]
        count += 4
    }
}
