import Foundation

/// The tagger's weights: one row of 16-bit weights per hashed feature, plus label-to-label transition scores, as
/// read from (and written to) the binary model file.
///
/// A row holds the weights of the eight name labels (B- and I- of each type) *minus the weight of `O`*: adding the
/// same number to every label of a token moves every path through it alike, so Viterbi's best path and each
/// label's margin over `O` are those of the full row, and a row is 16 bytes (one load; the 2^16-row table is 1 MB).
///
/// File layout, little-endian: the magic `WNER`, then UInt32 format version, bits (the table has 2^bits rows),
/// label count, feature-set version and feature count, Float32 scale (weights × scale = the trained values), the
/// fingerprint of the word lists and clusters the features read (``TaggerLexicon/embeddedFingerprint``); then (1 + labels) × labels Int32 transitions (row 0: from the sentence start), then
/// 2^bits × (labels − 1) Int16 weights.
public struct TaggerModel: Sendable {
    /// The table has `2^bits` rows.
    public let bits: Int
    /// `(1 + labels) × labels` transition scores, row 0 from the sentence start.
    package let transitions: [Int32]
    /// The same transitions as one vector per predecessor (row 0: the sentence start), lane `l` the score into label
    /// `l`, with forbidden moves (into an I- tag from anything but its own B- or I-, or at the start) far below any
    /// score: the run-time decoder takes a whole row at once.
    package let transitionRows: [SIMD16<Int32>]
    /// The transition rows as the run-time decoder reads them: per predecessor (0: the sentence start), the score into
    /// `O`, and into the 8 name labels as one vector.
    package struct TransitionVectors: Sendable {
        package let toOutside: [Int32]
        package let toNames: [SIMD8<Int32>]
        /// Per predecessor, the scores into B-PERS, B-LOC, B-ORG, B-MISC (labels 1, 3, 5, 7): every label may precede one.
        package let toBegin: [SIMD4<Int32>]
        /// Per type (PERS, LOC, ORG, MISC), the score of B-X → I-X and of I-X → I-X: an I- tag's only predecessors.
        package let beginToInside: SIMD4<Int32>
        package let insideToInside: SIMD4<Int32>

        init(rows: [SIMD16<Int32>]) {
            toOutside = rows.map { $0[0] }
            toNames = rows.map { row in SIMD8((1...8).map { row[$0] }) }
            toBegin = rows.map { row in SIMD4(row[1], row[3], row[5], row[7]) }
            // Row 1 + p is from label p: B-X is 2x + 1, I-X is 2x + 2.
            var fromBegin = SIMD4<Int32>(), fromInside = SIMD4<Int32>()
            for x in 0..<4 {
                let inside = 2 * x + 2
                fromBegin[x] = rows[inside][inside]
                fromInside[x] = rows[1 + inside][inside]
            }
            beginToInside = fromBegin
            insideToInside = fromInside
        }
    }
    package let transitionVectors: TransitionVectors
    /// The feature weights, ``rowStride`` per table row: labels 1…8 (B-PERS … I-MISC), each minus the row's `O`.
    /// Read at random for every token, so kept where 2 MB pages can back it (``LargeTable``).
    let rows: LargeTable<Int16>
    static let rowStride = NameLabel.count - 1
    /// What one unit of weight stands for in the trained (floating-point) model.
    public let scale: Float

    static let magic: [UInt8] = Array("WNER".utf8)
    static let formatVersion: UInt32 = 2
    static let headerSize = 32

    /// A model from its quantised parts: `weights` holds ``rowStride`` values per row (relative to `O`).
    package init(bits: Int, transitions: [Int32], weights: [Int16], scale: Float) {
        precondition(transitions.count == (1 + NameLabel.count) * NameLabel.count)
        precondition(weights.count == (1 << bits) * Self.rowStride)
        self.bits = bits
        self.transitions = transitions
        self.transitionRows = Self.vectorRows(transitions)
        self.transitionVectors = TransitionVectors(rows: transitionRows)
        self.rows = LargeTable(weights)
        self.scale = scale
    }

    /// A score no allowed path comes near, which cannot overflow when a few are added.
    static let forbidden = Int32.min / 4

    private static func vectorRows(_ transitions: [Int32]) -> [SIMD16<Int32>] {
        let labels = NameLabel.count
        return (0...labels).map { from in
            var row = SIMD16<Int32>(repeating: forbidden)
            for l in 0..<labels where from == 0 ? !NameLabel.isInsideRaw(l) : NameLabel.allowed(from - 1, l) {
                row[l] = transitions[from * labels + l]
            }
            return row
        }
    }

