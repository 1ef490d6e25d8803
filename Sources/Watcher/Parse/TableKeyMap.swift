/// An immutable open-addressing map from ``TableKey``s to values, probed with ``TableKey/quickHash``.
///
/// For per-token lookups in tables that common words hit (the date words «في», «من», «بعد» pass any filter): a
/// `Dictionary` runs `Hasher` (SipHash) over each looked-up key, this table a multiply and a compare of three words.
package struct TableKeyMap<Value: Sendable>: Sendable {
    /// Entry index + 1 per slot; 0 is empty.
    private let slots: [Int32]
    private let mask: Int
    private let keys: [TableKey]
    private let values: [Value]

    /// Builds from (key, value) pairs; a repeated key keeps its first value.
    package init(_ entries: some Sequence<(TableKey, Value)>) {
        var keys: [TableKey] = []
        var values: [Value] = []
        for (key, value) in entries {
            keys.append(key)
            values.append(value)
        }
        var size = 16
        while size < keys.count * 4 { size <<= 1 }
        let mask = size - 1
        var slots = [Int32](repeating: 0, count: size)
        var keptKeys: [TableKey] = []
        var keptValues: [Value] = []
        keptKeys.reserveCapacity(keys.count)
        keptValues.reserveCapacity(values.count)
        for (key, value) in zip(keys, values) {
            var slot = Self.slot(key, mask)
            var duplicate = false
            while slots[slot] != 0 {
                if keptKeys[Int(slots[slot]) - 1] == key {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if duplicate { continue }
            keptKeys.append(key)
            keptValues.append(value)
            slots[slot] = Int32(keptKeys.count)
        }
        self.slots = slots
        self.mask = mask
        self.keys = keptKeys
        self.values = keptValues
    }

    /// An empty map.
    package init() {
        self.init([])
    }

    package var count: Int { keys.count }

    /// The value of `key`, or nil.
    @inline(__always)
    package subscript(key: TableKey) -> Value? {
        var slot = Self.slot(key, mask)
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if keys[entry - 1] == key { return values[entry - 1] }
            slot = (slot + 1) & mask
        }
    }

    /// The slot a key's probe starts at: bits of the hash that ``TableKeyFilter`` does not use.
    @inline(__always)
    private static func slot(_ key: TableKey, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: key.quickHash >> 17) & mask
    }
}
