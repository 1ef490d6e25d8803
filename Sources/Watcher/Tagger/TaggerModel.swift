import Foundation

/// The tagger's weights: one row of ``NameLabel/count`` 16-bit weights per hashed feature, plus label-to-label
/// transition scores, as read from (and written to) the binary model file.
///
/// File layout, little-endian: the magic `WNER`, then UInt32 format version, bits (the table has 2^bits rows),
/// label count, feature-set version and feature count, Float32 scale (weights × scale = the trained values), one
/// reserved UInt32; then (1 + labels) × labels Int32 transitions (row 0: from the sentence start), then
/// 2^bits × labels Int16 weights.
public struct TaggerModel: Sendable {
    /// The table has `2^bits` rows.
    public let bits: Int
    /// `(1 + labels) × labels` transition scores, row 0 from the sentence start.
    let transitions: [Int32]
    /// The same transitions as one vector per predecessor (row 0: the sentence start), lane `l` the score into label
    /// `l`, with forbidden moves (into an I- tag from anything but its own B- or I-, or at the start) far below any
    /// score: the run-time decoder takes a whole row at once.
    package let transitionRows: [SIMD16<Int32>]
    /// The feature weights, one row of ``rowStride`` per table row (the file's 9 tags, then zeros): a row is one
    /// aligned 32-byte load, in one cache line.
    let rows: [Int16]
    static let rowStride = 16
    /// What one unit of weight stands for in the trained (floating-point) model.
    public let scale: Float

    static let magic: [UInt8] = Array("WNER".utf8)
    static let formatVersion: UInt32 = 1
    static let headerSize = 32

    package init(bits: Int, transitions: [Int32], weights: [Int16], scale: Float) {
        precondition(transitions.count == (1 + NameLabel.count) * NameLabel.count)
        precondition(weights.count == (1 << bits) * NameLabel.count)
        self.bits = bits
        self.transitions = transitions
        self.transitionRows = Self.vectorRows(transitions)
        self.rows = weights.withUnsafeBytes { Self.padded($0, rows: 1 << bits) }
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

    private init(bits: Int, transitions: [Int32], rows: [Int16], scale: Float) {
        self.bits = bits
        self.transitions = transitions
        self.transitionRows = Self.vectorRows(transitions)
        self.rows = rows
        self.scale = scale
    }

    /// Spreads little-endian rows of ``NameLabel/count`` Int16 into rows of ``rowStride``.
    private static func padded(_ bytes: UnsafeRawBufferPointer, rows: Int) -> [Int16] {
        let labels = NameLabel.count
        return [Int16](unsafeUninitializedCapacity: rows * rowStride) { buffer, initialized in
            for r in 0..<rows {
                for l in 0..<rowStride {
                    buffer[r * rowStride + l] = l < labels
                        ? Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * (r * labels + l), as: Int16.self)) : 0
                }
            }
            initialized = rows * rowStride
        }
    }

    /// The size of the model file in bytes.
    public var byteCount: Int { Self.headerSize + transitions.count * 4 + (1 << bits) * NameLabel.count * 2 }

    /// Reads a model from the bytes of a model file; `file` names it in errors.
    public init(bytes: UnsafeRawBufferPointer, file: String) throws(TaggerModelError) {
        guard bytes.count >= Self.headerSize, Array(bytes[0..<4]) == Self.magic else {
            throw TaggerModelError(file: file, reason: "it is not a watcherd tagger model (no WNER header)")
        }
        func word(_ index: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)) }
        guard word(1) == Self.formatVersion else {
            throw TaggerModelError(file: file, reason: "its format version is \(word(1)), this build reads \(Self.formatVersion)")
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
        let scale = Float(bitPattern: word(6))
        let transitionCount = (1 + NameLabel.count) * NameLabel.count
        let weightCount = (1 << bits) * NameLabel.count
        let expected = Self.headerSize + transitionCount * 4 + weightCount * 2
        guard bytes.count == expected else {
            throw TaggerModelError(file: file, reason: "it has \(bytes.count) bytes where its header implies \(expected) (truncated?)")
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[Self.headerSize...])
        let transitions = (0..<transitionCount).map { Int32(littleEndian: body.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) }
        let weightBytes = UnsafeRawBufferPointer(rebasing: body[(transitionCount * 4)...])
        self.init(bits: bits, transitions: transitions, rows: Self.padded(weightBytes, rows: 1 << bits), scale: scale)
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
        append(UInt32(0))
        for t in transitions { append(t) }
        for r in 0..<(1 << bits) {
            for l in 0..<NameLabel.count { append(rows[r * Self.rowStride + l]) }
        }
        return out
    }

    /// Quantises floating-point weights (as training produces them) to the file's 16-bit table.
    package init(bits: Int, transitions: [Double], weights: [Double]) {
        let largest = max(weights.reduce(0) { max($0, abs($1)) }, transitions.reduce(0) { max($0, abs($1)) } / 64, 1e-9)
        let unit = largest / 32767
        let q = weights.map { Int16(clamping: Int(($0 / unit).rounded())) }
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
