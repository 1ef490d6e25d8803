import Testing
import Watcher

@Suite struct ArabicTextTests {
    @Test func foldsLettersMarksAndDigits() {
        #expect(NormalizedText.fold("أإآٱ") == "اااا")
        #expect(NormalizedText.fold("مستشفى") == "مستشفي")
        #expect(NormalizedText.fold("الحكومة") == "الحكومه")
        #expect(NormalizedText.fold("مؤتمر رئيس") == "موتمر رييس")
        #expect(NormalizedText.fold("أنباء") == "انبا")  // standalone hamza dropped
        #expect(NormalizedText.fold("محمّدٌ") == "محمد")
        #expect(NormalizedText.fold("العـــراق") == "العراق")
        #expect(NormalizedText.fold("٢٠٢٤ ۱۲") == "2024 12")
        #expect(NormalizedText.fold("کیهان") == "كيهان")
        #expect(NormalizedText.fold("“نص” – «آخر»") == "\"نص\" - \"اخر\"")
        #expect(NormalizedText.fold("AFP") == "afp")
        #expect(NormalizedText.fold("بغ\u{200F}داد\u{200D}") == "بغداد")
    }

    @Test func offsetsMapBackToTheOriginalScalars() {
        let text = "قال \u{200F}محمّدٌ شياع: «نعم» 😀 بغداد"
        let normalized = NormalizedText(text)
        let scalars = Array(text.unicodeScalars)
        #expect(normalized.scalarCount == scalars.count)
        for token in ArabicTokenizer.tokenize(normalized) {
            let range = normalized.scalarRange(of: token.range)
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[range])
            #expect(String(slice) == normalized.original(token.range))
        }
        let words = ArabicTokenizer.tokenize(normalized).map { normalized.original($0.range) }
        #expect(words == ["قال", "محمّدٌ", "شياع", "نعم", "بغداد"])
    }

    @Test func tokensCarryTheirSeparators() {
        let text = NormalizedText("قناة “الحرة”، ثم بغداد. وغداً")
        let tokens = ArabicTokenizer.tokenize(text)
        #expect(tokens.map(\.gapBefore) == [.sentence, .quote, .clause, .space, .sentence])
        #expect(tokens.map(\.sentence) == [0, 0, 0, 0, 1])
    }

    @Test func splitsSentences() {
        let text = "قال الوزير: «انتهى الأمر». هل انتهى؟ نعم! بلغ 2.5 مليون… ثم\nسطر جديد؛ وأخير"
        let normalized = NormalizedText(text)
        let scalars = Array(text.unicodeScalars)
        let sentences = SentenceSplitter.sentences(in: normalized).map { range -> String in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range])
            return String(view)
        }
        #expect(sentences == ["قال الوزير: «انتهى الأمر».", "هل انتهى؟", "نعم!", "بلغ 2.5 مليون…", "ثم", "سطر جديد؛", "وأخير"])
        let tokens = ArabicTokenizer.tokenize(normalized)
        #expect(tokens.last?.sentence == Int32(sentences.count - 1))
    }
}
