/// Turns a file's bytes into text: UTF-8 (with or without BOM), UTF-16 LE/BE (with a BOM or recognised by its
/// byte pattern), Windows-1256 and ISO-8859-6. Binary content and bytes that fit no supported encoding are
/// rejected with an error record, never decoded into noise and never dropped silently.
public struct TextDecoder: Sendable {
    public init() {}

    public func decode(_ bytes: [UInt8]) throws(IngestError) -> DecodedText {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return DecodedText(text: try utf8(bytes[3...]), encoding: "utf-8-bom")
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return DecodedText(text: try utf16(bytes[2...], littleEndian: true), encoding: "utf-16le") }
        if bytes.starts(with: [0xFE, 0xFF]) { return DecodedText(text: try utf16(bytes[2...], littleEndian: false), encoding: "utf-16be") }
        if let littleEndian = UTF16Sniffer.byteOrder(of: bytes) {
            return DecodedText(text: try utf16(bytes[...], littleEndian: littleEndian),
                               encoding: littleEndian ? "utf-16le" : "utf-16be")
        }
        if ByteSearch.contains(0, in: bytes) {
            throw IngestError(code: .binary, message: "The file contains NUL bytes and is not UTF-16, so it is binary data, not an article. Drop text, HTML or JSON files.")
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: LineEndings.normalise(text), encoding: "utf-8")
        }
        return try legacy(bytes)
    }

    private func utf8(_ bytes: ArraySlice<UInt8>) throws(IngestError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw invalidUTF8(at: firstInvalidUTF8(bytes))
        }
        return LineEndings.normalise(text)
    }

    private func invalidUTF8(at offset: Int) -> IngestError {
        IngestError(code: .undecodable, message: "The file is mostly UTF-8 but the bytes at offset \(offset) are not valid UTF-8, so it is damaged or mixes encodings. Save it again as UTF-8.")
    }

    /// Windows-1256 or ISO-8859-6, converted by table (see ``CodepageTable``). A byte that ISO-8859-6 leaves
    /// unassigned in the first few kilobytes decides for Windows-1256 at once, which is nearly every Windows-1256
    /// article; otherwise uchardet decides when it names one of them, and ``ArabicCodepage/guess(_:)`` when not.
    /// Text that is UTF-8 apart from a few bad bytes is reported as damaged UTF-8 instead: reading it as a code page
    /// would turn every Arabic letter into two wrong ones.
    private func legacy(_ bytes: [UInt8]) throws(IngestError) -> DecodedText {
        let (validMultibyte, invalid, firstInvalid) = utf8Census(bytes)
        if validMultibyte > 0 && validMultibyte >= 4 * invalid {
            throw invalidUTF8(at: firstInvalid)
        }
        let codepage = ArabicCodepage.rulesOutISO(bytes, sample: Self.codepageSample)
            ? .windows1256
            : CharsetLibrary.detect(bytes).flatMap(ArabicCodepage.init(detectorName:)) ?? ArabicCodepage.guess(bytes)
        switch CodepageTable.table(for: codepage).flatMap({ $0.decode(bytes) }) {
        case .success(let text):
            return DecodedText(text: LineEndings.normalise(text), encoding: codepage.rawValue)
        case .failure(.invalidByte(let offset)):
            throw IngestError(code: .undecodable, message: "The file is neither UTF-8 nor UTF-16; read as \(codepage.rawValue), the byte at offset \(offset) has no meaning. Save it as UTF-8.")
        case .failure(.unavailable(let reason)):
            throw IngestError(code: .undecodable, message: "The file looks like \(codepage.rawValue) but cannot be converted on this system (\(reason)). Save it as UTF-8.")
        }
    }

    /// How many leading bytes are searched for a byte that rules ISO-8859-6 out.
    static let codepageSample = 4096

    private func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) throws(IngestError) -> String {
        guard bytes.count % 2 == 0 else {
            throw IngestError(code: .undecodable, message: "The file is UTF-16 but has an odd number of bytes, so it is truncated. Save it again completely.")
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
            throw IngestError(code: .undecodable, message: "The file is UTF-16 but contains unpaired surrogates, so it cannot be decoded. Save it again as UTF-8.")
        }
        if text.unicodeScalars.contains("\0") {
            throw IngestError(code: .binary, message: "The file decodes as UTF-16 but contains NUL characters, so it is binary data, not an article. Drop text, HTML or JSON files.")
        }
        return LineEndings.normalise(text)
    }

    /// Counts well-formed multi-byte UTF-8 sequences and ill-formed positions, and finds the first ill-formed one.
    /// Runs over every legacy file, so it reads through a buffer pointer and steps over ASCII without a call.
    private func utf8Census(_ bytes: [UInt8]) -> (valid: Int, invalid: Int, first: Int) {
        bytes.withUnsafeBufferPointer { buffer in
            var valid = 0, invalid = 0, first = -1
            var i = 0
            while i < buffer.count {
                if buffer[i] < 0x80 {
                    i += 1
                    continue
                }
                let length = UTF8Validation.sequenceLength(buffer, at: i)
                if length == 0 {
                    invalid += 1
                    if first < 0 { first = i }
                    i += 1
                } else {
                    valid += 1
                    i += length
                }
            }
            return (valid, invalid, first)
        }
    }

    private func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        let array = Array(bytes)
        var i = 0
        while i < array.count {
            let length = UTF8Validation.sequenceLength(array, at: i)
            if length == 0 { return i + bytes.startIndex }
            i += length
        }
        return array.count
    }
}
