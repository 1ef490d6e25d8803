/// A set of sentence indices `0..<count` as bits: `near: sentence` intersects one per group of hits, and an article's
/// sentences fit in a few words, where a `Set<Int>` would hash every index and allocate for every intersection.
struct SentenceSet {
    private var words: [UInt64]

    init(count: Int) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    func contains(_ sentence: Int) -> Bool {
        words[sentence >> 6] & 1 << UInt64(sentence & 63) != 0
    }

    mutating func insert(_ sentence: Int) {
        words[sentence >> 6] |= 1 << UInt64(sentence & 63)
    }

    mutating func remove(_ sentence: Int) {
        words[sentence >> 6] &= ~(1 << UInt64(sentence & 63))
    }

    mutating func removeAll() {
        for i in words.indices { words[i] = 0 }
    }

    /// Keeps the sentences `other` (of the same count) also has.
    mutating func formIntersection(_ other: SentenceSet) {
        for i in words.indices { words[i] &= other.words[i] }
    }
}
