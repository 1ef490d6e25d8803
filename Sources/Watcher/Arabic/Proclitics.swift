/// The ways a word can be read as proclitics + stem: conjunction (و ف), preposition (ب ك ل) and article (ال),
/// including ل + ال written «لل» («للعراق» = ل + العراق).
///
/// Every reading is offered (the word as written first), and the compiled vocabulary decides which stems exist,
/// so «واشنطن», «بغداد», «لبنان» match as themselves while «بواشنطن» and «للبنان» match through their clitics.
/// A clitic is never stripped when fewer than two letters would remain.
package enum Proclitics {
    static let alef: UInt16 = 0x0627
    static let lam: UInt16 = 0x0644
    static let waw: UInt16 = 0x0648
    static let fa: UInt16 = 0x0641
    static let ba: UInt16 = 0x0628
    static let kaf: UInt16 = 0x0643

    /// The shortest stem a clitic may leave.
    static let minimumStem = 2
    /// The longest proclitic string («وبال», «فلل»): stems start at most this far into a word.
    package static let maximumPrefix = 4

    /// One reading of a word.
    package struct Reading: Sendable, Equatable {
        /// Where the stem starts, counted in folded units from the word's start.
        package var offset: Int
        /// Whether the stem carried the article (ال or the ل of «لل»); stems are always stored without it.
        package var article: Bool
        /// How many conjunction/preposition letters were stripped: fewer is preferred.
        package var cost: Int
    }

    /// Where the stem starts once a leading article is removed, and whether there was one: «العراق» → (2, true).
    @inline(__always)
    package static func stripArticle(_ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> (Int, Bool) {
        if end - start - 2 >= minimumStem, units[start] == alef, units[start + 1] == lam { return (start + 2, true) }
        return (start, false)
    }

    /// The most readings one word can have (2 conjunction × 2 preposition × 2 for «لل»).
    package static let maximumReadings = 8

    /// Writes every reading of the word `units[start..<end]` into `readings` and returns how many there are.
    @inline(__always)
    package static func readings(_ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int,
                                 into readings: UnsafeMutablePointer<Reading>) -> Int {
        var count = 0
        let length = end - start
        let first = units[start]
        let conjunctions = (first == waw || first == fa) && length - 1 >= minimumStem ? 1 : 0
        for conjunction in 0...conjunctions {
            let afterConjunction = start + conjunction
            let p = units[afterConjunction]
            let prepositions = (p == ba || p == kaf || p == lam) && end - afterConjunction - 1 >= minimumStem ? 1 : 0
            for preposition in 0...prepositions {
                let rest = afterConjunction + preposition
                let cost = conjunction + preposition
                let (stem, article) = stripArticle(units, rest, end)
                if article {
                    readings[count] = Reading(offset: stem - start, article: true, cost: cost)
                    count += 1
                    continue
                }
                readings[count] = Reading(offset: rest - start, article: false, cost: cost)
                count += 1
                // ل + ال is written «لل»: «للعراق» reads as ل + (ال)عراق.
                if preposition == 1, p == lam, units[rest] == lam, end - rest - 1 >= minimumStem {
                    readings[count] = Reading(offset: rest + 1 - start, article: true, cost: cost)
                    count += 1
                }
            }
        }
        return count
    }

    /// Every reading of `word`, for tests and diagnostics.
    package static func readings(of word: String) -> [(stem: String, article: Bool, cost: Int)] {
        let units = NormalizedText(word).units
        guard !units.isEmpty else { return [] }
        return units.withUnsafeBufferPointer { buffer in
            withUnsafeTemporaryAllocation(of: Reading.self, capacity: maximumReadings) { storage in
                let count = readings(buffer, 0, buffer.count, into: storage.baseAddress!)
                return (0..<count).map { i in
                    let r = storage[i]
                    return (String(decoding: units[r.offset...], as: UTF16.self), r.article, r.cost)
                }
            }
        }
    }
}
