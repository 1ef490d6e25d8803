/// A one-hash Bloom filter over ``TableKey``s: `mayContain` is false for most words that are not in a table, so the
/// hot loops skip the `Hasher` a dictionary lookup costs. False positives only cost the lookup they would have done.
package struct TableKeyFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 64)  // 4,096 bits: a few percent false positives for a few hundred keys

    package init() {}

    package init(_ keys: some Sequence<TableKey>) {
        for key in keys { insert(key) }
    }

    package mutating func insert(_ key: TableKey) {
        let bit = Self.bit(key)
        bits[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    @inline(__always)
    package func mayContain(_ key: TableKey) -> Bool {
        let bit = Self.bit(key)
        return bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    @inline(__always)
    private static func bit(_ key: TableKey) -> Int { Int(truncatingIfNeeded: key.quickHash >> 52) }
}
