import Testing
import Watcher

/// `ArticleAnalysis.startsWithTitle` answers from the bytes where it can; it must agree with `String.hasPrefix`,
/// whose Character comparison it skips, on every text and title.
@Suite struct ArticleAnalysisTests {
    /// SplitMix64: a seeded generator, so a failing case can be made again.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Pieces that make grapheme boundaries hard: line breaks (CR, LF, CR LF), Arabic letters and a combining mark,
    /// a zero-width joiner, an emoji with a skin tone, a flag's regional indicators, Latin with a combining accent.
    static let pieces = ["\n", "\r", "\r\n", "ب", "بِ", "\u{0651}", "\u{200D}", "👍", "🏽", "🇮", "🇶", "e", "\u{0301}", " ", "قال"]

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func agreesWithHasPrefix(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        func random(_ count: Int) -> String {
            (0..<count).map { _ in Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &generator)] }.joined()
        }
        for _ in 0..<5_000 {
            let title = random(Int.random(in: 1...4, using: &generator))
            // Mostly texts that begin with the title's pieces, as records do, then anything.
            let text = (Bool.random(using: &generator) ? title : random(2)) + random(Int.random(in: 0...4, using: &generator))
            #expect(ArticleAnalysis.startsWithTitle(text, title) == text.hasPrefix(title),
                    "seed \(seed): text \(Array(text.unicodeScalars)), title \(Array(title.unicodeScalars))")
        }
        #expect(ArticleAnalysis.startsWithTitle("عنوان\nنص", "عنوان"))
        #expect(!ArticleAnalysis.startsWithTitle("عنوان\u{0651}\nنص", "عنوان"), "a mark after the title joins its last letter")
        #expect(!ArticleAnalysis.startsWithTitle("عنوان\r\nنص", "عنوان\r"), "CR LF is one character")
    }
}
