import CNERModel
import Foundation
import Synchronization

/// A fixed-size cache of what each word adds to the tagger's scores, so that a frequent word's features are hashed
/// and its table rows summed once, not at every token it stands at or next to.
///
/// Most of a token's 46 feature rows depend on one word only (see ``TaggerFeatures``): its own 24, and 13 that a
/// neighbour at −1, +1, −2 or +2 contributes. A slot holds, for one word, five sums of table rows: its own, and one
/// per position it can hold as a neighbour. Scoring a token then adds five cached vectors and only its 9 context rows
/// (gazetteer matches, punctuation, bigrams, the article's features) are read from the table.
///
/// Exactness: a token's score is the same integer sum of 16-bit rows in 32-bit lanes whatever the grouping (no sum of
/// 37 rows comes near overflow, and integer addition is associative), so the cached path gives the reference's
/// scores bit for bit (a slot keeps a neighbour sum in 16-bit lanes only when every lane fits, so widening it back
/// is exact), and the same tags (`NameTaggerTests` compares both on varied text and colliding words).
///
/// Bounded: ``capacity`` slots of 128 bytes allocated once, in sets of two (two-way set-associative by the folded
/// word's hash): a word found in a set's second slot moves to its first, and a new word takes the first slot and moves
/// the word there to the second, replacing the set's less recently used word. Two ways instead of one slot per hash
/// cut the misses of words that share a slot with another frequent one. A slot's key is the word's hash, its units (up to
/// ``maximumUnits``; longer words are scored without being stored) and its lexicon classes, all checked on every
/// lookup. One cache is used by one thread at a time (``TaggerCachePool`` hands them out), hence `@unchecked Sendable`.
package final class TaggerWordCache: @unchecked Sendable {
    /// Words longer than this (in folded UTF-16 units) are not stored: 0.3% of the benchmark corpus's Arabic words
    /// (at 8 units it was 5%, and each of those paid a full lookup of its rows at every occurrence).
    package static let maximumUnits = 10
    /// The default number of slots: 4,096 × 128 bytes = 512 KB per cache, so that the weights and two workers' caches
    /// share one 2 MB page.
    package static let defaultCapacity = 4_096
    /// Slots per set.
    static let ways = 2
    /// Vectors per slot: the word's own rows, then as the neighbour at −1, +1, −2, +2.
    static let vectorsPerSlot = 5

    package let capacity: Int
    /// Sets − 1 (their number is a power of two).
    private let setMask: Int
    private let bits: Int
    /// ``slotBytes`` per slot, 64-byte aligned, two cache lines: the key (hash,
    /// meta, units) and the word's own vector in 32-bit lanes in the first, its four neighbour vectors in 16-bit lanes
    /// in the second. A word whose neighbour sums do not all fit 16 bits (rare: 14 rows' own sums often do not, 2–3
    /// rows' seldom) is scored without being stored (counted in ``uncached``).
    private let slots: UnsafeMutableRawPointer
    /// The slots' memory, where 2 MB pages can back it (``LargeTable``): every token's lookup lands at random in it.
    private let slotTable: LargeTable<SIMD2<UInt64>>
    static let slotBytes = 128
    static let ownOffset = 32
    static let neighbourOffset = 64
    /// Key layout inside a slot: the word's hash, then length | stem offset << 8 | classes << 16 (0 for an empty
    /// slot: no token is empty), then its units up to the own vector.
    static let metaOffset = 8
    static let unitsOffset = 12
    /// The boundary ("no token here") as the neighbour at each position, and the five vectors of the last lookup.
    let boundary: UnsafeMutablePointer<SIMD8<Int32>>
    private let scratch: UnsafeMutablePointer<SIMD8<Int32>>

    /// Lookups that found their word, that stored it, and that could not store it (a word too long, or sums too
    /// large for 16 bits).
    /// Not checked for exclusive access at run time (`@exclusivity(unchecked)`): only the one thread holding the cache
    /// writes them, and the checks on every lookup were 0.3% of `watcherd process` with the tagger.
    @exclusivity(unchecked) package private(set) var hits = 0
    @exclusivity(unchecked) package private(set) var misses = 0
    @exclusivity(unchecked) package private(set) var uncached = 0

    /// A cache for `model`'s table with `capacity` slots (a power of two, at least one set of ``ways``).
    package init(model: TaggerModel, capacity: Int = TaggerWordCache.defaultCapacity) {
        precondition(capacity >= Self.ways && capacity & (capacity - 1) == 0,
                     "the word cache's capacity is a power of two, at least \(Self.ways)")
        self.capacity = capacity
        setMask = capacity / Self.ways - 1
        bits = model.bits
        // Zero-filled and at least 64-byte aligned, as the slots' two cache lines need.
        slotTable = LargeTable(count: capacity * Self.slotBytes / MemoryLayout<SIMD2<UInt64>>.stride)
        slots = slotTable.withUnsafeMutableBufferPointer { UnsafeMutableRawPointer($0.baseAddress!) }
        boundary = .allocate(capacity: 4)
        scratch = .allocate(capacity: Self.vectorsPerSlot)
        scratch.initialize(repeating: SIMD8(), count: Self.vectorsPerSlot)
        let shift = UInt64(64 - bits), rowMask = UInt32(truncatingIfNeeded: (1 << bits) - 1)
        let word = TaggerFeatures.WordValues.boundary(shift: shift)
        model.rows.withUnsafeBufferPointer { w in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: TaggerFeatures.maximumNeighbourCount) { rows in
                for position in 0..<4 {
                    TaggerFeatures.neighbourRows(position, word, rowMask: rowMask, shift: shift, into: rows.baseAddress!)
                    (boundary + position).initialize(to: Self.sum(UnsafeRawPointer(w.baseAddress!), rows.baseAddress!,
                                                                  TaggerFeatures.neighbourCount(position)))
                }
            }
        }
    }

    deinit {
        boundary.deallocate()
        scratch.deallocate()
    }

    /// The memory the cache holds, in bytes: fixed at creation.
    package var byteCount: Int { capacity * Self.slotBytes + 9 * MemoryLayout<SIMD8<Int32>>.stride }

    /// Slots holding a word.
    package var occupied: Int {
        (0..<capacity).reduce(0) { $0 + (slots.load(fromByteOffset: $1 * Self.slotBytes + Self.metaOffset, as: UInt32.self) == 0 ? 0 : 1) }
    }

    /// The sum of `count` table rows (each the 8 name labels' 16-bit weights relative to O) in 32-bit lanes.
    @inline(__always)
    static func sum(_ table: UnsafeRawPointer, _ rows: UnsafePointer<UInt32>, _ count: Int) -> SIMD8<Int32> {
        var sum = SIMD8<Int32>()
        for f in 0..<count {
            let row = table.loadUnaligned(fromByteOffset: Int(rows[f]) &* (TaggerModel.rowStride * 2), as: SIMD8<Int16>.self)
            sum &+= SIMD8<Int32>(truncatingIfNeeded: row)
        }
        return sum
    }

    /// The first slot of the set of the word whose form hashes to `form`; the second follows it.
    @inline(__always)
    private func set(_ form: UInt64) -> UnsafeMutableRawPointer {
        // Bits 40 and up of the multiplied hash: enough for 2^24 sets.
        slots + (Int(truncatingIfNeeded: (form &* 0x9E37_79B9_7F4A_7C15) >> 40) & setMask) &* (Self.ways * Self.slotBytes)
    }

    /// Asks for the set of the word whose form hashes to `form` ahead of its lookup: the first slot's two lines and
    /// the second slot's key.
    @inline(__always)
    func prefetch(form: UInt64) {
        let set = set(form)
        watcherd_prefetch(set)
        watcherd_prefetch(set + 64)
        watcherd_prefetch(set + Self.slotBytes)
    }

    /// Whether `slot` holds the word `u[start..<end]` with hash `form` and key `key` (length | classes << 16).
    @inline(__always)
    private static func holds(_ slot: UnsafeMutableRawPointer, _ u: UnsafeBufferPointer<UInt16>, _ start: Int, _ length: Int,
                              form: UInt64, key: UInt32) -> Bool {
        guard slot.load(as: UInt64.self) == form,
              slot.load(fromByteOffset: metaOffset, as: UInt32.self) & 0xFFFF_00FF == key else { return false }
        let keyUnits = (slot + unitsOffset).assumingMemoryBound(to: UInt16.self)
        for i in 0..<length where keyUnits[i] != u[start + i] { return false }
        return true
    }

    /// Exchanges the contents of a set's two slots.
    @inline(__always)
    private static func swapSlots(_ first: UnsafeMutableRawPointer) {
        let second = first + slotBytes
        let kept = first.loadUnaligned(as: SIMD16<UInt64>.self)
        first.storeBytes(of: second.loadUnaligned(as: SIMD16<UInt64>.self), as: SIMD16<UInt64>.self)
        second.storeBytes(of: kept, as: SIMD16<UInt64>.self)
    }

    /// The five vectors of the word `u[start..<end]` (form hash `form`, lexicon classes `classes`) and its stem
    /// offset: from its set when one of the set's two slots holds this word, else computed from the table and stored
    /// in the set's first slot.
    @inline(__always)
    func vectors(_ u: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int, form: UInt64, classes: UInt16,
                 hashes suffixes: UnsafePointer<UInt64>, table: UnsafeRawPointer) -> (UnsafePointer<SIMD8<Int32>>, Int) {
        let length = end - start
        // The set's first slot: the word is looked for there, then in the second, and stored there.
        let slot = set(form)
        let key = UInt32(truncatingIfNeeded: length) | UInt32(classes) << 16
        let keyUnits = (slot + Self.unitsOffset).assumingMemoryBound(to: UInt16.self)
        let own = (slot + Self.ownOffset).assumingMemoryBound(to: SIMD8<Int32>.self)
        let slotVectors = (slot + Self.neighbourOffset).assumingMemoryBound(to: SIMD8<Int16>.self)
        let storable = length >= 1 && length <= Self.maximumUnits
        if storable {
            var found = Self.holds(slot, u, start, length, form: form, key: key)
            if !found && Self.holds(slot + Self.slotBytes, u, start, length, form: form, key: key) {
                // The more recently used word of the set is kept first.
                Self.swapSlots(slot)
                found = true
            }
            if found {
                hits &+= 1
                scratch[0] = own[0]
                for v in 0..<4 { scratch[1 + v] = SIMD8<Int32>(truncatingIfNeeded: slotVectors[v]) }
                let stored = slot.load(fromByteOffset: Self.metaOffset, as: UInt32.self)
                return (UnsafePointer(scratch), Int((stored >> 8) & 0xFF))
            }
        }
        let offset = fill(scratch, u, start, end, form: form, classes: classes, hashes: suffixes, table: table)
        // Stored only when every lane fits 16 bits exactly, so that widening it back gives the same sums.
        // A lane fits when adding 32,768 leaves it in 0...65,535, i.e. no bit above the low 16: one OR over the
        // four vectors and one test (lane-by-lane comparisons compiled to a stack round trip per lane).
        var high = SIMD8<Int32>()
        for v in 1..<Self.vectorsPerSlot { high |= (scratch[v] &+ 0x8000) & SIMD8(repeating: ~0xFFFF) }
        let half = high.lowHalf | high.highHalf
        if storable && (half[0] | half[1] | half[2] | half[3]) == 0 {
            misses &+= 1
            // The first slot's word becomes the second's, replacing the set's less recently used one.
            (slot + Self.slotBytes).copyMemory(from: slot, byteCount: Self.slotBytes)
            own[0] = scratch[0]
            for v in 0..<4 { slotVectors[v] = SIMD8<Int16>(truncatingIfNeeded: scratch[1 + v]) }
            slot.storeBytes(of: form, as: UInt64.self)
            slot.storeBytes(of: key | UInt32(offset) << 8, toByteOffset: Self.metaOffset, as: UInt32.self)
            for i in 0..<length { keyUnits[i] = u[start + i] }
        } else {
            uncached &+= 1
        }
        return (UnsafePointer(scratch), offset)
    }

    /// Computes a word's five vectors from its feature rows (``TaggerFeatures/ownRows`` and ``neighbourRows``).
    private func fill(_ target: UnsafeMutablePointer<SIMD8<Int32>>, _ u: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int,
                      form: UInt64, classes: UInt16, hashes suffixes: UnsafePointer<UInt64>, table: UnsafeRawPointer) -> Int {
        let shift = UInt64(64 - bits), rowMask = UInt32(truncatingIfNeeded: (1 << bits) - 1)
        // The word lists' slots are the slowest reads of a miss: asked for as soon as the hashes are known. `WordValues`
        // reads them right after (a stem's cluster comes with its code), so the prefetch overlaps only the stem search.
        let lexicon = TaggerLexicon.embedded
        lexicon.prefetch(hash: form)
        let offset = TaggerFeatures.stemOffset(u, start, end)
        if offset > 0 { lexicon.prefetch(hash: suffixes[offset]) }
        let word = TaggerFeatures.WordValues(form: form, stem: suffixes[offset], classes: classes, shift: shift)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(TaggerFeatures.ownCount, TaggerFeatures.maximumNeighbourCount)) { rows in
            let r = rows.baseAddress!
            TaggerFeatures.ownRows(u, start, end, offset: offset, word, shift: shift, rowMask: rowMask, into: r)
            target[0] = Self.sum(table, r, TaggerFeatures.ownCount)
            for position in 0..<4 {
                TaggerFeatures.neighbourRows(position, word, rowMask: rowMask, shift: shift, into: r)
                target[1 + position] = Self.sum(table, r, TaggerFeatures.neighbourCount(position))
            }
        }
        return offset
    }
}

/// The idle word caches of one tagger: a tagging call takes one (or makes one when all are in use), and gives it
/// back, so each worker thread reuses a warm cache and no two threads share one. At most ``maximumIdle`` are kept.
package final class TaggerCachePool: Sendable {
    /// One per core at least: `workers: 0` runs one tagging thread per core, and each should find a warm cache.
    package static let maximumIdle = max(8, ProcessInfo.processInfo.activeProcessorCount)
    private let idle = Mutex<[TaggerWordCache]>([])
    private let capacity: Int

    package init(capacity: Int = TaggerWordCache.defaultCapacity) { self.capacity = capacity }

    /// Runs `body` with a cache of `model` held by this call alone.
    package func withCache<R>(model: TaggerModel, _ body: (TaggerWordCache) -> R) -> R {
        let cache = idle.withLock { $0.popLast() } ?? TaggerWordCache(model: model, capacity: capacity)
        defer { idle.withLock { if $0.count < Self.maximumIdle { $0.append(cache) } } }
        return body(cache)
    }

    /// Caches waiting to be reused.
    package var idleCount: Int { idle.withLock { $0.count } }
}
