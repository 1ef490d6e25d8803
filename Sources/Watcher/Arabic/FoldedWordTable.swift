/// An immutable open-addressing hash table from folded words to small values, probed with ``TokenHash`` hashes.
///
/// The recogniser's hot loop looks up several stems of every word; this table answers a miss with one or two array
/// loads and confirms a hit by comparing units, so a hash collision can never produce a false match.
package struct FoldedWordTable<Value: Sendable>: Sendable {
    private let mask: Int
    /// Entry index + 1 per slot; 0 is empty.
    private let slots: [Int32]
    private let hashes: [UInt64]
    private let keyStarts: [Int32]
    private let keyUnits: [UInt16]
    package let values: [Value]
    /// One bit per hash (16 bits per entry, from the hash's high bits), small enough to stay in the L1 cache: most
    /// words of a text are in no table, and this answers them without touching the slots (perf showed the slot load
    /// missing the cache as the matcher's costliest instruction).
    private let filter: [UInt64]
    private let filterMask: Int

    /// Builds from (folded word units, value) pairs; a repeated word keeps its first value.
    package init(_ entries: [([UInt16], Value)]) {
        var size = 16
        while size < entries.count * 4 { size <<= 1 }
        var slots = [Int32](repeating: 0, count: size)
        var hashes: [UInt64] = []
        var keyStarts: [Int32] = [0]
        var keyUnits: [UInt16] = []
        var values: [Value] = []
        // Sized once: the recogniser builds two small tables per article (surnames, repeated names), and growing four
        // arrays append by append was most of their samples (allocation, 0.5% of `process` of 0.6%).
        hashes.reserveCapacity(entries.count)
        keyStarts.reserveCapacity(entries.count + 1)
        keyUnits.reserveCapacity(entries.reduce(0) { $0 + $1.0.count })
        values.reserveCapacity(entries.count)
        let mask = size - 1
        for (word, value) in entries {
            let h = word.withUnsafeBufferPointer { TokenHash.hash($0, 0, $0.count) }
            var slot = Int(truncatingIfNeeded: h) & mask
            var duplicate = false
            while slots[slot] != 0 {
                let index = Int(slots[slot]) - 1
                if hashes[index] == h, Array(keyUnits[Int(keyStarts[index])..<Int(keyStarts[index + 1])]) == word {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if duplicate { continue }
            hashes.append(h)
            keyUnits.append(contentsOf: word)
            keyStarts.append(Int32(keyUnits.count))
            values.append(value)
            slots[slot] = Int32(values.count)
        }
        var bits = 64
        while bits < hashes.count * 16 { bits <<= 1 }
        var filter = [UInt64](repeating: 0, count: bits / 64)
        for h in hashes {
            let bit = Self.filterBit(h, bits - 1)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.filter = filter
        self.filterMask = bits - 1
        self.mask = mask
        self.slots = slots
        self.hashes = hashes
        self.keyStarts = keyStarts
        self.keyUnits = keyUnits
        self.values = values
    }

    package var count: Int { values.count }

    /// The entry index of `units[start..<end]` whose hash is `hash`, or nil.
    @inline(__always)
    package func index(hash: UInt64, _ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> Int? {
        let bit = Self.filterBit(hash, filterMask)
        guard filter[bit >> 6] & 1 << UInt64(bit & 63) != 0 else { return nil }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let index = Int(entry) - 1
            if hashes[index] == hash && matches(index, units, start, end) { return index }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    package func value(hash: UInt64, _ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> Value? {
        index(hash: hash, units, start, end).map { values[$0] }
    }

    /// Looks a whole word up, hashing it first.
    package func value(_ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> Value? {
        value(hash: TokenHash.hash(units, start, end), units, start, end)
    }

    /// The filter bit of a hash: its high bits, independent of the low bits that pick the slot.
    @inline(__always)
    private static func filterBit(_ hash: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: hash >> 40) & mask
    }

    @inline(__always)
    private func matches(_ index: Int, _ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> Bool {
        let from = Int(keyStarts[index])
        let to = Int(keyStarts[index + 1])
        guard to - from == end - start else { return false }
        var i = 0
        while i < to - from {
            if keyUnits[from + i] != units[start + i] { return false }
            i += 1
        }
        return true
    }
}

extension FoldedWordTable {
    /// The folded units of `word` (its first token, if it has several).
    package static func units(_ word: String) -> [UInt16] {
        NormalizedText(word).units
    }
}
