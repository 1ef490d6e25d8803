#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import Watcher

/// `ReadOnceData`: pages of constant data read once are handed back, and read back whole if they are read again.
@Suite struct ReadOnceDataTests {
    /// The resident kilobytes of the mapping that holds `address`, from /proc/self/smaps.
    static func residentKilobytes(at address: UnsafeRawPointer) -> Int? {
        // Read to the end: /proc files report a size of 0, which whole-file readers take at its word.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/smaps"), let data = try? handle.readToEnd() else { return nil }
        let smaps = String(decoding: data, as: UTF8.self)
        let target = UInt(bitPattern: address)
        var inside = false
        for line in smaps.split(separator: "\n") {
            let range = line.prefix { $0 != " " }.split(separator: "-")
            if range.count == 2, let low = UInt(range[0], radix: 16), let high = UInt(range[1], radix: 16) {
                inside = low <= target && target < high
            } else if inside, line.hasPrefix("Rss:") {
                return Int(line.split(separator: " ").dropFirst().first ?? "")
            }
        }
        return nil
    }

    @Test func pagesOfAFileMappingGoBackAndReadBackTheSame() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let size = 64 * page
        var generator = SplitMix(seed: 61)
        let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("read-once-\(getpid()).bin")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        try #require(mapped != MAP_FAILED)
        let mapping = try #require(mapped)
        defer { munmap(mapping, size) }
        let view = UnsafeRawBufferPointer(start: mapping, count: size)
        #expect(Array(view) == bytes)  // every page read: resident
        let before = try #require(Self.residentKilobytes(at: mapping))
        #expect(before * 1024 >= size)
        // Not page-aligned at either end: only the whole pages inside go.
        let inner = UnsafeRawBufferPointer(rebasing: view[100..<(size - 100)])
        #expect(ReadOnceData.release(inner) == size - 2 * page)
        let after = try #require(Self.residentKilobytes(at: mapping))
        #expect(after * 1024 <= 2 * page, "resident after the release: \(after) kB")
        #expect(Array(view) == bytes)  // read back from the file, unchanged
    }

    @Test func nothingWholeNothingReleased() {
        let bytes = [UInt8](repeating: 7, count: 100)
        bytes.withUnsafeBytes { #expect(ReadOnceData.release($0) == 0) }
        #expect(ReadOnceData.release(UnsafeRawBufferPointer(start: nil, count: 0)) == 0)
    }

    /// Loading a recogniser with the tagger hands the embedded data's pages back, the data reads the same afterwards,
    /// and a reload's tagger shares the first one's word caches. (Whether the pages leave the resident set is checked
    /// on a mapping of its own above: other tests read and release the embedded data at the same time as this one.)
    @Test func theTaggersEmbeddedDataGoesBackWhenTheRecogniserLoads() throws {
        func digest() -> [Int] {
            NameTagger.embeddedBytes.map { bytes in bytes.reduce(0) { ($0 &* 31) &+ Int($1) } }
        }
        let before = digest()
        let settled = NameTagger.settleCount
        let first = try EntityRecognizer.load(extraFiles: [], tagger: true)
        #expect(NameTagger.settleCount > settled, "loading the tagger left the embedded data's pages resident")
        #expect(digest() == before)
        let again = try EntityRecognizer.load(extraFiles: [], tagger: true)
        let (a, b) = (try #require(first.tagger), try #require(again.tagger))
        #expect(a.caches === b.caches, "a reload's tagger made word caches of its own")
        #expect(NameTagger.settleEmbedded() > 5_000_000, "the kernel took back less than the 6 MB of whole pages")
    }
}
