import Testing
import Watcher

/// Table keys keep short keys inline; the allocation-free operations must agree with the byte-array definitions.
@Suite struct TableKeyTests {
    /// Keys of every length around the inline capacity (24 bytes), from Arabic letters and ASCII.
    let samples: [[UInt8]] = (0...40).map { n in Array(String(repeating: "وبx", count: n).utf8.prefix(n)) }
        + (0...20).map { n in Array(String(repeating: "و", count: n).utf8) }

    @Test func prefixEqualsTheKeyOfThePrefixBytes() {
        for bytes in samples {
            let key = TableKey(bytes: bytes)
            for length in 0...bytes.count {
                let prefix = key.prefix(length)
                #expect(prefix == TableKey(bytes: Array(bytes.prefix(length))), "\(bytes.count) bytes, prefix \(length)")
                #expect(prefix.hashValue == TableKey(bytes: Array(bytes.prefix(length))).hashValue)
            }
        }
    }

    @Test func withUTF8SeesTheKeysBytes() {
        for bytes in samples {
            #expect(TableKey(bytes: bytes).withUTF8 { Array($0) } == bytes)
        }
    }

    @Test func withoutConjunctionDropsALeadingWawFromLongerWords() {
        for bytes in samples {
            let key = TableKey(bytes: bytes)
            let expected = bytes.count >= 8 && bytes.starts(with: [0xD9, 0x88]) ? TableKey(bytes: Array(bytes.dropFirst(2))) : key
            #expect(key.withoutConjunction == expected, "\(bytes.count) bytes")
            #expect(key.withoutConjunction.fingerprint == expected.fingerprint)
        }
    }
}

extension TableKeyTests {
    @Test func hasSuffixComparesTheLastBytes() {
        for bytes in samples {
            let key = TableKey(bytes: bytes)
            for length in 0...bytes.count {
                #expect(key.hasSuffix(TableKey(bytes: Array(bytes.suffix(length)))))
            }
            #expect(!key.hasSuffix(TableKey(bytes: bytes + [0x41])))
            if let last = bytes.last {
                #expect(!key.hasSuffix(TableKey(bytes: Array(bytes.dropLast()) + [last ^ 1])))
            }
        }
    }
}

/// The folded-word table answers most misses from its bit filter; the filter must never hide a word it holds.
@Suite struct FoldedWordTableTests {
    @Test func everyWordIsFoundAndOthersAreNot() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 5, 300, 20_000] {
            var words = Set<[UInt16]>()
            while words.count < size {
                words.insert((0..<Int.random(in: 1...9, using: &generator)).map { _ in UInt16.random(in: 0x0621...0x064A, using: &generator) })
            }
            let list = Array(words)
            let table = FoldedWordTable(list.enumerated().map { ($1, $0) })
            for (index, word) in list.enumerated() {
                #expect(word.withUnsafeBufferPointer { table.value($0, 0, $0.count) } == index)
            }
            for _ in 0..<2_000 {
                let other = (0..<Int.random(in: 1...9, using: &generator)).map { _ in UInt16.random(in: 0x0621...0x064A, using: &generator) }
                guard !words.contains(other) else { continue }
                #expect(other.withUnsafeBufferPointer { table.value($0, 0, $0.count) } == nil)
            }
        }
    }
}

extension TableKeyTests {
    /// Keys copied from memory in words (the tokeniser's) equal keys built byte by byte (the tables').
    @Test func copiedKeysEqualAppendedKeys() {
        for bytes in samples {
            let copied = bytes.withUnsafeBufferPointer { TableKey(copying: $0) }
            #expect(copied == TableKey(utf8: bytes), "\(bytes.count) bytes")
            #expect(copied.hashValue == TableKey(utf8: bytes).hashValue)
            #expect(copied.quickHash == TableKey(utf8: bytes).quickHash)
        }
    }
}

/// The date words' roles are looked up in a ``TableKeyMap``: it must answer exactly as a dictionary would.
@Suite struct TableKeyMapTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func everyKeyIsFoundWithItsValueAndOthersAreNot(seed: UInt64) {
        var generator = SplitMix(seed: seed)
        for size in [0, 1, 5, 300, 5_000] {
            var keys = Set<TableKey>()
            // Lengths up to 40 bytes: keys past the 24 inline bytes differ only in their tail too.
            while keys.count < size {
                let length = Int.random(in: 1...40, using: &generator)
                keys.insert(TableKey(bytes: (0..<length).map { _ in UInt8.random(in: 0x61...0x64, using: &generator) }))
            }
            let list = Array(keys)
            let map = TableKeyMap(list.enumerated().map { ($1, $0) })
            #expect(map.count == list.count)
            for (index, key) in list.enumerated() { #expect(map[key] == index, "\(key)") }
            for _ in 0..<2_000 {
                let length = Int.random(in: 1...40, using: &generator)
                let other = TableKey(bytes: (0..<length).map { _ in UInt8.random(in: 0x61...0x64, using: &generator) })
                guard !keys.contains(other) else { continue }
                #expect(map[other] == nil, "\(other)")
            }
        }
    }

    @Test func aRepeatedKeyKeepsItsFirstValue() {
        let map = TableKeyMap([(TableKey("في"), 1), (TableKey("من"), 2), (TableKey("في"), 3)])
        #expect(map.count == 2)
        #expect(map[TableKey("في")] == 1)
        #expect(map[TableKey("من")] == 2)
        #expect(map[TableKey("عن")] == nil)
    }
}
