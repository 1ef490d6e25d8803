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

    @Test func aStopAfterOneLetterAbbreviates() {
        // A title, an agency, initials: the sentence goes on (a rule's `near: sentence` must see one sentence).
        let text = "هددت الفصائل على لسان د. علي الأسدي القوات. وذكرت وكالة أ.ف.ب أن جورج W. بوش وصل. انتهى"
        let normalized = NormalizedText(text)
        let scalars = Array(text.unicodeScalars)
        let sentences = SentenceSplitter.sentences(in: normalized).map { range in String(String.UnicodeScalarView(scalars[range])) }
        #expect(sentences == ["هددت الفصائل على لسان د. علي الأسدي القوات.", "وذكرت وكالة أ.ف.ب أن جورج W. بوش وصل.", "انتهى"])
        #expect(ArabicTokenizer.tokenize(normalized).last?.sentence == 2)
        // A year's era after its number ends the sentence, as it often does.
        let years = "هددت الفصائل بالرد في عام 2003 م. وانسحبت القوات عام 1432 هـ. ثم عادت"
        let yearScalars = Array(years.unicodeScalars)
        let split = SentenceSplitter.sentences(in: NormalizedText(years)).map { String(String.UnicodeScalarView(yearScalars[$0])) }
        #expect(split == ["هددت الفصائل بالرد في عام 2003 م.", "وانسحبت القوات عام 1432 هـ.", "ثم عادت"])
    }
}

/// The sentence splitter reads only the gaps between tokens; it must find what a plain unit-by-unit reading finds.
@Suite struct SentenceSplitterEquivalenceTests {
    /// The definition, unit by unit: a boundary at a newline or a sentence mark (not a full stop between digits or
    /// after a word of one letter, unless that word follows a number),
    /// closing punctuation kept with its sentence, stretches without a letter or digit not counted.
    static func reference(_ text: NormalizedText) -> [Range<Int>] {
        let classes = ArabicFolding.charClass
        let units = text.units
        func ends(_ i: Int) -> Bool {
            switch classes[Int(units[i])] {
            case .newline: return true
            case .sentenceEnd:
                let betweenDigits = units[i] == 0x2E && i > 0 && i + 1 < units.count
                    && classes[Int(units[i - 1])] == .digit && classes[Int(units[i + 1])] == .digit
                let afterOneLetter = units[i] == 0x2E && i > 0 && classes[Int(units[i - 1])] == .letter
                    && (i == 1 || ![.letter, .digit].contains(classes[Int(units[i - 2])]))
                // …unless the word is a year's era: the last thing before it, spaces aside, is a digit.
                let era = afterOneLetter && i >= 2 && units[..<(i - 1)].last { classes[Int($0)] != .space }.map { classes[Int($0)] == .digit } == true
                return !betweenDigits && (!afterOneLetter || era)
            default: return false
            }
        }
        var result: [Range<Int>] = []
        var start: Int? = nil, last = 0, hasWord = false, i = 0
        while i < units.count {
            let cls = classes[Int(units[i])]
            if ends(i) {
                var end = last
                if cls != .newline {
                    end = i
                    while end + 1 < units.count, ![.space, .newline, .letter, .digit].contains(classes[Int(units[end + 1])]) { end += 1 }
                }
                if let s = start, hasWord { result.append(text.scalarRange(of: s..<(end + 1))) }
                start = nil
                hasWord = false
                i = max(i, end) + 1
                continue
            }
            if cls != .space {
                if start == nil { start = i }
                if cls == .letter || cls == .digit { hasWord = true }
                last = i
            }
            i += 1
        }
        if let s = start, hasWord { result.append(text.scalarRange(of: s..<(last + 1))) }
        return result
    }

    @Test func gapReadingEqualsUnitReading() {
        let alphabet: [String] = ["ق", "ا", "ل", "ب", "غ", "د", "أ", "ً", "ـ", "2", "٥", "x", " ", " ", " ", "\n", ".", ".", "!", "?",
                                  "؟", "…", "؛", ";", "،", ":", "«", "»", "\"", "“", "”", "(", ")", "-", "\u{200F}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let normalized = NormalizedText(text)
            #expect(SentenceSplitter.sentences(in: normalized) == Self.reference(normalized), "\(text.debugDescription)")
        }
    }
}

/// Alert surfaces and snippets are cut from the original by scalar offsets through the folded units; every range
/// must give what slicing the scalars gives, across marks, tatweel, invisibles and scalars outside the BMP.
@Suite struct NormalizedTextOffsetTests {
    @Test func originalByScalarsEqualsSlicingTheScalars() {
        let text = "\u{200F}قالَ الـــوزيرُ 🙂 إنّ «الأمرَ» انتهى… ABC\u{0670}ً ١٢ ."
        let normalized = NormalizedText(text)
        let scalars = Array(text.unicodeScalars)
        #expect(normalized.scalarCount == scalars.count)
        for start in 0...scalars.count {
            for end in start...scalars.count {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<end])
                #expect(String(normalized.original(scalars: start..<end)) == String(view), "\(start)..<\(end)")
            }
            if start < scalars.count { #expect(normalized.originalScalar(at: start) == scalars[start]) }
        }
    }
}
