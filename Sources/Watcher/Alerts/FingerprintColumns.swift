/// The stories' fingerprints laid out for a scan of all of them: in blocks of sixteen stories, one 16-byte vector per
/// slot holding that slot's byte for each of the sixteen. A scan compares each of the query's filled slots with a
/// block in one vector compare and counts equal bytes per story in a vector of counters: a few instructions per story
/// where comparing whole fingerprints one story at a time takes forty.
///
/// The count is at least the number of equal filled minima (equal minima have equal bytes, and an empty slot's byte
/// differs from every filled one's), and a story at or above threshold `t` has at least `k` of those (see
/// ``StorySlotIndex/leastEqual(filled:threshold:)``): a story counted below `k` cannot reach the threshold.
package struct FingerprintColumns: Sendable {
    private static let slots = StorySignature.slots
    private var blocks: [SIMD16<UInt8>] = []
    package private(set) var count = 0

    package init() {}

    /// Adds a story's fingerprint after the last one.
    package mutating func append(_ fingerprint: StorySignature.Fingerprint) {
        if count % 16 == 0 { blocks.append(contentsOf: repeatElement(SIMD16(repeating: 0xFF), count: Self.slots)) }
        let base = count / 16 * Self.slots, lane = count % 16
        let bytes = fingerprint.bytes
        for slot in 0..<Self.slots { blocks[base + slot][lane] = bytes[slot] }
        count += 1
    }

    /// Takes back the fingerprint added last.
    package mutating func removeLast() {
        guard count > 0 else { return }
        count -= 1
        let base = count / 16 * Self.slots, lane = count % 16
        // An empty byte in every slot: the lane counts no equal slot until it is used again.
        for slot in 0..<Self.slots { blocks[base + slot][lane] = 0xFF }
        if lane == 0 { blocks.removeLast(Self.slots) }
    }

    /// Rebuilds the columns from `fingerprints`, by position.
    package mutating func rebuild(_ fingerprints: [StorySignature.Fingerprint]) {
        blocks.removeAll(keepingCapacity: true)
        count = 0
        for fingerprint in fingerprints { append(fingerprint) }
    }

    /// Calls `body` with each story, in ascending order, whose fingerprint has the same byte as `query` in at least
    /// `least` of the query's filled slots (`least` ≥ 1).
    package func visit(query: StorySignature.Fingerprint, least: Int, _ body: (Int) -> Void) {
        let bytes = query.bytes
        var filled: [(slot: Int, byte: SIMD16<UInt8>)] = []
        filled.reserveCapacity(Self.slots)
        for slot in 0..<Self.slots where bytes[slot] != 0xFF { filled.append((slot, SIMD16(repeating: bytes[slot]))) }
        guard least >= 1, least <= filled.count else { return }
        let threshold = SIMD16<UInt8>(repeating: UInt8(least - 1))
        // A checkpoint: once `checked` slots are counted, a story can gain at most `filled.count - checked` more, so a
        // block none of whose stories has `need` yet is left at once. Placed where `need` is a quarter of `least`:
        // unrelated stories share a byte about once in 256 slots and are left there, while a story that can reach
        // `least` always has `need` by then (the count is exact either way).
        let need = max(1, least / 4)
        let checked = filled.count - least + need
        let needed = SIMD16<UInt8>(repeating: UInt8(need - 1))
        blocks.withUnsafeBufferPointer { columns in
            filled.withUnsafeBufferPointer { filled in
                var base = 0, first = 0
                while first < count {
                    var equal = SIMD16<UInt8>()
                    for slot in filled[..<checked] {
                        // A true lane is all ones: subtracting it adds one.
                        equal &-= unsafeBitCast(columns[base + slot.slot] .== slot.byte, to: SIMD16<UInt8>.self)
                    }
                    guard any(equal .> needed) else {
                        base += Self.slots
                        first += 16
                        continue
                    }
                    for slot in filled[checked...] {
                        equal &-= unsafeBitCast(columns[base + slot.slot] .== slot.byte, to: SIMD16<UInt8>.self)
                    }
                    if any(equal .> threshold) {
                        for lane in 0..<min(16, count - first) where equal[lane] >= UInt8(least) { body(first + lane) }
                    }
                    base += Self.slots
                    first += 16
                }
            }
        }
    }
}
