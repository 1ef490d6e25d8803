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

/// An actor the tagger or a trigger found, named again by part of the name or spelt otherwise, is one actor:
/// «عبد العاطي» and «نصر الله» after «محمد عبد العاطي» and «حسن نصر الله» (the last words), «خالد عبد الكريم» beside
/// «خالد عبد الكريم ماسا» (the first words), «عبدالعاطي» or «سعد ابن أبي وقاص» beside «عبد العاطي» or «سعد بن أبي
/// وقاص» (the same words, «عبد» joined or «ابن» for «بن»), «كريستوفر والكين» beside «كريستوفر والكن» (a foreign
/// name transliterated with a long vowel more or less).
extension RecognitionState {
    /// The folded «عبد», «بن», «ابن», «بنت».
    private static let abd: [UInt16] = [0x0639, 0x0628, 0x062F]
    private static let bin: [UInt16] = [0x0628, 0x0646]
    private static let ibn: [UInt16] = [0x0627, 0x0628, 0x0646]
    private static let bint: [UInt16] = [0x0628, 0x0646, 0x062A]
    /// The folded ى is ي; و and ا are the other letters a transliteration writes or leaves out for a vowel.
    private static let ya: UInt16 = 0x064A

    /// Merges every unknown actor whose name is another's written otherwise, or (for a person) part of exactly one
    /// other person's name, into that actor: its mentions move there (as short forms, for part of a name) and it is
    /// no longer an entity of its own. A known actor is never merged away.
    ///
    /// Limits keep distinct actors apart:
    /// - the last words of a name that follow «بن» or «بنت» name the father («محمد بن راشد آل مكتوم» in «حمدان بن محمد
    ///   بن راشد آل مكتوم»), so they are not read as a short form;
    /// - a part shared by two people («عبد الله» beside «عبد الله الثاني» and «عبد الله بن عبد العزيز») stays as it is;
    /// - spellings are one name only where the words differ by ا, و or ي inside a word of five letters or more
    ///   («السوفيتي», «السوفييتي»), and not where both are listed given or family names («سلمان» and «سليمان», «حسن»
    ///   and «حسين» are different names), nor where the last letters differ («ميلان» the club, «ميلانو» the city).
    mutating func mergeNameForms() {
        struct Name {
            var words: [[UInt16]]
            var entity: Int
            /// The units of the mention it was read from.
            var range: Range<Int>
        }
        let isFullName = { (span: Span) in span.active && (span.kind == .name || span.kind == .discovered) }
        let isMergeable = { (entity: Entity) in !entity.known && entity.source != .gazetteer }
        // Only actors of a type some unknown actor has can take part (most articles: persons, places, organisations).
        var types: [EntityType] = []
        for span in spans where isFullName(span) && isMergeable(builders[span.entity]) && !types.contains(builders[span.entity].type) {
            types.append(builders[span.entity].type)
        }
        guard !types.isEmpty else { return }
        // Every distinct name of each such actor: the words of its full-name mentions, read once per spelling (an
        // actor's mentions mostly repeat one; comparing units in place allocates nothing).
        var names: [Name] = []
        var mergeable: [Name] = []
        for span in spans where isFullName(span) && types.contains(builders[span.entity].type) {
            let range = span.unitStart..<span.unitEnd
            if names.contains(where: { $0.entity == span.entity && text.units[$0.range].elementsEqual(text.units[range]) }) {
                continue
            }
            let name = Name(words: nameWords(span), entity: span.entity, range: range)
            names.append(name)
            if isMergeable(builders[span.entity]) { mergeable.append(name) }
        }
        guard names.count > 1 else { return }
        // Longer names first, so that a part of a part («عبد العاطي» of «محمد عبد العاطي», then «عبدالعاطي») meets
        // its whole already merged; among names of one length, the first made stays.
        mergeable.sort { $0.words.count != $1.words.count ? $0.words.count > $1.words.count : $0.entity < $1.entity }
        var target: [Int: Int] = [:]
        func resolved(_ entity: Int) -> Int {
            var e = entity
            while let next = target[e] { e = next }
            return e
        }
        var shortened = Set<Int>()
        for name in mergeable where target[name.entity] == nil {
            let words = name.words, entity = name.entity, type = builders[entity].type
            let person = type == .person && words.count >= 2
            var found = Set<Int>()
            var isPart = false
            for other in names where resolved(other.entity) != entity && builders[other.entity].type == type {
                let n = words.count, m = other.words.count
                if m > n {
                    guard person else { continue }
                    let tail = other.words[(m - n)...].elementsEqual(words)
                        && !(other.words[m - n - 1] == Self.bin || other.words[m - n - 1] == Self.bint)
                    if tail || other.words.prefix(n).elementsEqual(words) {
                        found.insert(resolved(other.entity))
                        isPart = true
                    }
                } else if m == n, other.entity < entity, zip(other.words, words).allSatisfy(Self.sameWord) {
                    found.insert(resolved(other.entity))
                }
            }
            guard found.count == 1, let actor = found.first else { continue }
            target[entity] = actor
            if isPart { shortened.insert(entity) }
        }
        guard !target.isEmpty else { return }
        for index in spans.indices where spans[index].active {
            let entity = spans[index].entity
            guard target[entity] != nil else { continue }
            let actor = resolved(entity)
            spans[index].entity = actor
            if shortened.contains(entity), spans[index].kind == .discovered { spans[index].kind = .short }
            if builders[actor].trigger == nil { builders[actor].trigger = builders[entity].trigger }
        }
    }

