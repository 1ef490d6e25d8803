#if canImport(Glibc)
import Glibc
#endif

/// Monotonic time in seconds, for timing runs.
enum Stopwatch {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The best of `runs` timings of `body` (the least disturbed by other load), in seconds.
    static func best(runs: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = now()
            body()
            best = min(best, now() - start)
        }
        return best
    }
}

/// Percentiles of a sample, nearest-rank.
struct Percentiles {
    let sorted: [Double]
    init(_ values: [Double]) { sorted = values.sorted() }
    func at(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)]
    }
    var max: Double { sorted.last ?? .nan }
}
