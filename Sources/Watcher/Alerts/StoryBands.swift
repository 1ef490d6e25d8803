/// An exact index over story sketches: the stories whose similarity to a new sketch can reach the threshold, found
/// without comparing it with every story kept.
///
/// Similarity is equal slots over filled slots, so a story at or above threshold `t` differs from the sketch in at
/// most ⌊(1 − t) · 64⌋ filled slots. Splitting the 64 slots into one band more than that leaves at least one band
/// where the two sketches are the same, slot for slot; every band's values are a bucket key. A story that shares no
/// bucket cannot reach the threshold, so looking only at those that do misses nothing (shared buckets that turn out
/// dissimilar are checked exactly and dropped).
struct StoryBands: Sendable {
    /// The slots of each band, contiguous and of sizes that differ by one at most.
    private let bands: [Range<Int>]
    /// Bucket key (band number and its slots' values, hashed) → indices of the stories, ascending.
    private var buckets: [UInt64: [Int32]] = [:]
    /// Per story, the query that last visited it, so a story in several shared buckets is visited once.
    private var visited: [UInt32] = []
    private var query: UInt32 = 0

    /// Nil when the threshold is too low for any band to be sure of a match (t ≤ 0): then every story is a candidate.
    init?(threshold: Double) {
        let slots = StorySignature.slots
        let unequal = Int(((1 - min(max(threshold, 0), 1)) * Double(slots) + 1e-9).rounded(.down))
        let count = unequal + 1
        guard count <= slots else { return nil }
        bands = (0..<count).map { band in (band * slots / count)..<((band + 1) * slots / count) }
    }

    /// Adds the story at `index`, which must be greater than every index added before (stories are appended).
    mutating func insert(_ signature: StorySignature, at index: Int) {
        let minima = signature.minima
        for band in bands.indices { buckets[key(band, minima), default: []].append(Int32(index)) }
        if visited.count <= index { visited += repeatElement(0, count: index + 1 - visited.count) }
    }

    /// Takes back the story added last, at `index`.
    mutating func removeLast(_ signature: StorySignature, at index: Int) {
        let minima = signature.minima
        for band in bands.indices {
            let k = key(band, minima)
            guard buckets[k]?.last == Int32(index) else { continue }
            buckets[k]?.removeLast()
            if buckets[k]?.isEmpty == true { buckets[k] = nil }
        }
        if visited.count == index + 1 { visited.removeLast() }
    }

    /// Rebuilds the index over `signatures`, indexed by position (after the memory is compacted).
    mutating func rebuild(_ signatures: [StorySignature]) {
        buckets.removeAll(keepingCapacity: true)
        visited.removeAll(keepingCapacity: true)
        for (index, signature) in signatures.enumerated() { insert(signature, at: index) }
    }

    /// Calls `body` once for each story that shares at least one band with `signature`, in no particular order; or
    /// returns false without calling it when the shared buckets hold more than `limit` entries. Text that many
    /// articles share (a wire service's sign-off, a site's boilerplate) fills some buckets, and past a point a scan
    /// of every story's fingerprint costs less than visiting them.
    mutating func visitCandidates(of signature: StorySignature, limit: Int, _ body: (Int) -> Void) -> Bool {
        let minima = signature.minima
        var shared: [[Int32]] = []
        shared.reserveCapacity(bands.count)
        var total = 0
        for band in bands.indices {
            guard let bucket = buckets[key(band, minima)] else { continue }
            total += bucket.count
            if total > limit { return false }
            shared.append(bucket)
        }
        query &+= 1
        if query == 0 {
            for i in visited.indices { visited[i] = 0 }
            query = 1
        }
        for bucket in shared {
            for index in bucket where visited[Int(index)] != query {
                visited[Int(index)] = query
                body(Int(index))
            }
        }
        return true
    }

    private func key(_ band: Int, _ minima: [UInt32]) -> UInt64 {
        var hash = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
        for slot in bands[band] {
            hash = (hash ^ UInt64(minima[slot])) &* 0x0000_0100_0000_01B3
            hash ^= hash >> 29
        }
        return hash
    }
}
