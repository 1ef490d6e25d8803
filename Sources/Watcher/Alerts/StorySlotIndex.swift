/// An exact index over story sketches: the stories whose similarity to a new sketch can reach the threshold, found
/// without comparing it with every story kept, and without slowing down when many stories share text.
///
/// Similarity is equal filled slots over the slots either sketch fills, so a story at or above threshold `t` has the
/// same minimum as a sketch with `m` filled slots in at least `k` of them, `k` the least count with k / m ≥ t. Any
/// m − k + 1 of the sketch's filled slots then hold at least one of those (pigeonhole). The index keeps, per slot and
/// minimum, the stories that have it, and a query walks the m − k + 1 shortest of its slots' lists only: the minima
/// that many stories share (a wire service's sign-off, a site's boilerplate) have the longest lists and are skipped.
/// Every story found is checked exactly by the caller; none that can reach the threshold is missed.
///
/// Memory: one open-addressing table of 12 bytes a cell (slot and minimum, the list's length and its newest story),
/// at most three quarters full, and 4 bytes per story and slot for the lists' links.
package struct StorySlotIndex: Sendable {
    private static let slots = StorySignature.slots
    /// The low 39 bits of a cell's word: slot + 1 (1…64, 7 bits) above the minimum (32 bits); 0 is an empty cell.
    private static let keyBits: UInt64 = (1 << 39) - 1
    /// The length of the cell's list sits above its key (25 bits: more stories than memory can hold).
    private static let lengthShift: UInt64 = 39

    private let threshold: Double
    /// Per cell: the key in the low 39 bits and the length of its list above them.
    private var cells: [UInt64]
    /// Per cell: the newest story (its position) with that minimum in that slot.
    private var heads: [Int32]
    private var used = 0
    private var shift: UInt64
    /// Per story position and slot, the next older story with the same minimum in the same slot (−1: none).
    private var links: [Int32] = []
    /// Per story, the query that last visited it, so a story in several of the lists walked is visited once.
    private var visited: [UInt32] = []
    private var query: UInt32 = 0

    /// Nil when the threshold is 0 or below: every story reaches it, so every story is a candidate.
    package init?(threshold: Double) {
        guard threshold > 0 else { return nil }
        self.threshold = threshold
        cells = []
        heads = []
        shift = 0
        resize(capacity: 1 << 12)
    }

    /// Stories indexed (positions 0..<count).
    package var count: Int { visited.count }

    /// Adds the story at `position`, which must be `count` (stories are appended).
    package mutating func insert(_ signature: StorySignature, at position: Int) {
        precondition(position == count, "stories are indexed in order")
        links.append(contentsOf: repeatElement(-1, count: Self.slots))
        visited.append(0)
        signature.withMinima { minima in
            for slot in 0..<Self.slots where minima[slot] != .max {
                if (used + 1) * 4 > cells.count * 3 { resize(capacity: cells.count * 2) }
                let key = Self.key(slot, minima[slot])
                var cell = home(key)
                while cells[cell] != 0, cells[cell] & Self.keyBits != key { cell = (cell + 1) & (cells.count - 1) }
                if cells[cell] == 0 {
                    cells[cell] = key
                    heads[cell] = -1
                    used += 1
                }
                links[position * Self.slots + slot] = heads[cell]
                heads[cell] = Int32(position)
                cells[cell] += 1 << Self.lengthShift
            }
        }
    }

    /// Takes back the story added last, at `position` (`count - 1`). Keys left with an empty list stay until the next
    /// ``rebuild(_:)``; they cost a cell, never a wrong answer.
    package mutating func removeLast(_ signature: StorySignature, at position: Int) {
        guard position == count - 1 else { return }
        signature.withMinima { minima in
            for slot in 0..<Self.slots where minima[slot] != .max {
                guard let cell = find(Self.key(slot, minima[slot])), heads[cell] == Int32(position) else { continue }
                heads[cell] = links[position * Self.slots + slot]
                cells[cell] -= 1 << Self.lengthShift
            }
        }
        links.removeLast(Self.slots)
        visited.removeLast()
    }

    /// Rebuilds the index over `signatures`, indexed by position (after the memory is compacted).
    package mutating func rebuild(_ signatures: [StorySignature]) {
        links.removeAll(keepingCapacity: true)
        visited.removeAll(keepingCapacity: true)
        // Room for as many keys as before (fewer stories cannot have more distinct minima than all of them had).
        let keys = min(used, signatures.count * Self.slots)
        var capacity = 1 << 12
        while capacity * 3 < keys * 4 { capacity *= 2 }
        resize(capacity: capacity, keep: false)
        for (position, signature) in signatures.enumerated() { insert(signature, at: position) }
    }

    /// Calls `body` once for each story that has the same minimum as `signature` in one of the slots walked (see the
    /// type's comment), in no particular order; or returns false without calling it when those lists hold more than
    /// `limit` stories together, when a scan of every story's fingerprint costs less than visiting them.
    package mutating func visitCandidates(of signature: StorySignature, limit: Int, _ body: (Int) -> Void) -> Bool {
        // Per filled slot: the length of its list (0 for a minimum no story has) and its cell.
        var lists: [(length: Int, cell: Int, slot: Int)] = []
        lists.reserveCapacity(Self.slots)
        signature.withMinima { minima in
            for slot in 0..<Self.slots where minima[slot] != .max {
                if let cell = find(Self.key(slot, minima[slot])) {
                    lists.append((Int(cells[cell] >> Self.lengthShift), cell, slot))
                } else {
                    lists.append((0, -1, slot))
                }
            }
        }
        let filled = lists.count
        // No filled slot, or a threshold above 1: no story can reach it.
        guard let least = Self.leastEqual(filled: filled, threshold: threshold) else { return true }
        let walked = filled - least + 1
        lists.sort { $0.length < $1.length }
        var total = 0
        for list in lists.prefix(walked) {
            total += list.length
            if total > limit { return false }
        }
        query &+= 1
        if query == 0 {
            for i in visited.indices { visited[i] = 0 }
            query = 1
        }
        for list in lists.prefix(walked) where list.length > 0 {
            var position = heads[list.cell]
            while position >= 0 {
                let story = Int(position)
                if visited[story] != query {
                    visited[story] = query
                    body(story)
                }
                position = links[story * Self.slots + list.slot]
            }
        }
        return true
    }

    /// The fewest equal filled slots a story needs to reach `threshold` (> 0) with a sketch that fills `filled`
    /// slots: the least k with k / filled ≥ threshold, in the same floating-point arithmetic as the similarity (whose
    /// denominator is never below `filled`). Nil when no story can reach it (no filled slot, or a threshold above 1).
    package static func leastEqual(filled: Int, threshold: Double) -> Int? {
        guard filled > 0 else { return nil }
        var least = max(1, Int((threshold * Double(filled)).rounded(.up)) - 1)
        while least <= filled, Double(least) / Double(filled) < threshold { least += 1 }
        return least <= filled ? least : nil
    }

    private static func key(_ slot: Int, _ minimum: UInt32) -> UInt64 { UInt64(slot + 1) << 32 | UInt64(minimum) }

    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    private func find(_ key: UInt64) -> Int? {
        var cell = home(key)
        while cells[cell] != 0 {
            if cells[cell] & Self.keyBits == key { return cell }
            cell = (cell + 1) & (cells.count - 1)
        }
        return nil
    }

    /// A table of `capacity` cells (a power of two), with the cells in use moved over unless `keep` is false.
    private mutating func resize(capacity: Int, keep: Bool = true) {
        let oldCells = cells, oldHeads = heads
        cells = [UInt64](repeating: 0, count: capacity)
        heads = [Int32](repeating: -1, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        used = 0
        guard keep else { return }
        for (index, word) in oldCells.enumerated() where word != 0 {
            var cell = home(word & Self.keyBits)
            while cells[cell] != 0 { cell = (cell + 1) & (capacity - 1) }
            cells[cell] = word
            heads[cell] = oldHeads[index]
            used += 1
        }
    }
}
