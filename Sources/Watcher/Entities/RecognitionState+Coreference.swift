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
/// «عبد العاطي» and «نصر الله» after «محمد عبد العاطي» and «حسن نصر الله» (a family name of two words), «خالد عبد
/// الكريم» beside «خالد عبد الكريم ماسا» (the first words), «عبدالعاطي» or «سعد ابن أبي وقاص» beside «عبد العاطي» or
/// «سعد بن أبي وقاص» (the same words, «عبد» joined or «ابن» for «بن»), «كريستوفر والكين» beside «كريستوفر والكن» (a
/// foreign name transliterated with one long vowel more).
extension RecognitionState {
    private static let abd = FoldedWordTable<Int>.units("عبد")
    private static let bin = FoldedWordTable<Int>.units("بن")
    private static let ibn = FoldedWordTable<Int>.units("ابن")
    private static let bint = FoldedWordTable<Int>.units("بنت")
    /// Words that open a family name of several words («عبد العاطي», «أبو الغيط», «آل ثاني», «بن شملان», «فان باستن»,
    /// «دي ميستورا») or close one («نصر الله», «سيف الدين», «فخري زادة»), folded.
    private static let familyOpeners = [abd, bin] + ["أبو", "آل", "فان", "دي"].map(FoldedWordTable<Int>.units)
    private static let familyClosers = ["الله", "الدين", "زادة"].map(FoldedWordTable<Int>.units)
    /// The folded ى is ي; و and ا are the other letters a transliteration writes or leaves out for a vowel.
    private static let ya: UInt16 = 0x064A
    /// The folded ة.
    private static let ha: UInt16 = 0x0647

