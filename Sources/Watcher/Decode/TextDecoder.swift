/// Turns a file's bytes into text: UTF-8 (with or without BOM) and UTF-16 with a BOM. Binary content is rejected,
/// never decoded into noise.
public struct TextDecoder: Sendable {
    public init() {}

    public func decode(_ bytes: [UInt8]) throws(IngestError) -> DecodedText {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return DecodedText(text: try utf8(bytes[3...], encoding: "utf-8-bom"), encoding: "utf-8-bom")
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return DecodedText(text: try utf16(bytes[2...], littleEndian: true), encoding: "utf-16le") }
        if bytes.starts(with: [0xFE, 0xFF]) { return DecodedText(text: try utf16(bytes[2...], littleEndian: false), encoding: "utf-16be") }
        if bytes.contains(0) {
            throw IngestError(code: .binary, message: "The file contains NUL bytes and no UTF-16 byte-order mark, so it is binary data, not an article. Drop text, HTML or JSON files.")
        }
        return DecodedText(text: try utf8(bytes[...], encoding: "utf-8"), encoding: "utf-8")
    }

    private func utf8(_ bytes: ArraySlice<UInt8>, encoding: String) throws(IngestError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8(bytes)
            throw IngestError(code: .undecodable, message: "The file is not valid UTF-8: the bytes at offset \(offset) cannot be decoded. Save it as UTF-8.")
        }
        return LineEndings.normalise(text)
    }

    private func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) throws(IngestError) -> String {
        guard bytes.count % 2 == 0 else {
            throw IngestError(code: .undecodable, message: "The file has a UTF-16 byte-order mark but an odd number of bytes, so it is truncated or not UTF-16.")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        guard let text = String(validating: units, as: UTF16.self) else {
            throw IngestError(code: .undecodable, message: "The file has a UTF-16 byte-order mark but contains unpaired surrogates, so it cannot be decoded.")
        }
        return LineEndings.normalise(text)
    }

    private func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        let array = Array(bytes)
        var i = 0
        while i < array.count {
            let length = UTF8Validation.sequenceLength(array, at: i)
            if length == 0 { return i + (bytes.startIndex) }
            i += length
        }
        return array.count
    }
}

/// `\r\n` and lone `\r` become `\n`.
public enum LineEndings {
    public static func normalise(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\r") {
                out.append(UInt8(ascii: "\n"))
                previousWasCR = true
                continue
            }
            if byte == UInt8(ascii: "\n") && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
