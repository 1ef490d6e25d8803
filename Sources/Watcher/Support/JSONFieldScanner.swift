/// Reads chosen fields out of one JSON object line without building the whole value: a record is mostly its entity
/// mentions, which replay does not need, and skipping them byte by byte is far cheaper than parsing them.
///
/// Strict about structure (an unterminated string or object is an error), so a torn or foreign line is counted as
/// unreadable instead of yielding half a record.
struct JSONFieldScanner {
    struct Malformed: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Throws unless only whitespace is left: the line held one value, not one and then more.
    mutating func end() throws(Malformed) {
        skipSpace()
        guard index == bytes.count else { throw Malformed() }
    }

    /// Calls `body` with each member name of the object that starts here; `body` must consume the value (with
    /// ``string()``, ``object(_:)`` or ``skipValue()``).
    mutating func object(_ body: (inout JSONFieldScanner, UnsafeBufferPointer<UInt8>) throws(Malformed) -> Void) throws(Malformed) {
        try members { (s, name) throws(Malformed) in
            try body(&s, name)
            return true
        }
    }

    /// Like ``object(_:)``, but stops after the member for which `body` returns false: the rest of the object is not
    /// read (nor checked), so a line's leading fields are found without stepping over the megabytes behind them.
    mutating func members(_ body: (inout JSONFieldScanner, UnsafeBufferPointer<UInt8>) throws(Malformed) -> Bool) throws(Malformed) {
        try elements(open: UInt8(ascii: "{"), close: UInt8(ascii: "}")) { (s) throws(Malformed) in
            let name = try s.rawString()
            s.skipSpace()
            try s.expect(UInt8(ascii: ":"))
            s.skipSpace()
            return try body(&s, name)
        }
    }

    /// Whether the value here is a string.
    var atString: Bool { peek() == UInt8(ascii: "\"") }

    /// A string value (escapes decoded), or nil for `null`.
    mutating func string() throws(Malformed) -> String? {
        if peek() == UInt8(ascii: "n") {
            try literal("null")
            return nil
        }
        let raw = try rawString()
        guard ByteSearch.firstIndex(of: UInt8(ascii: "\\"), in: raw, from: 0) != nil else {
            return String(decoding: raw, as: UTF8.self)
        }
        return try Self.unescape(raw)
    }

    /// Calls `body` for each element of the array that starts here (nothing for `null`); `body` must consume it.
    mutating func array(_ body: (inout JSONFieldScanner) throws(Malformed) -> Void) throws(Malformed) {
        if peek() == UInt8(ascii: "n") {
            try literal("null")
            return
        }
        try elements(open: UInt8(ascii: "["), close: UInt8(ascii: "]")) { (s) throws(Malformed) in
            try body(&s)
            return true
        }
    }

    /// The members of an object or the elements of an array: `open`, then `body` for each one with the separating
    /// commas and spaces consumed around it, then `close`; or up to the element for which `body` returns false.
    private mutating func elements(open: UInt8, close: UInt8, _ body: (inout JSONFieldScanner) throws(Malformed) -> Bool) throws(Malformed) {
        try expect(open)
        skipSpace()
        if peek() == close {
            index += 1
            return
        }
        while true {
            skipSpace()
            guard try body(&self) else { return }
            skipSpace()
            guard let next = peek() else { throw Malformed() }
            index += 1
            if next == close { return }
            guard next == UInt8(ascii: ",") else { throw Malformed() }
        }
    }

    /// A non-negative integer value; anything else (a sign, a fraction, an exponent, a string) is malformed.
    mutating func integer() throws(Malformed) -> Int {
        var value = 0
        let start = index
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw Malformed() }
            value = product + Int(byte - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start else { throw Malformed() }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw Malformed()
        }
        return value
    }

    /// The bytes of the value that starts here (any kind), as written.
    mutating func rawValue() throws(Malformed) -> [UInt8] {
        skipSpace()
        let start = index
        try skipValue()
        return Array(bytes[start..<index])
    }

    /// Skips any value: string, number, literal, object or array.
    mutating func skipValue() throws(Malformed) {
        guard let first = peek() else { throw Malformed() }
        switch first {
        case UInt8(ascii: "\""):
            _ = try rawString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            // Nesting is counted over brackets outside strings; strings are skipped whole.
            var depth = 0
            repeat {
                guard let byte = peek() else { throw Malformed() }
                switch byte {
                case UInt8(ascii: "\""):
                    _ = try rawString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                index += 1
            } while depth > 0
        default:
            let start = index
            while let byte = peek(), byte != UInt8(ascii: ","), byte != UInt8(ascii: "}"), byte != UInt8(ascii: "]"),
                  byte != UInt8(ascii: " ") {
                index += 1
            }
            if index == start { throw Malformed() }
        }
    }

    /// Whether a member name is `name`.
    static func matches(_ raw: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { name in
            raw.count == name.count && (0..<name.count).allSatisfy { raw[$0] == name[$0] }
        }
    }

    // MARK: Pieces

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(Malformed) {
        guard peek() == byte else { throw Malformed() }
        index += 1
    }

    private mutating func literal(_ word: StaticString) throws(Malformed) {
        let (bytes, index) = (self.bytes, self.index)
        let matched = word.withUTF8Buffer { word in
            index + word.count <= bytes.count && (0..<word.count).allSatisfy { bytes[index + $0] == word[$0] }
        }
        guard matched else { throw Malformed() }
        self.index += word.utf8CodeUnitCount
    }

    /// The bytes between a string's quotes, escapes left as they are; the closing quote is found with `memchr`.
    private mutating func rawString() throws(Malformed) -> UnsafeBufferPointer<UInt8> {
        try expect(UInt8(ascii: "\""))
        let start = index
        var from = index
        while let quote = ByteSearch.firstIndex(of: UInt8(ascii: "\""), in: bytes, from: from) {
            var backslashes = 0
            while quote - backslashes - 1 >= start, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 {
                index = quote + 1
                return UnsafeBufferPointer(rebasing: bytes[start..<quote])
            }
            from = quote + 1
        }
        throw Malformed()
    }

    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws(Malformed) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4(_ at: Int) throws(Malformed) -> UInt32 {
            guard at + 4 <= raw.count else { throw Malformed() }
            var value: UInt32 = 0
            for k in 0..<4 {
                guard let nibble = Hex.nibble(raw[at + k]) else { throw Malformed() }
                value = value << 4 | UInt32(nibble)
            }
            return value
        }
        while i < raw.count {
            // The text between escapes is copied a run at a time: record texts escape only their line breaks.
            let escape = ByteSearch.firstIndex(of: UInt8(ascii: "\\"), in: raw, from: i) ?? raw.count
            if escape > i {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[i..<escape]))
                i = escape
                continue
            }
            guard i + 1 < raw.count else { throw Malformed() }
            let kind = raw[i + 1]
            i += 2
            switch kind {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(kind)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var value = try hex4(i)
                i += 4
                if (0xD800..<0xDC00).contains(value), i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") {
                    let low = try hex4(i + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                // A lone surrogate becomes U+FFFD, as any JSON reader would give.
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                out += Array(String(Character(scalar)).utf8)
            default:
                throw Malformed()
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
