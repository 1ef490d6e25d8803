import Testing
import Watcher

/// `LargeTable`: the tagger's random-access tables, zero-filled; over 1 MB aligned to 2 MB, from 256 KB to 1 MB pieces
/// of shared 2 MB pages, so that the kernel can back them with huge pages.
@Suite struct LargeTableTests {
    @Test func aTableOverAMegabyteStartsOnAHugePage() {
        for count in [131_073, 200_000, 524_288] {  // just over 1 MB, 1.6 MB and 4 MB of UInt64
            let table = LargeTable<UInt64>(count: count)
            table.withUnsafeBufferPointer { buffer in
                #expect(Int(bitPattern: buffer.baseAddress) % (2 << 20) == 0, "\(count) values")
                #expect(buffer.count == count)
                #expect(buffer.allSatisfy { $0 == 0 })
            }
        }
    }

    /// Tables from 256 KB to 1 MB are pieces of shared 2 MB pages, each inside one page.
    @Test func tablesUpToAMegabyteLieInsideOneHugePage() {
        let page = 2 << 20
        for count in [16_384, 32_768, 65_536] {  // 256 KB, 512 KB and 1 MB of 16-byte values
            let table = LargeTable<SIMD2<UInt64>>(count: count)
            let start = table.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress!) }
            #expect(start / page == (start + 16 * count - 1) / page, "\(count) values across two huge pages")
            #expect(start % 4096 == 0)
            #expect(table.array.allSatisfy { $0 == SIMD2() })
        }
    }

    /// The tagger's weights and two word caches take one shared page, not three, without overlapping, and the page
    /// goes when its last piece does.
    @Test func piecesShareAPageUntilTheLastGoes() {
        let slabs = HugePageSlabs()
        let page = 2 << 20
        let pieces = [1 << 20, 512 << 10, 512 << 10].map { size in (slabs.allocate(size), size) }
        #expect(slabs.pageCount == 1)
        let starts = pieces.map { Int(bitPattern: $0.0) }
        #expect(Set(starts.map { $0 / page }).count == 1 && starts.allSatisfy { $0 % 4096 == 0 })
        for (a, b) in zip(pieces, pieces.dropFirst()) { #expect(Int(bitPattern: a.0) + a.1 <= Int(bitPattern: b.0)) }
        let fourth = slabs.allocate(256 << 10)  // the page is full: a second one
        #expect(slabs.pageCount == 2)
        for (piece, _) in pieces.dropLast() { slabs.free(piece) }
        #expect(slabs.pageCount == 2, "a page given back while a piece of it is in use")
        slabs.free(pieces[2].0)
        #expect(slabs.pageCount == 1)
        slabs.free(fourth)
        #expect(slabs.pageCount == 0)
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