    /// Merges every unknown actor whose name is another's written otherwise, or (for a person) part of exactly one
    /// other person's name, into that actor: its mentions move there (as short forms, for part of a name) and it is
    /// no longer an entity of its own. A known actor is never merged away.
    ///
    /// Spellings are grouped first, then parts matched against the groups, so the order of the names in the article
    /// does not change the result. An actor merged into keeps its id and name: for a part, the full name's actor; for
    /// spellings, a known actor, else the one the recogniser made first (trigger discovery before the tagger, then
    /// the tagger's names of several words in text order).
    ///
    /// Limits keep distinct actors apart:
    /// - the last words of a longer name are a short form only where they are a family name of several words (an
    ///   opening «عبد», «أبو», «آل», «بن», «فان», «دي», or a closing «الله», «الدين», «زاده») and do not follow «بن» or
    ///   «بنت»: «معمر القذافي» in «سيف الإسلام معمر القذافي» and «عبد العزيز» in «عبد الله بن عبد العزيز» name the
    ///   father;
    /// - a part shared by two people («عبد الله» beside «عبد الله الثاني» and «عبد الله بن عبد العزيز») stays as it is;
    /// - spellings are one name only where one word is the other with one ا, و or ي more between its first and last
    ///   letters, in a word of five letters or more after the article, and not before a final ة («الناصرة»,
    ///   «الناصرية»); and not where both words are common («سلمان», «سليمان», «القنطرة», «القنيطرة»): see
    ///   ``sameWord(_:_:)``.
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
        for span in spans where isFullName(span) && types.contains(builders[span.entity].type) {
            let range = span.unitStart..<span.unitEnd
            if names.contains(where: { $0.entity == span.entity && text.units[$0.range].elementsEqual(text.units[range]) }) {
                continue
            }
            names.append(Name(words: nameWords(span), entity: span.entity, range: range))
        }
        guard names.count > 1 else { return }
        var target: [Int: Int] = [:]
        func resolved(_ entity: Int) -> Int {
            var e = entity
            while let next = target[e] { e = next }
            return e
        }
        /// The actor `entity` stands for, if it is still its own and may be merged away.
        func open(_ entity: Int) -> Int? {
            let e = resolved(entity)
            return isMergeable(builders[e]) ? e : nil
        }
        // Spellings: each unknown actor joins the one earlier-made or known actor of its type written so.
        for name in names {
            guard let entity = open(name.entity) else { continue }
            let type = builders[entity].type
            var found = Set<Int>()
            for other in names where other.words.count == name.words.count {
                let actor = resolved(other.entity)
                guard actor != entity, builders[actor].type == type, actor < entity || !isMergeable(builders[actor]),
                      zip(other.words, name.words).allSatisfy(Self.sameWord) else { continue }
                found.insert(actor)
            }
            if found.count == 1, let actor = found.first { target[entity] = actor }
        }
        // Parts of persons' names, longer first (a part of a part meets its whole already merged), each counted by the
        // actors its wholes now stand for.
        var shortened = Set<Int>()
        let persons = names.filter { builders[$0.entity].type == .person && $0.words.count >= 2 }
        for name in persons.sorted(by: { ($1.words.count, $0.entity) < ($0.words.count, $1.entity) }) {
            guard let entity = open(name.entity) else { continue }
            let n = name.words.count
            var found = Set<Int>()
            for other in persons where other.words.count > n {
                let actor = resolved(other.entity)
                guard actor != entity else { continue }
                let m = other.words.count
                let tail = other.words[(m - n)...].elementsEqual(name.words) && Self.isFamilyName(name.words)
                    && !(other.words[m - n - 1] == Self.bin || other.words[m - n - 1] == Self.bint)
                if tail || other.words.prefix(n).elementsEqual(name.words) { found.insert(actor) }
            }
            guard found.count == 1, let actor = found.first else { continue }
            target[entity] = actor
            shortened.insert(entity)
        }
        guard !target.isEmpty else { return }
        for index in spans.indices where spans[index].active {
            var entity = spans[index].entity
            guard target[entity] != nil else { continue }
            // A part anywhere on the way makes the mention a short form.
            var short = false
            while let next = target[entity] {
                short = short || shortened.contains(entity)
                if !builders[next].known, builders[next].trigger == nil { builders[next].trigger = builders[entity].trigger }
                entity = next
            }
            spans[index].entity = entity
            if short, spans[index].kind == .discovered { spans[index].kind = .short }
        }
    }

    /// Whether the words are a family name of several words, which the last words of a longer name may be on their
    /// own: an opening «عبد», «أبو», «آل», «بن», «فان», «دي», or a closing «الله», «الدين», «زاده».
    private static func isFamilyName(_ words: [[UInt16]]) -> Bool {
        words.count >= 2 && (familyOpeners.contains(words[0]) || familyClosers.contains(words[words.count - 1]))
    }

    /// Whether two folded words are one word, or one name spelt with one long vowel more: the same first and last
    /// letters, one ا و ي between them in one that the other lacks (not right before a final ة), five letters or more
    /// after the article; and not two words the word lists both have among their twelve most frequent classes, as
    /// written or after the article: those are established words or names («سلمان» and «سليمان», «القنطرة» and
    /// «القنيطرة», and also «السوفيتي» and «السوفييتي»), where a transliteration spelt two ways is rare.
    private static func sameWord(_ a: [UInt16], _ b: [UInt16]) -> Bool {
        if a == b { return true }
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        let article = { (w: [UInt16]) in w.withUnsafeBufferPointer { Proclitics.stripArticle($0, 0, $0.count).0 } }
        let i = article(short)
        guard long.count == short.count + 1, article(long) == i, short.count - i >= 5, long[i] == short[i],
              long.last == short.last else { return false }
        // The one letter `long` has more: the first place they differ.
        var k = i + 1
        while k < short.count, long[k] == short[k] { k += 1 }
        guard k < long.count - 1, long[k] == Proclitics.alef || long[k] == Proclitics.waw || long[k] == Self.ya,
              long[(k + 1)...].elementsEqual(short[k...]), !(k == long.count - 2 && long.last == Self.ha) else { return false }
        let hashes = { (w: [UInt16]) in
            w.withUnsafeBufferPointer { (whole: TokenHash.hash($0, 0, $0.count), stem: TokenHash.hash($0, i, $0.count)) }
        }
        let (l, s) = (hashes(long), hashes(short))
        let common = { (h: (whole: UInt64, stem: UInt64)) in Self.isCommon(h.whole) || Self.isCommon(h.stem) }
        return !(common(l) && common(s))
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