    /// The size of the model file in bytes.
    public var byteCount: Int { Self.headerSize + transitions.count * 4 + (1 << bits) * Self.rowStride * 2 }

    /// Reads a model from the bytes of a model file; `file` names it in errors.
    public init(bytes: UnsafeRawBufferPointer, file: String) throws(TaggerModelError) {
        guard bytes.count >= Self.headerSize, Array(bytes[0..<4]) == Self.magic else {
            throw TaggerModelError(file: file, reason: "it is not a watcherd tagger model (no WNER header)")
        }
        func word(_ index: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)) }
        guard word(1) == Self.formatVersion else {
            throw TaggerModelError(file: file, reason: "its format version is \(word(1)), this build reads \(Self.formatVersion): "
                + "retrain it with `watcherd train-ner`")
        }
        let bits = Int(word(2))
        guard (8...24).contains(bits) else { throw TaggerModelError(file: file, reason: "its table size 2^\(bits) is out of range") }
        guard word(3) == UInt32(NameLabel.count) else {
            throw TaggerModelError(file: file, reason: "it has \(word(3)) labels, this build tags \(NameLabel.count)")
        }
        guard word(4) == TaggerFeatures.version, word(5) == UInt32(TaggerFeatures.count) else {
            throw TaggerModelError(file: file, reason: "it was trained on feature set \(word(4)) (\(word(5)) features); "
                + "this build computes set \(TaggerFeatures.version): retrain it with `watcherd train-ner`")
        }
        guard word(7) == TaggerLexicon.embeddedFingerprint else {
            throw TaggerModelError(file: file, reason: "it was trained with other word lists or clusters (fingerprint "
                + "\(String(word(7), radix: 16)), this build's \(String(TaggerLexicon.embeddedFingerprint, radix: 16))): "
                + "retrain it with `watcherd train-ner`")
        }
        let scale = Float(bitPattern: word(6))
        let transitionCount = (1 + NameLabel.count) * NameLabel.count
        let weightCount = (1 << bits) * Self.rowStride
        let expected = Self.headerSize + transitionCount * 4 + weightCount * 2
        guard bytes.count == expected else {
            throw TaggerModelError(file: file, reason: "it has \(bytes.count) bytes where its header implies \(expected) (truncated?)")
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[Self.headerSize...])
        let transitions = (0..<transitionCount).map { Int32(littleEndian: body.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) }
        let weightBytes = UnsafeRawBufferPointer(rebasing: body[(transitionCount * 4)...])
        let weights = [Int16](unsafeUninitializedCapacity: weightCount) { buffer, initialized in
            for i in 0..<weightCount { buffer[i] = Int16(littleEndian: weightBytes.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self)) }
            initialized = weightCount
        }
        self.init(bits: bits, transitions: transitions, weights: weights, scale: scale)
    }

    /// The model file's bytes.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = Self.magic
        out.reserveCapacity(byteCount)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }
        append(Self.formatVersion)
        append(UInt32(bits))
        append(UInt32(NameLabel.count))
        append(TaggerFeatures.version)
        append(UInt32(TaggerFeatures.count))
        append(scale.bitPattern)
        append(TaggerLexicon.embeddedFingerprint)
        for t in transitions { append(t) }
        for w in rows.array { append(w) }
        return out
    }

    /// Quantises floating-point weights (as training produces them: ``NameLabel/count`` per row, `O` first) to the
    /// file's 16-bit table of weights relative to `O`.
    package init(bits: Int, transitions: [Double], weights: [Double]) {
        let labels = NameLabel.count
        let rowCount = 1 << bits
        var relative = [Double](repeating: 0, count: rowCount * Self.rowStride)
        for r in 0..<rowCount {
            for l in 1..<labels { relative[r * Self.rowStride + l - 1] = weights[r * labels + l] - weights[r * labels] }
        }
        let largest = max(relative.reduce(0) { max($0, abs($1)) }, transitions.reduce(0) { max($0, abs($1)) } / 64, 1e-9)
        let unit = largest / 32767
        let q = relative.map { Int16(clamping: Int(($0 / unit).rounded())) }
        let t = transitions.map { Int32(clamping: Int(($0 / unit).rounded())) }
        self.init(bits: bits, transitions: t, weights: q, scale: Float(unit))
    }
}

/// A tagger model file that cannot be used, and why.
public struct TaggerModelError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let reason: String

    public var description: String { "cannot load the name tagger model \(file): \(reason)" }
}
