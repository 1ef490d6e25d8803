import Testing
import Watcher

/// `ArticleAnalysis.startsWithTitle` answers from the bytes where it can; it must agree with `String.hasPrefix`,
/// whose Character comparison it skips, on every text and title.
@Suite struct ArticleAnalysisTests {
    /// Pieces that make grapheme boundaries hard: line breaks (CR, LF, CR LF), Arabic letters and a combining mark,
    /// a zero-width joiner, an emoji with a skin tone, a flag's regional indicators, Latin with a combining accent.
    static let pieces = ["\n", "\r", "\r\n", "ب", "بِ", "\u{0651}", "\u{200D}", "👍", "🏽", "🇮", "🇶", "e", "\u{0301}", " ", "قال"]

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func agreesWithHasPrefix(seed: UInt64) {
        var generator = SplitMix(seed: seed)
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
