/// Timing of the recogniser for the evaluation command: matcher build time and recognition throughput on one core.
public enum EntityBenchmark {
    /// The median time to compile the matcher for `gazetteer` over `runs` builds.
    public static func matcherBuild(_ gazetteer: Gazetteer, runs: Int = 5) -> Duration {
        let clock = ContinuousClock()
        var times: [Duration] = []
        for _ in 0..<max(1, runs) {
            let start = clock.now
            let matcher = EntityMatcher(gazetteer: gazetteer)
            times.append(clock.now - start)
            precondition(matcher.wordCount >= 0)
        }
        return times.sorted()[times.count / 2]
    }

    /// Recognises `texts` over and over on the calling thread until at least `minimumBytes` of UTF-8 went through;
    /// returns bytes per second and the entities found (so the work cannot be optimised away).
    public static func throughput(_ recognizer: EntityRecognizer, texts: [String], minimumBytes: Int = 16 << 20)
        -> (bytesPerSecond: Double, bytes: Int, entities: Int)
    {
        guard !texts.isEmpty else { return (0, 0, 0) }
        let clock = ContinuousClock()
        var bytes = 0
        var entities = 0
        let start = clock.now
        while bytes < minimumBytes {
            for text in texts {
                entities += recognizer.recognize(text).count
                bytes += text.utf8.count
            }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (Double(bytes) / seconds, bytes, entities)
    }
}
