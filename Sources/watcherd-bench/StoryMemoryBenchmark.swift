import Logging
import Watcher

/// Times ``StoryMemory/decide`` against a memory already holding many stories (72 hours at least): decisions run one
/// after another in one actor, so this is the daemon's serial cost that could grow with traffic rather than with the
/// article. The band index keeps it from growing with the stories kept.
enum StoryMemoryBenchmark {
    /// Microseconds per decision for `articles` new, unrelated articles (no story matches, so each starts a story and
    /// is indexed) once `stories` unrelated stories are kept.
    static func microsecondsPerDecision(stories: Int, articles: Int, seed: UInt64) async throws -> Double {
        let memory = try StoryMemory(stateFolder: nil, threshold: AlertSettings().storySimilarity, cooldownHours: 24,
                                     policy: .record, logger: Logger(label: "bench"))
        var random = SplitMix(seed: seed)
        // A sketch like an unrelated article's: random minima, a few slots left empty.
        func sketch() -> StorySignature {
            StorySignature(minima: (0..<StorySignature.slots).map { _ -> UInt32 in
                let value = random.next()
                return value % 16 == 0 ? .max : UInt32(truncatingIfNeeded: value >> 33)
            })
        }
        let now = Timestamp.now()
        for n in 0..<stories {
            _ = await memory.decide(article: RecordKey(hashing: Array("filler \(n)".utf8)), signature: sketch(), matches: [], at: now)
        }
        let queries = (0..<articles).map { _ in sketch() }
        let keys = (0..<articles).map { RecordKey(hashing: Array("article \($0)".utf8)) }
        let started = Stopwatch.now()
        for (key, signature) in zip(keys, queries) {
            _ = await memory.decide(article: key, signature: signature, matches: [], at: now)
        }
        return (Stopwatch.now() - started) * 1e6 / Double(max(1, articles))
    }
}
