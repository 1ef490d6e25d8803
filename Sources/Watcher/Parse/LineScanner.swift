/// One pass over a line's UTF-8 that yields everything a ``TextBlock`` needs: its ``CleanText`` form, its
/// ``MatchKey`` and its ``LineShape``. Every line of every file goes through here, so it decodes scalars from the
/// bytes itself and writes straight into buffers sized once, instead of walking the line three times as a `String`.
package enum LineScanner {
    /// What one scan produced; `text` and `key` are UTF-8.
    package struct Result {
        package var text: [UInt8]
        package var key: [UInt8]
        package var shape: LineShape
    }

    /// Scans `line` (valid UTF-8, no newline). The output equals `CleanText.line`, `MatchKey.of` of that, and
    /// `LineShape` of that: the unit tests hold the three to the same answers.
    package static func scan(_ line: UnsafeBufferPointer<UInt8>) -> Result {
        // Neither form is longer than the line: dropping and collapsing shrink, and every fold keeps the byte length.
        var shape = LineShape()
        var key: [UInt8] = []
        let text = ScalarKind.table.withUnsafeBufferPointer { kinds in [UInt8](unsafeUninitializedCapacity: line.count) { text, textCount in
            key = [UInt8](unsafeUninitializedCapacity: line.count) { key, keyLength in
                var textSpace = false, keySpace = false
                var i = 0
                let n = line.count
                while i < n {
                    let (scalar, length, kind) = ScalarKind.next(in: line, at: i, kinds: kinds)
                    let start = i
                    i += length
                    if kind == .letter {
                        // The common case first, as a plain branch: a letter that is its own key form.
                        shape.addVisible(scalar, isLetter: true)
                        if textSpace { text[textCount] = 0x20; textCount += 1; textSpace = false }
                        if keySpace { key[keyLength] = 0x20; keyLength += 1; keySpace = false }
                        for j in start..<i {
                            text[textCount] = line[j]; textCount += 1
                            key[keyLength] = line[j]; keyLength += 1
                        }
                        continue
                    }
                    switch kind {
                    case .space:
                        textSpace = textCount > 0
                        keySpace = keyLength > 0
                        shape.addSpace()
                        continue
                    case .invisible:
                        continue
                    case .mark where MatchKey.isInvisible(scalar):
                        continue  // zero-width joiners
                    default:
                        break
                    }
                    shape.addVisible(scalar, isLetter: kind.isLetter)
                    if textSpace { text[textCount] = 0x20; textCount += 1; textSpace = false }
                    for j in start..<i { text[textCount] = line[j]; textCount += 1 }
                    // Marks are dropped from keys; letters, digits and symbols are their own key form.
                    if kind == .mark { continue }
                    if keySpace && kind != .foldedLetter { key[keyLength] = 0x20; keyLength += 1; keySpace = false }
                    if kind != .foldedLetter {
                        for j in start..<i { key[keyLength] = line[j]; keyLength += 1 }
                    } else if let folded = MatchKey.fold(scalar) {
                        if keySpace { key[keyLength] = 0x20; keyLength += 1; keySpace = false }
                        // Only alef forms, alef maqsura and ASCII capitals fold to something else, and each keeps
                        // its UTF-8 length, which is what sizes the buffer.
                        let v = folded.value
                        if v < 0x80 {
                            key[keyLength] = UInt8(v); keyLength += 1
                        } else if v < 0x800 {
                            precondition(length >= 2, "a fold must not lengthen a scalar's UTF-8")
                            key[keyLength] = UInt8(0xC0 | v >> 6)
                            key[keyLength + 1] = UInt8(0x80 | v & 0x3F)
                            keyLength += 2
                        } else {
                            precondition(length >= 3 && v < 0x10000, "a fold must not lengthen a scalar's UTF-8")
                            key[keyLength] = UInt8(0xE0 | v >> 12)
                            key[keyLength + 1] = UInt8(0x80 | v >> 6 & 0x3F)
                            key[keyLength + 2] = UInt8(0x80 | v & 0x3F)
                            keyLength += 3
                        }
                    }
                }
            }
        } }
        return Result(text: text, key: key, shape: shape)
    }
}
