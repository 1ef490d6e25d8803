import SystemPackage

/// Turns raw file-name bytes into text for records and logs without losing any byte: valid UTF-8 stays as it is,
/// each invalid byte becomes `\xNN`. Control characters are left to the JSON or log escaper.
package enum PathText {
    /// The name as text, with undecodable bytes spelled `\xNN`.
    package static func display(_ path: FilePath) -> String {
        display(bytes: bytes(of: path))
    }

    package static func display(_ component: FilePath.Component) -> String {
        display(bytes: bytes(of: component))
    }

    /// The raw bytes of one path component. Read from the component itself: making a one-component `FilePath` of
    /// it to read them parsed and normalised the path again, 0.6% of `watcherd process` (once per file).
    package static func bytes(of component: FilePath.Component) -> [UInt8] {
        component.withPlatformString(bytes(ofPlatformString:))
    }

    /// The raw bytes of a path, as the kernel sees them.
    package static func bytes(of path: FilePath) -> [UInt8] {
        path.withPlatformString(bytes(ofPlatformString:))
    }

    private static func bytes(ofPlatformString pointer: UnsafePointer<CInterop.PlatformChar>) -> [UInt8] {
        var bytes: [UInt8] = []
        var cursor = pointer
        while cursor.pointee != 0 {
            bytes.append(UInt8(bitPattern: cursor.pointee))
            cursor += 1
        }
        return bytes
    }

    /// Whether the bytes are valid UTF-8 (so ``display(bytes:)`` is the name itself).
    package static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    package static func display(bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var result = ""
        var index = 0
        while index < bytes.count {
            let length = UTF8Validation.sequenceLength(bytes, at: index)
            if length > 0 {
                result += String(decoding: bytes[index..<index + length], as: UTF8.self)
                index += length
            } else {
                result += "\\x" + Hex.byte(bytes[index])
                index += 1
            }
        }
        return result
    }
}

/// Two lowercase hex digits per byte.
package enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Writes the two digits of `value` at `out[0]` and `out[1]`, for callers that build a string in place.
    @inline(__always)
    package static func write(_ value: UInt8, to out: UnsafeMutablePointer<UInt8>) {
        out[0] = digits[Int(value >> 4)]
        out[1] = digits[Int(value & 0xF)]
    }

    /// `prefix` followed by the two digits of each of `count` bytes, `byte(i)` giving byte `i`, written in place (the
    /// `alert:` and `story:` ids).
    @inline(__always)
    package static func prefixed(_ prefix: StaticString, count: Int, byte: (Int) -> UInt8) -> String {
        let length = prefix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: length + 2 * count) { buffer in
            let base = buffer.baseAddress!
            base.update(from: prefix.utf8Start, count: length)
            for i in 0..<count { write(byte(i), to: base + length + 2 * i) }
            return length + 2 * count
        }
    }

    /// The value of one hex digit, either case; nil for anything else.
    package static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    package static func byte(_ value: UInt8) -> String {
        String(decoding: [digits[Int(value >> 4)], digits[Int(value & 0xF)]], as: UTF8.self)
    }

    package static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension PathText {
    /// A single path component from raw bytes (no slash, no NUL).
    package static func component(bytes: [UInt8]) -> FilePath.Component {
        let cString = bytes.map { CChar(bitPattern: $0) } + [0]
        return cString.withUnsafeBufferPointer { FilePath.Component(platformString: $0.baseAddress!)! }
    }
}
