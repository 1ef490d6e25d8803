import Foundation
import Testing
import Watcher

@Suite struct JSONWriterTests {
    @Test func keysKeepTheirOrder() {
        var w = JSONWriter()
        w.object { w in
            w.field("id", "x")
            w.field("b", 2)
            w.field("a", nil as String?)
            w.field("list", strings: ["p", "q"])
        }
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"id":"x","b":2,"a":null,"list":["p","q"]}"#)
    }

    @Test func controlCharactersAreEscapedAndTheResultParses() throws {
        let nasty = "line1\nline2\r\t\u{0}\u{1B}[31m\u{7F}\u{85}\u{2028}\"quote\" back\\slash عربي"
        var w = JSONWriter()
        w.object { $0.field("text", nasty) }
        let bytes = w.bytes
        #expect(!bytes.contains { $0 < 0x20 || $0 == 0x7F }, "no raw control byte in the output")
        #expect(!String(decoding: bytes, as: UTF8.self).contains("\u{85}"))
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String]
        #expect(parsed?["text"] == nasty)
    }

    @Test func nestingAndNumbersAreWrittenExactly() throws {
        var w = JSONWriter()
        w.object { w in
            w.field("n", array: { w in for v in [0, 7, -12, 1_000_000, Int.max, Int.min] { w.int(v) } })
            w.field("o", object: { w in
                w.field("empty", array: { _ in })
                w.field("inner", object: { $0.field("k", "v") })
            })
            w.field("after", 1)
        }
        let expected = #"{"n":[0,7,-12,1000000,9223372036854775807,-9223372036854775808],"o":{"empty":[],"inner":{"k":"v"}},"after":1}"#
        #expect(String(decoding: w.bytes, as: UTF8.self) == expected)
    }

    @Test func longSafeRunsAroundEscapesAreCopiedWhole() {
        let arabic = String(repeating: "نص عربي طويل ", count: 50)
        let latin = String(repeating: "abc", count: 40)
        let text = arabic + "\"" + latin + "\n"
        var w = JSONWriter()
        w.string(text)
        let expected = "\"" + arabic + "\\\"" + latin + "\\n\""
        #expect(String(decoding: w.bytes, as: UTF8.self) == expected)
    }

    /// The writer owns its buffer and grows it: a record many times the first capacity comes out whole.
    @Test func outgrowingTheFirstCapacityKeepsEveryByte() throws {
        var w = JSONWriter(capacity: 1)
        var expected = "["
        w.array { w in
            for n in 0..<5_000 {
                let text = String(repeating: "ع\"", count: n % 7)
                w.object { w in
                    w.field("n", -n * 7919)
                    w.field("t", text)
                }
                if n > 0 { expected += "," }
                expected += #"{"n":\#(-n * 7919),"t":"\#(String(repeating: #"ع\""#, count: n % 7))"}"#
            }
        }
        expected += "]"
        #expect(String(decoding: w.bytes, as: UTF8.self) == expected)
        #expect(try JSONSerialization.jsonObject(with: Data(w.bytes)) is [Any])
    }

    /// The eight-byte fast path must notice an escape at every position of a word.
    @Test func everyEscapeIsFoundAtEveryOffset() throws {
        let specials = ["\u{0}", "\u{1F}", "\"", "\\", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}", "\n"]
        for special in specials {
            for offset in 0..<17 {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "ب", count: 12)
                var w = JSONWriter()
                w.object { $0.field("t", text) }
                let bytes = w.bytes
                #expect(!bytes.contains { $0 < 0x20 || $0 == 0x7F })
                if special.utf8.count > 1 {
                    // C1 controls and the line/paragraph separators leave as \u escapes, never as raw bytes.
                    let raw = Array(special.utf8)
                    #expect(!bytes.indices.contains { Array(bytes[$0...].prefix(raw.count)) == raw }, "raw \(raw) at \(offset)")
                }
                let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String]
                #expect(parsed?["t"] == text, "\(special.unicodeScalars.first!.value) at \(offset)")
            }
        }
    }

    /// The word-at-a-time scan (sixteen bytes per step, then straight to the first byte that may need a look) against
    /// a plain scalar-by-scalar escaper, on seeded random text mixing Arabic, ASCII and every escaped kind.
    @Test func fastScanMatchesAScalarByScalarEscaper() {
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x00..<0x20, 0x7F, 0x80...0x9F, 0x2028, 0x2029:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let pieces: [String] = ["a", "Z", " ", "ب", "ع", "ة", "\u{0}", "\u{1F}", "\"", "\\", "\u{7F}", "\u{85}", "\u{9F}",
                                "\u{A0}", "\u{2014}", "\u{2028}", "\u{2029}", "\u{2030}", "\n", "\r", "\t", "\u{1F600}"]
        var random = SplitMix(seed: 0x4A53_4F4E)
        for _ in 0..<3_000 {
            var text = ""
            let length = Int(random.next() % 80)
            for _ in 0..<length {
                // Mostly plain letters, so that long safe runs and lone escapes at every offset both occur.
                let roll = random.next() % 100
                text += roll < 70 ? pieces[Int(random.next() % 6)] : pieces[Int(random.next() % UInt64(pieces.count))]
            }
            var w = JSONWriter()
            w.string(text)
            #expect(String(decoding: w.bytes, as: UTF8.self) == reference(text), "\(Array(text.unicodeScalars.map(\.value)))")
        }
    }
}
