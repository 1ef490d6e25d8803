import Foundation
import Watcher

/// Builds a reproducible corpus from the seeds: paragraphs shuffled and repeated to sizes from 1 KB to 100 KB
/// (median near a seed's size), actor names and spelling variants swapped, clitics added, site chrome mixed in, and a
/// few pathological articles. The same seed number always gives the same bytes. Nothing is downloaded.
struct CorpusGenerator {
    struct Article {
        let name: String
        let bytes: [UInt8]
    }

    private var random: SplitMix
    private let paragraphs: [String]
    private let titles: [String]

    /// Spelling and transliteration variants, and actors swapped for others of the same kind.
    static let swaps: [(String, [String])] = [
        ("الأميركية", ["الأمريكية", "الامريكية", "الأميركية"]),
        ("الأميركي", ["الأمريكي", "الامريكي"]),
        ("ترمب", ["ترامب"]),
        ("كردستان", ["كوردستان"]),
        ("أبو مهدي المهندس", ["أبومهدي المهندس"]),
        ("مصطفى الكاظمي", ["محمد شياع السوداني", "عادل عبد المهدي", "حيدر العبادي"]),
        ("كتائب حزب الله", ["عصائب أهل الحق", "حركة النجباء", "كتائب سيد الشهداء"]),
        ("بغداد", ["البصرة", "الموصل", "أربيل", "كركوك"]),
        ("واشنطن", ["بواشنطن", "وواشنطن"]),
        ("إيران", ["لإيران", "وإيران", "طهران"]),
        ("جو بايدن", ["دونالد ترمب", "باراك أوباما"]),
        ("رويترز", ["فرانس برس", "أسوشيتد برس", "الأناضول"]),
    ]

    static let chrome = [
        "اقرأ أيضا", "تابعونا على مواقع التواصل الاجتماعي", "شارك هذا المقال", "الأكثر قراءة",
        "جميع الحقوق محفوظة", "اشترك في النشرة البريدية", "صورة أرشيفية - رويترز",
    ]

    init(seeds: [String], seed: UInt64) {
        random = SplitMix(seed: seed)
        var paragraphs: [String] = []
        var titles: [String] = []
        for text in seeds {
            let lines = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let first = lines.first { titles.append(first) }
            paragraphs += lines.dropFirst().filter { $0.unicodeScalars.count > 60 }
        }
        self.paragraphs = paragraphs
        self.titles = titles
    }

    /// A size in bytes: log-uniform-ish around ~6 KB, clamped to 1 KB…100 KB.
    private mutating func size() -> Int {
        let u = Double(random.next() % 10_000) / 10_000
        let v = Double(random.next() % 10_000) / 10_000
        let logSize = log(6_000.0) + (u + v - 1) * 2.3  // triangular in log space
        return min(100_000, max(1_000, Int(exp(logSize))))
    }

    /// Swaps names and spellings in one paragraph. Plain UTF-8 byte replacement: Foundation's `replacingOccurrences`
    /// folds every character cluster, and made generating the corpus take longer than measuring it.
    private mutating func vary(_ text: String) -> String {
        var out = Array(text.utf8)
        for (from, choices) in Self.byteSwaps where Self.firstIndex(of: from, in: out) != nil && random.next() % 3 == 0 {
            out = Self.replacing(from, with: choices[Int(random.next() % UInt64(choices.count))], in: out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let byteSwaps: [([UInt8], [[UInt8]])] = swaps.map { (Array($0.0.utf8), $0.1.map { Array($0.utf8) }) }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for i in start...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }

    static func replacing(_ needle: [UInt8], with replacement: [UInt8], in haystack: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(haystack.count + 64)
        var from = 0
        while let at = firstIndex(of: needle, in: haystack, from: from) {
            out += haystack[from..<at]
            out += replacement
            from = at + needle.count
        }
        out += haystack[from...]
        return out
    }

    mutating func article(_ index: Int) -> Article {
        let target = size()
        var lines = [vary(titles[Int(random.next() % UInt64(titles.count))]), "", "المصدر: " + ["العربية", "عربي بوست", "الجزيرة", "رويترز"][index % 4], ""]
        var bytes = lines.reduce(0) { $0 + $1.utf8.count + 1 }
        while bytes < target {
            let line: String
            if random.next() % 9 == 0 {
                line = Self.chrome[Int(random.next() % UInt64(Self.chrome.count))]
            } else {
                line = vary(paragraphs[Int(random.next() % UInt64(paragraphs.count))])
            }
            lines.append(line)
            lines.append("")
            bytes += line.utf8.count + 2
        }
        return Article(name: String(format: "gen-%06d.txt", index), bytes: Array(lines.joined(separator: "\n").utf8))
    }

    /// Inputs that stress the bounds: one 5 MiB line, a text of 100,000 repeated names, an article of bare dates.
    mutating func pathological() -> [Article] {
        let oneLine = String(repeating: paragraphs[0] + " ", count: max(1, (5 << 20) / max(1, paragraphs[0].utf8.count + 1)))
        let names = String(repeating: "كتائب حزب الله وإيران والولايات المتحدة والعراق ", count: 25_000)
        let digits = String(repeating: "2024/07/24 ٢٠٢١-٠٣-٢٤ ", count: 20_000)
        return [
            Article(name: "path-one-line.txt", bytes: Array(("عنوان\n\n" + oneLine).utf8)),
            Article(name: "path-repeated-names.txt", bytes: Array(("عنوان\n\n" + names).utf8)),
            Article(name: "path-dates.txt", bytes: Array(("عنوان\n\n" + digits).utf8)),
        ]
    }
}

