/// In-article coreference: once a person's full name appears, its last word (the surname: رايدر، الكاظمي،
/// المهندس) refers to them elsewhere in the same article, and a discovered full name repeated without its
/// trigger is the same person.
///
/// A surname that is also a nationality adjective («السوداني») is read as the person when the person's full name
/// is in the article, and as the nationality otherwise.
extension RecognitionState {
    /// A surname (a person's last word without the article), the article as the first of its people writes it, and
    /// the people who carry it, in order of first appearance.
    struct Surname {
        var key: [UInt16]
        var article: Bool
        var entities: [Int]
        var firstTokens: [Int]
    }

    /// The surnames of the persons named so far, and a table from each surname's key to its index.
    struct SurnameTable {
        var table: FoldedWordTable<Int32>
        var surnames: [Surname]
    }

    /// The surname by which coreference links a person's span: the last word of a full name of two words or more
    /// (not a short form), without the article, when it has three letters or more and is no stop word or connector.
    func surname(of span: Span) -> (key: [UInt16], article: Bool)? {
        guard span.active, isPerson(span), span.kind == .name || span.kind == .discovered,
              span.endToken - span.firstToken >= 2 else { return nil }
        let last = tokens[span.endToken - 1]
        let (stem, article) = text.units.withUnsafeBufferPointer {
            Proclitics.stripArticle($0, Int(last.start), Int(last.end))
        }
        let key = Array(text.units[stem..<Int(last.end)])
        guard key.count >= 3, classes[span.endToken - 1].isDisjoint(with: [.stop, .connector]) else { return nil }
        return (key, article)
    }

    /// The surnames of the persons named so far, in span order, as ``linkSurnames()`` reads them.
    func surnameTable() -> SurnameTable {
        var index: [[UInt16]: Int] = [:]
        var surnames: [Surname] = []
        for span in spans {
            guard let (key, article) = surname(of: span) else { continue }
            if let i = index[key] {
                if !surnames[i].entities.contains(span.entity) {
                    surnames[i].entities.append(span.entity)
                    surnames[i].firstTokens.append(span.firstToken)
                }
            } else {
                index[key] = surnames.count
                surnames.append(Surname(key: key, article: article, entities: [span.entity], firstTokens: [span.firstToken]))
            }
        }
        return SurnameTable(table: FoldedWordTable(index.map { ($0.key, Int32($0.value)) }), surnames: surnames)
    }

    /// The surname token `t` reads as: the index in `surnames` of one of its proclitic readings («بالكاظمي» → كاظمي)
    /// whose article matches that surname's, and how many proclitic letters the mention leaves out; nil when none
    /// does, or when `t` is «على» (on), which folds like the surname «علي».
    func surnameReading(_ t: Int, in surnames: SurnameTable) -> (surname: Int, offset: Int)? {
        if isWrittenWithMaqsuraStop(t) { return nil }
        let start = Int(tokens[t].start), end = Int(tokens[t].end)
        return text.units.withUnsafeBufferPointer { units in
            withUnsafeTemporaryAllocation(of: Proclitics.Reading.self, capacity: Proclitics.maximumReadings) { readings in
                let count = Proclitics.readings(units, start, end, into: readings.baseAddress!)
                for r in 0..<count {
                    let reading = readings[r]
                    guard let index = surnames.table.value(hash: suffixHashes[t * TokenHash.stride + reading.offset], units,
                                                           start + reading.offset, end),
                          surnames.surnames[Int(index)].article == reading.article else { continue }
                    return (Int(index), reading.cost)
                }
                return nil
            }
        }
    }

    mutating func linkSurnames() {
        let known = surnameTable()
        let surnames = known.surnames
        guard !surnames.isEmpty else { return }
        linkRepeatedNames(spans.filter { $0.kind == .discovered && surname(of: $0) != nil }.map { span in
            ((span.firstToken..<span.endToken).map { Array(text.units[tokens[$0].range]) }, span.entity)
        })
        // Every surname is a suffix of the word it appears in: words ending otherwise are skipped unread. The last
        // letters are kept as a 64-bit mask of their low bits (a word passing it is then looked up, so a letter
        // sharing those bits costs a lookup, never a wrong answer); hashing each word's last letter into a `Set`
        // cost more than the lookups it saved.
        let lastLetters = surnames.reduce(UInt64(0)) { $0 | 1 << UInt64($1.key[$1.key.count - 1] & 63) }
        let shortest = surnames.map(\.key.count).min() ?? 3
        for t in tokens.indices {
            if let existing = span(at: t) {
                // Only a one-word nationality reading may give way to a surname.
                guard existing.kind == .nationality, existing.endToken - existing.firstToken == 1 else { continue }
            }
            let token = tokens[t]
            guard token.length >= shortest, lastLetters & 1 << UInt64(text.units[Int(token.end) - 1] & 63) != 0 else { continue }
            guard let found = surnameReading(t, in: known) else { continue }
            let surname = surnames[found.surname]
            // The nearest person with this surname named before this point, else the first one named.
            var entity = surname.entities[0]
            for (candidate, first) in zip(surname.entities, surname.firstTokens) where first < t { entity = candidate }
            let span = Span(firstToken: t, endToken: t + 1, unitStart: Int(token.start) + found.offset,
                            unitEnd: Int(token.end), entity: entity, kind: .short)
            if owner[t] >= 0 { spans[Int(owner[t])] = span } else { add(span) }
        }
    }

    /// A discovered name written again later without a trigger is the same person.
    ///
    /// One pass over the article: each word is looked up among the names' first words, so the cost does not grow
    /// with the number of names found.
    private mutating func linkRepeatedNames(_ names: [(words: [[UInt16]], entity: Int)]) {
        guard !names.isEmpty else { return }
        var byFirstWord: [[UInt16]: [Int]] = [:]
        for (index, name) in names.enumerated() { byFirstWord[name.words[0], default: []].append(index) }
        let firstWords = Array(byFirstWord)
        let table = FoldedWordTable(firstWords.enumerated().map { ($1.key, Int32($0)) })
        var t = 0
        while t < tokens.count {
            let found = owner[t] >= 0 ? nil : text.units.withUnsafeBufferPointer {
                table.value(hash: suffixHashes[t * TokenHash.stride], $0, Int(tokens[t].start), Int(tokens[t].end))
            }
            guard let found else { t += 1; continue }
            var matched: (length: Int, entity: Int)? = nil
            for index in firstWords[Int(found)].value {
                let words = names[index].words
                guard t + words.count <= tokens.count, words.count > (matched?.length ?? 0) else { continue }
                let same = (1..<words.count).allSatisfy { k in
                    let token = tokens[t + k]
                    return owner[t + k] < 0 && token.gapBefore == .space && text.units[token.range].elementsEqual(words[k])
                }
                if same { matched = (words.count, names[index].entity) }
            }
            guard let matched else { t += 1; continue }
            add(Span(firstToken: t, endToken: t + matched.length, unitStart: Int(tokens[t].start),
                     unitEnd: Int(tokens[t + matched.length - 1].end), entity: matched.entity, kind: .discovered))
            t += matched.length
        }
    }
}
