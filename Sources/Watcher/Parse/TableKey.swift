/// A ``MatchKey`` as UTF-8 bytes, for the parser's sets and dictionaries.
///
/// Hashing and comparing Arabic `String`s goes through Unicode normalisation on every lookup; these folded bytes
/// need none. Keys of up to 24 bytes (nearly every word) are stored inline in three words, so tokenising text
/// allocates nothing per word and hashing is three integer combines.
package struct TableKey: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var w2: UInt64 = 0
    package private(set) var count = 0
    /// All bytes, only for keys longer than the inline storage.
    private var spill: [UInt8]?

    static let inlineCapacity = 24

    package init() {}

    package init(utf8: some Sequence<UInt8>) {
        for byte in utf8 { append(byte) }
    }

    /// A key from bytes already in an array; long keys keep the array itself instead of copying byte by byte.
    package init(bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { TableKey(copyingInline: $0) }
        if bytes.count > Self.inlineCapacity { spill = bytes }
    }

    /// A key from bytes in memory, copied in one move (a word or line the scanners found unchanged by folding).
    package init(copying bytes: UnsafeBufferPointer<UInt8>) {
        self.init(copyingInline: bytes)
        if bytes.count > Self.inlineCapacity { spill = Array(bytes) }
    }

    /// Fills the inline words from the first 24 bytes and sets the count; the caller adds `spill` for longer keys.
    /// Each word is put together from at most two loads inside the bytes: copying with `memcpy` and then reading the
    /// words whole stalled on store forwarding, a tenth of tokenising.
    private init(copyingInline bytes: UnsafeBufferPointer<UInt8>) {
        #if _endian(little)
        count = bytes.count
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let raw = UnsafeRawPointer(base)
        let length = min(bytes.count, Self.inlineCapacity)
        w0 = Self.word(raw, min(length, 8))
        if length > 8 { w1 = Self.word(raw + 8, min(length - 8, 8)) }
        if length > 16 { w2 = Self.word(raw + 16, length - 16) }
        #else
        for byte in bytes.prefix(Self.inlineCapacity) { append(byte) }
        count = bytes.count
        #endif
    }

    /// The `length` (1...8) bytes at `raw` as a little-endian word, read without touching a byte past them: two
    /// overlapping loads whose shared bytes agree.
    @inline(__always)
    private static func word(_ raw: UnsafeRawPointer, _ length: Int) -> UInt64 {
        switch length {
        case 8:
            return raw.loadUnaligned(as: UInt64.self)
        case 4...7:
            let low = UInt64(raw.loadUnaligned(as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self))
            return low | high << UInt64((length - 4) * 8)
        case 2...3:
            let low = UInt64(raw.loadUnaligned(as: UInt16.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: length - 2, as: UInt16.self))
            return low | high << UInt64((length - 2) * 8)
        default:
            return UInt64(raw.load(as: UInt8.self))
        }
    }

    /// The key of text that is already in ``MatchKey`` form.
    package init(matchKey: String) { self.init(utf8: matchKey.utf8) }

    /// The key of any text.
    package init(_ text: some StringProtocol) { self.init(matchKey: MatchKey.of(text)) }

    package init(stringLiteral value: String) { self.init(value) }

    @inline(__always)
    package mutating func append(_ byte: UInt8) {
        if count < Self.inlineCapacity {
            let shift = UInt64((count & 7) * 8)
            switch count >> 3 {
            case 0: w0 |= UInt64(byte) << shift
            case 1: w1 |= UInt64(byte) << shift
            default: w2 |= UInt64(byte) << shift
            }
        } else {
            if spill == nil { spill = Array(inlineBytes) }
            spill!.append(byte)
        }
        count += 1
    }

    /// Appends the UTF-8 form of `scalar`.
    @inline(__always)
    package mutating func append(scalar: Unicode.Scalar) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            append(UInt8(v))
        case 0x80..<0x800:
            append(UInt8(0xC0 | v >> 6))
            append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            append(UInt8(0xE0 | v >> 12))
            append(UInt8(0x80 | v >> 6 & 0x3F))
            append(UInt8(0x80 | v & 0x3F))
        default:
            append(UInt8(0xF0 | v >> 18))
            append(UInt8(0x80 | v >> 12 & 0x3F))
            append(UInt8(0x80 | v >> 6 & 0x3F))
            append(UInt8(0x80 | v & 0x3F))
        }
    }

    private var inlineBytes: [UInt8] {
        (0..<min(count, Self.inlineCapacity)).map { i in
            let word = i < 8 ? w0 : i < 16 ? w1 : w2
            return UInt8(truncatingIfNeeded: word >> UInt64((i & 7) * 8))
        }
    }

    /// The key's bytes.
    package var utf8: [UInt8] { spill ?? inlineBytes }

    /// Calls `body` with the key's bytes in place, without building an array (the scans over every line use this).
    package func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let spill { return spill.withUnsafeBufferPointer(body) }
        #if _endian(little)
        var words = (w0, w1, w2)
        let count = count
        return withUnsafeBytes(of: &words) { body(UnsafeBufferPointer(start: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)) }
        #else
        return inlineBytes.withUnsafeBufferPointer(body)
        #endif
    }

    /// Whether the key ends with `suffix`'s bytes.
    package func hasSuffix(_ suffix: TableKey) -> Bool {
        guard suffix.count <= count else { return false }
        return withUTF8 { key in suffix.withUTF8 { tail in key.suffix(tail.count).elementsEqual(tail) } }
    }

    /// The key's first `length` bytes (at most ``count``); short results are built from the inline words alone.
    package func prefix(_ length: Int) -> TableKey {
        guard length < count else { return self }
        guard length > Self.inlineCapacity else {
            var key = TableKey()
            #if _endian(little)
            @inline(__always) func masked(_ word: UInt64, from start: Int) -> UInt64 {
                let kept = min(max(length - start, 0), 8)
                return kept == 8 ? word : word & ((1 << UInt64(kept * 8)) &- 1)
            }
            key.w0 = masked(w0, from: 0)
            key.w1 = masked(w1, from: 8)
            key.w2 = masked(w2, from: 16)
            key.count = length
            #else
            for byte in utf8.prefix(length) { key.append(byte) }
            #endif
            return key
        }
        return TableKey(bytes: Array(spill!.prefix(length)))
    }

    package var isEmpty: Bool { count == 0 }

    /// A cheap multiplicative mix of the first 24 bytes and the length, equal for equal keys: for prefilters
    /// (``TableKeyFilter``) that skip most dictionary lookups before `Hasher` runs.
    @inline(__always)
    package var quickHash: UInt64 {
        (w0 &* 0x9E37_79B9_7F4A_7C15) ^ (w1 &* 0xC2B2_AE3D_27D4_EB4F) ^ ((w2 ^ UInt64(count)) &* 0x1656_67B1_9E37_79F9)
    }

    /// Hashes the length, the first 24 bytes and, for longer keys, the last 8: constant work even for whole-line
    /// keys, which are looked up in several tables per line. Equality still compares every byte.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        hasher.combine(w0)
        hasher.combine(w1)
        hasher.combine(w2)
        if let spill {
            spill.withUnsafeBytes { hasher.combine($0.loadUnaligned(fromByteOffset: $0.count - 8, as: UInt64.self)) }
        }
    }

    /// A 64-bit summary of the key (``quickHash`` plus, for long keys, their last 8 bytes), for comparing word sets
    /// as sorted integer arrays. Distinct keys share one only by a hash collision.
    package var fingerprint: UInt64 {
        guard let spill else { return quickHash }
        let tail = spill.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: $0.count - 8, as: UInt64.self) }
        return quickHash ^ (tail &* 0xD6E8_FEB8_6659_FD93)
    }

    package static func == (a: TableKey, b: TableKey) -> Bool {
        a.count == b.count && a.w0 == b.w0 && a.w1 == b.w1 && a.w2 == b.w2 && a.spill == b.spill
    }

    package var description: String { String(decoding: utf8, as: UTF8.self) }

    /// The key with a leading conjunction و removed, when at least three letters remain («وتتمركز» → «تتمركز»).
    package var withoutConjunction: TableKey {
        guard count >= 8, w0 & 0xFFFF == 0x88D9 else { return self }
        #if _endian(little)
        if spill == nil {
            // Two bytes shifted out of the inline words: no array for the most common long words.
            var key = TableKey()
            key.w0 = w0 >> 16 | w1 << 48
            key.w1 = w1 >> 16 | w2 << 48
            key.w2 = w2 >> 16
            key.count = count - 2
            return key
        }
        #endif
        return TableKey(utf8: utf8.dropFirst(2))
    }
}
