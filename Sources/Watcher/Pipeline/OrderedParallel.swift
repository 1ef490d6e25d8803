/// Runs a synchronous, CPU-bound step over a stream of chunks on up to `workers` child tasks at once, and hands the
/// results back one by one in input order: `watcherd process` and `watcherd replay` analyse on every core while
/// story grouping, cooldown and output stay in the order of the input.
public enum OrderedParallel {
    /// Pulls chunks from `next` (nil ends the stream), transforms each element on a worker, and calls `consume` with
    /// each result in input order. At most `workers` transforms run at once; a chunk's slot is reused as soon as it
    /// finishes, even while an earlier chunk is still being consumed.
    public static func run<Input: Sendable, Output: Sendable>(
        workers: Int,
        next: () throws -> [Input]?,
        transform: @escaping @Sendable (Input) -> Output,
        consume: (Output) async throws -> Void
    ) async throws {
        let workers = max(1, workers)
        if workers == 1 {
            // One worker: no tasks, no buffering; the same order by construction.
            while let chunk = try next() {
                for input in chunk { try await consume(transform(input)) }
            }
            return
        }
        try await withThrowingTaskGroup(of: (Int, [Output]).self) { group in
            var submitted = 0
            var running = 0
            var nextToConsume = 0
            var finished: [Int: [Output]] = [:]
            var exhausted = false
            func submit() throws {
                // Bounded: never more than `workers` running, nor too many finished chunks waiting behind a slow one.
                while !exhausted, running < workers, finished.count < 4 * workers {
                    guard let chunk = try next() else {
                        exhausted = true
                        return
                    }
                    let index = submitted
                    submitted += 1
                    running += 1
                    group.addTask { (index, chunk.map(transform)) }
                }
            }
            try submit()
            while running > 0 {
                guard let (index, outputs) = try await group.next() else { break }
                running -= 1
                finished[index] = outputs
                try submit()
                while let ready = finished.removeValue(forKey: nextToConsume) {
                    nextToConsume += 1
                    for output in ready { try await consume(output) }
                    try submit()
                }
            }
        }
    }
}
