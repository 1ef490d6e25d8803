import Testing
import Watcher

/// `LargeTable`: the tagger's random-access tables, zero-filled and, from half a huge page up, aligned to 2 MB so
/// that the kernel can back them with huge pages.
@Suite struct LargeTableTests {
    @Test func aTableOfAMegabyteOrMoreStartsOnAHugePage() {
        for count in [131_072, 200_000, 524_288] {  // 1 MB, 1.6 MB and 4 MB of UInt64
            let table = LargeTable<UInt64>(count: count)
            table.withUnsafeBufferPointer { buffer in
                #expect(Int(bitPattern: buffer.baseAddress) % (2 << 20) == 0, "\(count) values")
                #expect(buffer.count == count)
                #expect(buffer.allSatisfy { $0 == 0 })
            }
        }
    }

    @Test func smallTablesAreCacheLineAligned() {
        let table = LargeTable<Int16>(count: 1_000)
        table.withUnsafeBufferPointer { buffer in
            #expect(Int(bitPattern: buffer.baseAddress) % 64 == 0)
            #expect(buffer.allSatisfy { $0 == 0 })
        }
        #expect(LargeTable<UInt8>(count: 0).array.isEmpty)
    }

    @Test func valuesGoInAndComeBackOut() {
        var generator = SplitMix(seed: 14)
        let values = (0..<300_000).map { _ in generator.next() }
        let table = LargeTable(values)
        #expect(table.count == values.count)
        #expect(table.array == values)
        table.withUnsafeMutableBufferPointer { $0[7] = 42 }
        #expect(table.array[7] == 42 && table.array[8] == values[8])
    }
}
