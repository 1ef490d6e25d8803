/// One pass over a line's UTF-8 that yields everything a ``TextBlock`` needs: its ``CleanText`` form, its
/// ``MatchKey`` and its ``LineShape``. Every line of every file goes through here, so it decodes scalars from the
/// bytes itself and writes straight into buffers sized once, instead of walking the line three times as a `String`.
package enum LineScanner {
    /// What one scan produced; `key` is UTF-8.
    package struct Result {
        /// The cleaned text, only when cleaning changed more than trailing whitespace; nil means the cleaned text is
        /// the line's first ``textLength`` bytes, which is most lines, and then no copy of them is made.
        package var changedText: [UInt8]?
        /// The cleaned text's length in bytes.
        package var textLength: Int
        package var key: [UInt8]
        package var shape: LineShape
        /// The scripts of the line's scalars, for ``LanguageGuess``.
        package var script: ScriptCounts
        /// The line's scalars other than ASCII whitespace, before cleaning: ``Extraction/visibleScalars(_:)`` of it.
        package var visibleScalars = 0

        /// Whether cleaning left nothing (a blank line).
        package var isEmpty: Bool { textLength == 0 }
    }

    /// Scans `line` (valid UTF-8, no newline). The output equals `CleanText.line`, `MatchKey.of` of that, and
    /// `LineShape` of that: the unit tests hold the three to the same answers.
    package static func scan(_ line: UnsafeBufferPointer<UInt8>) -> Result {
        // Neither form is longer than the line: dropping and collapsing shrink, and every fold keeps the byte length.
        // The scan's state lives inside the closures and leaves them once, at the end: variables from outside that a
        // closure writes on every scalar get a run-time exclusivity check on every write.
        var outcome: (shape: LineShape, script: ScriptCounts, text: UnsafeMutableBufferPointer<UInt8>?, textCount: Int, visible: Int)
            = (LineShape(), ScriptCounts(), nil, 0, 0)
        let key = ScalarKind.table.withUnsafeBufferPointer { kinds in
            [UInt8](unsafeUninitializedCapacity: line.count) { key, keyLength in
                var shape = LineShape()
                var script = ScriptCounts()
                // While cleaning has changed nothing, the text is the line's first `textCount` bytes and is not
                // written; the first change (a dropped or collapsed scalar) copies that prefix into `text` and
                // writing starts.
                var text: UnsafeMutableBufferPointer<UInt8>? = nil
                var textCount = 0
                // Every scalar of the line, less its ASCII whitespace: what `Extraction.visibleScalars` counts.
                var visible = 0
                defer { outcome = (shape, script, text, textCount, visible) }
                var textSpace = false, keySpace = false
                @inline(__always) func materialise() {
                    guard text == nil else { return }
                    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: line.count)
                    buffer.baseAddress!.initialize(from: line.baseAddress!, count: textCount)
                    text = buffer
                }
                var i = 0
                let n = line.count
                // The scalar decoded after a run of letters, which ended the run and is handled next.
                var pending: (scalar: Unicode.Scalar, length: Int, kind: ScalarKind)? = nil
                while i < n {
                    var (scalar, length, kind) = pending ?? ScalarKind.next(in: line, at: i, kinds: kinds)
                    pending = nil
                    if kind == .letter {
                        // The common case: a run of letters that are their own key form, consumed in a tight loop
                        // and copied in one go; the shape is told about the run, not about each letter.
                        if textSpace { text?[textCount] = 0x20; textCount += 1; textSpace = false }
                        if keySpace { key[keyLength] = 0x20; keyLength += 1; keySpace = false }
                        let runStart = i
                        var letters = 0, arabic = 0, latin = 0
                        while true {
                            letters += 1
                            let v = scalar.value
                            if v &- 0x0621 <= 0x064A - 0x0621 {
                                // ء to ي, most letters: Arabic for the script counts and the shape alike, in one test
                                // (what `script.add` and the ranges below decide for them).
                                script.arabic += 1
                                arabic += 1
                            } else {
                                script.add(v)
                                if (0x0600...0x06FF).contains(v) || (0xFB50...0xFEFF).contains(v) {
                                    arabic += 1
                                } else if v < 0x0250 {
                                    latin += 1
                                }
                            }
                            i += length
                            guard i < n else { break }
                            (scalar, length, kind) = ScalarKind.next(in: line, at: i, kinds: kinds)
                            guard kind == .letter else {
                                pending = (scalar, length, kind)
                                break
                            }
                        }
                        shape.addLetters(letters, arabic: arabic, latin: latin)
                        visible += letters
                        let run = UnsafeBufferPointer(rebasing: line[runStart..<i])
                        if let text {
                            UnsafeMutableBufferPointer(rebasing: text[textCount...]).baseAddress!.update(from: run.baseAddress!, count: run.count)
                        }
                        textCount += run.count
                        UnsafeMutableBufferPointer(rebasing: key[keyLength...]).baseAddress!.update(from: run.baseAddress!, count: run.count)
                        keyLength += run.count
                        continue
                    }
                    let start = i
                    i += length
                    let v = scalar.value
                    if v != 0x20 && v != 0x0A && v != 0x09 && v != 0x0D { visible += 1 }
                    switch kind {
                    case .space:
                        // Only a single 0x20 between two visible scalars is kept as it is.
                        if scalar != " " || textSpace || textCount == 0 { materialise() }
                        textSpace = textCount > 0
                        keySpace = keyLength > 0
                        shape.addSpace()
                        continue
                    case .invisible:
                        materialise()
                        continue
                    case .mark where MatchKey.isInvisible(scalar):
                        materialise()
                        continue  // zero-width joiners
                    default:
                        break
                    }
                    shape.addVisible(scalar, isLetter: kind.isLetter)
                    script.add(scalar.value)
                    if textSpace { text?[textCount] = 0x20; textCount += 1; textSpace = false }
                    if let text {
                        for j in start..<i { text[textCount] = line[j]; textCount += 1 }
                    } else {
                        textCount += length
                    }
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
        }
        defer { outcome.text?.deallocate() }
        return Result(changedText: outcome.text.map { Array($0[..<outcome.textCount]) }, textLength: outcome.textCount, key: key,
                      shape: outcome.shape, script: outcome.script, visibleScalars: outcome.visible)
    }
}