    /// Whether two folded words are one word, or one name spelt with a long vowel more or less: the same first and
    /// last letters, the same letters between them but for ا و ي, five letters or more after the article, and not
    /// both listed as given or family names.
    private static func sameWord(_ a: [UInt16], _ b: [UInt16]) -> Bool {
        if a == b { return true }
        let article = { (w: [UInt16]) in w.count > 2 && w[0] == Proclitics.alef && w[1] == Proclitics.lam ? 2 : 0 }
        let (i, j) = (article(a), article(b))
        guard i == j, min(a.count, b.count) - i >= 5, a[i] == b[i], a.last == b.last else { return false }
        let isVowel = { (u: UInt16) in u == Proclitics.alef || u == Proclitics.waw || u == Self.ya }
        guard a[(i + 1)..<(a.count - 1)].filter({ !isVowel($0) }) == b[(i + 1)..<(b.count - 1)].filter({ !isVowel($0) })
        else { return false }
        let names = TaggerLexicon.NameFlags.firstName | TaggerLexicon.NameFlags.familyName
        let listed = { (w: ArraySlice<UInt16>) in
            w.withUnsafeBufferPointer { TaggerLexicon.embedded.nameFlags(hash: TokenHash.hash($0, 0, $0.count)) & names != 0 }
        }
        return !(listed(a[i...]) && listed(b[i...]))
    }

    /// The folded words of a name's mention, from where the mention starts (its clitics left out), with «ابن» read
    /// as «بن» and a word «عبدال…» as «عبد» and «ال…».
    private func nameWords(_ span: Span) -> [[UInt16]] {
        var words: [[UInt16]] = []
        for t in span.firstToken..<span.endToken {
            let start = t == span.firstToken ? span.unitStart : Int(tokens[t].start)
            let end = t == span.endToken - 1 ? span.unitEnd : Int(tokens[t].end)
            let word = Array(text.units[start..<end])
            if word == Self.ibn {
                words.append(Self.bin)
            } else if word.count >= 6, word.starts(with: Self.abd), word[3] == Proclitics.alef, word[4] == Proclitics.lam {
                words.append(Self.abd)
                words.append(Array(word[3...]))
            } else {
                words.append(word)
            }
        }
        return words
    }
}
