import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import Watcher

/// A guard against the parser getting slower: seed-sized articles must parse at 8 MB/s of CPU time or more in
/// release builds (`make test`); about 14 MB/s was measured on the 2-core build VM. Time is the thread's CPU time,
/// so other processes on a busy machine do not skew it. Debug builds only check that it completes.
@Suite struct ParserThroughputTests {
    @Test func seedsParseFastEnough() throws {
        let texts = try (0..<5).map { try TextDecoder().decode(try Fixtures.seed($0)).text }
        let bytesPerRound = texts.reduce(0) { $0 + $1.utf8.count }
        let parser = ArticleParser()
        var rounds = 0
        let start = Self.threadCPUSeconds()
        var seconds = 0.0
        repeat {
            for text in texts { _ = try parser.parse(text, format: .plainText) }
            rounds += 1
            seconds = Self.threadCPUSeconds() - start
        } while seconds < 0.3
        let megabytesPerSecond = Double(bytesPerRound * rounds) / seconds / 1_000_000
        print("parser throughput: \(Int(megabytesPerSecond)) MB/s over \(rounds) rounds")
        #if !DEBUG
        #expect(megabytesPerSecond >= 8, "parser throughput \(megabytesPerSecond) MB/s")
        #endif
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
