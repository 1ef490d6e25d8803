/// What the parser's scans (``Tokenizer``, ``LineScanner``) do with a scalar, decided once per BMP scalar by
/// ``MatchKey``'s predicates in the order the scans apply them (a digit before a letter, a letter before a mark), so
/// the hot loops do one table load per scalar instead of a chain of range tests.
package enum ScalarKind: UInt8, Sendable {
    case symbol, digit
    /// A letter whose key form is itself, so its bytes are copied.
    case letter
    /// A letter whose key form differs (alef forms, ى, Latin capitals) or is dropped (superscript alef).
    case foldedLetter
    /// A diacritic, tatweel or joiner: part of a word inside one, skipped outside.
    case mark
    case space, invisible

    package var isLetter: Bool { self == .letter || self == .foldedLetter }

    package init(_ scalar: Unicode.Scalar) {
        if MatchKey.digitValue(scalar) != nil {
            self = .digit
        } else if MatchKey.isLetter(scalar) {
            self = MatchKey.fold(scalar) == scalar ? .letter : .foldedLetter
        } else if Tokenizer.isMark(scalar) {
            self = .mark
        } else if MatchKey.isSpace(scalar) {
            self = .space
        } else if MatchKey.isInvisible(scalar) {
            self = .invisible
        } else {
            self = .symbol
        }
    }

    /// The kind of every BMP scalar (surrogates, which never occur in a `String`, are symbols). Stored as kinds, not
    /// raw values: converting a raw value back was left as a call per scalar by the optimiser.
    package static let table: [ScalarKind] = (0..<0x10000).map { value in
        Unicode.Scalar(UInt32(value)).map { ScalarKind($0) } ?? .symbol
    }

    /// The scalar starting at `bytes[i]` (valid UTF-8), its length in bytes and its kind: one table load in the BMP.
    /// `kinds` is ``table``'s storage, taken once by the caller's loop.
    @inline(__always)
    package static func next(in bytes: UnsafeBufferPointer<UInt8>, at i: Int, kinds: UnsafeBufferPointer<ScalarKind>)
        -> (scalar: Unicode.Scalar, length: Int, kind: ScalarKind) {
        let (value, length) = UTF8Scalar.decode(bytes, at: i)
        let scalar = Unicode.Scalar(value).unsafelyUnwrapped
        let kind = value < 0x10000 ? kinds[Int(value)] : ScalarKind(scalar)
        return (scalar, length, kind)
    }
}
