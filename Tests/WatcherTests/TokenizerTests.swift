import Foundation
import Testing
import Watcher

/// The tokenizer's fast paths (runs of plain letters, spaces and word starts handled outside its switch, keys copied
/// in words) must give exactly the tokens of the plain definition: one scalar at a time, by ``ScalarKind``.
@Suite struct TokenizerTests {
    /// Tokens by the definition, scalar by scalar, with nothing skipped ahead.
    static func reference(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var offset = 0, byte = 0, spaced = false
        var word: [UInt8]? = nil, wordStart = 0, wordByte = 0
        var digits = 0, value = 0, numberStart = 0, numberByte = 0, numberText: [UInt8] = []
        func flushWord() {
            guard let key = word else { return }
            if !key.isEmpty {
                tokens.append(Token(kind: .word, key: TableKey(bytes: key), start: wordStart, end: offset,
                                    utf8Start: wordByte, utf8End: byte, spaced: spaced))
                spaced = false
            }
            word = nil
        }
        func flushNumber() {
            guard digits > 0 else { return }
            tokens.append(Token(kind: .number(value: value, digits: digits), key: TableKey(bytes: numberText),
                                start: numberStart, end: offset, utf8Start: numberByte, utf8End: byte, spaced: spaced))
            digits = 0; value = 0; numberText = []
            spaced = false
        }
        for scalar in text.unicodeScalars {
            let length = String(scalar).utf8.count
            switch ScalarKind(scalar) {
            case .digit:
                flushWord()
                let digit = MatchKey.digitValue(scalar)!
                if digits == 0 { numberStart = offset; numberByte = byte }
                if digits < 12 { value = value * 10 + digit }
                digits += 1
                numberText.append(UInt8(0x30 + digit))
            case let kind where kind == .letter || kind == .foldedLetter || kind == .mark:
                flushNumber()
                if kind == .mark && word == nil { break }
                if word == nil { word = []; wordStart = offset; wordByte = byte }
                if kind == .letter {
                    word! += Array(String(scalar).utf8)
                } else if let folded = MatchKey.fold(scalar) {
                    word! += Array(String(folded).utf8)
                }
            case .space:
                flushNumber(); flushWord()
                spaced = true
            case .invisible:
                flushNumber(); flushWord()
            default:
                flushNumber(); flushWord()
                tokens.append(Token(kind: .symbol(scalar), key: TableKey(bytes: Array(String(scalar).utf8)), start: offset,
                                    end: offset + 1, utf8Start: byte, utf8End: byte + length, spaced: spaced))
                spaced = false
            }
            offset += 1
            byte += length
        }
        flushWord()
        flushNumber()
        return tokens
    }

    /// Every kind of scalar next to every other: folded letters and marks inside and at the start of words, digits
    /// of the three sets against letters, symbols, joiners, double spaces, words longer than a key's inline bytes.
    static let samples = [
        "", " ", "و", "  بواشنطن  ", "الأميركي والأمريكي والامريكي", "إيران، لإيران؛ وآخرون", "مُحَمَّدٌ قالَ",
        "ـكتائب «حزب الله»", "في5 أيار/مايو 2024م", "١٢ تشرين الأول ۲۰۲۳", "Trump ترمب ترامب-Biden", "a\u{200C}b ج\u{200D}د",
        "\u{064E}بداية", "بالاستخباراتيةوالمخابراتيةوالعسكرية", "12:30 GMT+3", "٣/٤/٢٠٢٤، الساعة ١٠", "ى ىى يى",
        "رقم 123456789012345 طويل", "\t\nسطر\n\nآخر\u{00A0}هنا", "!!؟؟", "x", "ab", "abcdefghijklmnopqrstuvwxyz0123",
    ]

    @Test func tokensEqualTheScalarByScalarDefinition() {
        for text in Self.samples {
            #expect(Tokenizer.tokens(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }

    /// A limited scan gives at least `limit` tokens (or all of them), each exactly as the full scan gives it.
    @Test func limitedScanGivesTheFullScansFirstTokens() {
        for text in Self.samples {
            let all = Tokenizer.tokens(text)
            for limit in 0...(all.count + 1) {
                let some = Tokenizer.tokens(text, limit: limit)
                #expect(some.count >= min(limit, all.count) && some == Array(all.prefix(some.count)), "\(text.debugDescription) limit \(limit)")
            }
        }
    }

    @Test func seedTokensEqualTheDefinition() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds")
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted()
        #expect(names.count >= 5)
        for name in names {
            let text = try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
            let tokens = Tokenizer.tokens(text)
            #expect(tokens.count > 100)
            #expect(tokens == Self.reference(text), "\(name)")
        }
    }
}
