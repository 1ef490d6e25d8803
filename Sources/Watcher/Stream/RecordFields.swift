/// The top-level string fields of one JSON line that publishing needs (id, time, rule, severity), read by a small
/// scanner that skips every other value without building it: an article record may carry megabytes of text.
public struct RecordFields: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]

    /// Reads `line` until every name in `wanted` is found or the object ends; nil when the line is not a JSON object.
    public init?(_ line: [UInt8], wanted: Set<String>) {
        self.init(line[...], wanted: wanted)
    }

    /// Reads a slice of a larger buffer (a line of a log read in one piece) without copying it.
    public init?(_ line: ArraySlice<UInt8>, wanted: Set<String>) {
        var scanner = Scanner(bytes: line, index: line.startIndex)
        guard scanner.skipSpace(), scanner.take(UInt8(ascii: "{")) else { return nil }
        while values.count < wanted.count {
            guard scanner.skipSpace() else { return nil }
            if scanner.take(UInt8(ascii: "}")) { break }
            guard let key = scanner.string(), scanner.skipSpace(), scanner.take(UInt8(ascii: ":")), scanner.skipSpace() else { return nil }
            if wanted.contains(key), scanner.peek == UInt8(ascii: "\"") {
                guard let value = scanner.string() else { return nil }
                values[key] = value
            } else {
                guard scanner.skipValue() else { return nil }
            }
            guard scanner.skipSpace() else { return nil }
            if scanner.take(UInt8(ascii: ",")) { continue }
            guard scanner.take(UInt8(ascii: "}")) else { return nil }
            break
        }
    }

    public subscript(_ name: String) -> String? { values[name] }

    private struct Scanner {
        let bytes: ArraySlice<UInt8>
        var index: Int

        var peek: UInt8? { index < bytes.endIndex ? bytes[index] : nil }

        /// Skips blanks; false at the end of the line.
        mutating func skipSpace() -> Bool {
            while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
            return index < bytes.endIndex
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        /// A JSON string with its escapes decoded.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var out: [UInt8] = []
            while index < bytes.endIndex {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.endIndex else { return nil }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard let unit = hex4() else { return nil }
                        var scalarValue = UInt32(unit)
                        if (0xD800..<0xDC00).contains(unit), take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4() {
                            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        }
                        out.append(contentsOf: Array(String(Unicode.Scalar(scalarValue) ?? "\u{FFFD}").utf8))
                    default: out.append(escaped)
                    }
                default: out.append(byte)
                }
            }
            return nil
        }

        /// Steps over a JSON string without decoding it (the values not asked for).
        mutating func skipString() -> Bool {
            guard take(UInt8(ascii: "\"")) else { return false }
            while index < bytes.endIndex {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return true }
                if byte == UInt8(ascii: "\\") { index += 1 }
            }
            return false
        }

        mutating func hex4() -> UInt16? {
            guard index + 4 <= bytes.endIndex else { return nil }
            var value: UInt16 = 0
            for _ in 0..<4 {
                guard let digit = Hex.nibble(bytes[index]) else { return nil }
                value = value << 4 | UInt16(digit)
                index += 1
            }
            return value
        }

        /// Skips one value of any kind: strings are stepped over escape by escape, objects and arrays by depth.
        mutating func skipValue() -> Bool {
            guard let first = peek else { return false }
            if first == UInt8(ascii: "\"") { return skipString() }
            guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
                // A number or a literal: up to the next separator.
                while let byte = peek, byte != UInt8(ascii: ","), byte != UInt8(ascii: "}"), byte != UInt8(ascii: "]") { index += 1 }
                return true
            }
            var depth = 0
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "\""):
                    guard skipString() else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default: break
                }
                index += 1
            }
            return false
        }
    }
}
