/// Names the statistical tagger found (see ``NameTagger``): where no gazetteer match covers any of its tokens, a
/// tagged person, place or organisation becomes an unknown entity (`new:<folded name>`, source `tagger`).
///
/// The gazetteer wins wherever it matched, so known actors keep their ids; MISC spans (events, products,
/// languages) have no entity type and are left out, and so are a lone word the lexicon knows as a common word
/// («ميليشيا», «وزارة»), a lone particle («فان»), a time zone («بتوقيت غرينتش») and names without an Arabic letter.
extension RecognitionState {
    /// The tagger's view of this article: lexicon classes and gazetteer matches per token.
    func taggerInput(matches: [GazetteerMatch], actors: [Actor]) -> TaggerInput {
        var gazetteer = [UInt8](repeating: 0, count: tokens.count)
        for match in matches {
            let type = actors[match.actor].type
            for t in match.firstToken..<match.endToken {
                gazetteer[t] = TaggerInput.gazetteerCode(type: type, kind: match.kind, inside: t > match.firstToken)
            }
        }
        return TaggerInput(text: text, tokens: tokens, suffixHashes: suffixHashes, classes: classes.map(\.rawValue),
                           gazetteer: gazetteer)
    }

    mutating func addTagged(_ spans: [NameSpan]) {
        // Lone words last, so that every person of several words is known when they are checked, wherever it stands
        // in the article; lone persons after the other lone words (a word tagged a person here and a place there is
        // therefore the place: the first span of a key makes its entity).
        let lone = { (span: NameSpan) in span.end - span.first == 1 }
        let lonePerson = { (span: NameSpan) in span.type == .person && lone(span) }
        var surnames: SurnameTable? = nil
        // The words the tagger names, as written: a bare one is evidence that «بمكة» is ب + «مكة».
        let named = spans.filter { $0.type.entityType != nil && !isCommonLoneWord($0) }
        let taggedForms = Set(named.map { suffixHashes[$0.first * TokenHash.stride] })
        // The same with their types: a listed word loses a clitic only for a rest named with its own type («فريال»
        // beside the club «ريال مدريد» stays).
        let typedForms = Set(named.map { Self.typed(suffixHashes[$0.first * TokenHash.stride], $0.type) })
        for span in spans.filter({ !lone($0) }) + spans.filter({ lone($0) && !lonePerson($0) }) + spans.filter(lonePerson) {
            guard let type = span.type.entityType,
                  (span.first..<span.end).allSatisfy({ owner[$0] < 0 }),
                  !isCommonLoneWord(span),
                  (span.first..<span.end).contains(where: { hasArabicLetter($0) }) else { continue }
            // «بتوقيت غرينتش», «بتوقيت مكة»: a name after «توقيت» is the clock a time is given in (whatever type the
            // tagger gave it), not a place or actor of the story.
            if span.first > 0, isClockWord(span.first - 1) { continue }
            // A lone word that coreference reads as the surname of a person named in the article («ميلر» and «ماثيو
            // ميلر», «بالكاظمي» and «مصطفى الكاظمي») is left to it, which links it to them; so is a rare one the tagger
            // took for a place or an organisation («بوشنل» beside «آرون بوشنل»: see ``mayBeMistypedSurname(_:)``).
            if span.end - span.first == 1, type == .person || mayBeMistypedSurname(span.first) {
                if surnames == nil { surnames = surnameTable() }
                if surnameReading(span.first, in: surnames!) != nil { continue }
            }
            let (clitics, article) = nameStart(span.first, type: span.type, taggedForms: taggedForms, typedForms: typedForms)
            let unitStart = Int(tokens[span.first].start) + clitics
            let unitEnd = Int(tokens[span.end - 1].end)
            // «لليونان»: the mention is «ليونان», as the gazetteer's is «لعراق» in «للعراق»; the name is «اليونان».
            let key = article + folded(unitStart..<unitEnd)
            let isOutlet = type == .organization && classes[span.first].contains(.mediaHead)
            let name = article + text.original(unitStart..<unitEnd)
            let entity = entity(forKey: key) {
                Entity(id: "new:" + key, type: isOutlet ? .media : type, subtype: "unknown", name: name, nameEn: "",
                       known: false, source: .tagger)
            }
            add(Span(firstToken: span.first, endToken: span.end, unitStart: unitStart, unitEnd: unitEnd, entity: entity,
                     kind: .discovered))
        }
        // A person the tagger named keeps what introduced it (title, reporting verb, apposition) as evidence, as one
        // the triggers found does: the first of its mentions that has one.
        for span in self.spans where span.active && span.kind == .discovered {
            let entity = builders[span.entity]
            guard entity.source == .tagger, entity.type == .person, entity.trigger == nil else { continue }
            builders[span.entity].trigger = personTrigger(span.firstToken, span.endToken, bodyNames: true)
        }
    }

    /// Whether `span` is one word the lexicon knows as a common word («ميليشيا», «وزارة») or a particle: no name.
    private func isCommonLoneWord(_ span: NameSpan) -> Bool {
        span.end - span.first == 1 && (!classes[span.first].isEmpty || isParticle(span.first))
    }

    /// Whether token `t` is a word the hunspell-ar dictionary lists only among its stop and tool words, never as a
    /// noun or verb: a particle with its clitics («فان», فإن written without its hamza; «لدنكم»), not a name.
    private func isParticle(_ t: Int) -> Bool {
        let sections = TaggerLexicon.Section.noun | TaggerLexicon.Section.verb | TaggerLexicon.Section.function
        return TaggerLexicon.embedded.code(hash: suffixHashes[t * TokenHash.stride]) & sections == TaggerLexicon.Section.function
    }

    /// Whether lone token `t`, tagged as a place or an organisation, may be a person's surname the tagger mistyped:
    /// neither it as written nor any of its proclitic readings is a word the name lists know as a country or a word
    /// of a place name of several words («الكونغو», «كونج» of «هونج كونج»: there the person span is the likelier
    /// mistake), nor a word the frequency list has among its twelve most frequent classes (more often than about
    /// once in a million words), which has a sense of its own (the company «ديزني» beside «والت ديزني»). The
    /// lists' one-word places are no evidence: there are too many, and small towns share most surnames («بوشنل»).
    private func mayBeMistypedSurname(_ t: Int) -> Bool {
        let placeWord = TaggerLexicon.NameFlags.placeFirst | TaggerLexicon.NameFlags.placeLater | TaggerLexicon.NameFlags.country
        let common = { (hash: UInt64) in
            TaggerLexicon.embedded.nameFlags(hash: hash) & placeWord != 0 || Self.isCommon(hash)
        }
        if common(suffixHashes[t * TokenHash.stride]) { return false }
        let start = Int(tokens[t].start), end = Int(tokens[t].end)
        return text.units.withUnsafeBufferPointer { units in
            withUnsafeTemporaryAllocation(of: Proclitics.Reading.self, capacity: Proclitics.maximumReadings) { readings in
                let count = Proclitics.readings(units, start, end, into: readings.baseAddress!)
                return !(0..<count).contains { common(suffixHashes[t * TokenHash.stride + readings[$0].offset]) }
            }
        }
    }

    /// Whether token `t` is «توقيت» (time, as in a time zone), as written or after its proclitics («بتوقيت», «وبتوقيت»,
    /// «التوقيت»).
    private func isClockWord(_ t: Int) -> Bool {
        let start = Int(tokens[t].start), end = Int(tokens[t].end)
        return text.units.withUnsafeBufferPointer { units in
            withUnsafeTemporaryAllocation(of: Proclitics.Reading.self, capacity: Proclitics.maximumReadings) { readings in
                let count = Proclitics.readings(units, start, end, into: readings.baseAddress!)
                return (0..<count).contains { suffixHashes[t * TokenHash.stride + readings[$0].offset] == Self.clockWordHash }
            }
        }
    }

    /// The hash of the folded «توقيت».
    private static let clockWordHash: UInt64 = {
        let units = FoldedWordTable<Int>.units("توقيت")
        return units.withUnsafeBufferPointer { TokenHash.hash($0, 0, $0.count) }
    }()

    /// Whether token `t` has an Arabic letter: the tagger learnt Arabic names, and Latin words in Arabic pages are
    /// mostly site chrome.
    private func hasArabicLetter(_ t: Int) -> Bool {
        text.units[tokens[t].range].contains { $0 >= 0x0620 && $0 <= 0x06FF }
    }

    /// Where a tagged name starts in its first word (how many proclitic letters its mention leaves out), and the
    /// letters of the article «لل» wrote away, which the name gets back («لليونان»: the mention «ليونان», the name
    /// «اليونان»; «للجنة» beside «اللجنة»: «لجنة» and «اللجنة»).
    ///
    /// Letters alone cannot tell a clitic from a name's first letter, so the name lists (``TaggerLexicon``) and the
    /// article decide:
    /// - a word the lists have is a name as written («فنزويلا», «كاليفورنيا», «بالتيمور»), unless it opens with
    ///   و + ال or «لل», which the lists hold a few of («والشام», «للبرتغال») and which are far more often clitics,
    ///   or the tagger names elsewhere in the article, as written and with this name's type, what the rules below
    ///   leave of it (`typedForms`), and that is a word two frequency classes more frequent (about ten times; at
    ///   least three): the lists have rare surnames that are a clitic and a common name («بعلي» beside a tagged
    ///   «علي», «بالحسن» beside «الحسن»), while names of that shape as common as the rest stay («كريم» beside
    ///   «ريم», «بسام» beside «سام»);
    /// - ف before «ال» or a bare word comes off, and so does ك before «ال», only where the rest is listed or written
    ///   in the article as a word of its own (a bare word needing five letters with ف, as with و): far more
    ///   unlisted names begin with them (فرويد، فالنتينا، كالكوتا) than join to one. Before another clitic («فبالموصل»,
    ///   «فلليونان») ف always comes off;
    /// - «لل» is ل + ال + a word in ل where the article writes that word with its article or the lists have it so
    ///   («للاذقية»), ل + a listed word in ل («للبنان» → «لبنان»), or else ل + ال where the lists have the rest, with
    ///   its article or without, or the article writes it with its article («لليونان»; «للجنة» without «اللجنة»
    ///   in the article is «الجنة»: words in ل are the fewer); otherwise «لل» stays in the name («للبنك الدولي»);
    /// - a single ب ك ل comes off a bare word where the tagger's names elsewhere in the article have that word as
    ///   written, as a name or its first word (`taggedForms`: «بمكة» and «مكة»); a common word is no evidence
    ///   («بدور» and «دور»). Off a place's first word it comes also where the lists know the rest as a place and the
    ///   word lists know it as more frequent than the word («بتونس», «ببرلين», «لبوروندي»; not «بروتان», «وكابل»: see
    ///   `listedPlace`). A place whose name is ب + a more frequent place loses its ب too («بريانة», Burriana, becomes
    ///   «ريانة»; «بيونس آيرس» «يونس آيرس»);
    /// - و ب ل before the article come off («والعراق», «بالموصل»), and و before a bare word where five letters or
    ///   more are written, or where the tagger names the bare word elsewhere («وكيت» beside «كيت»), or, off a
    ///   person's first word, where the lists know the rest as a first or family name and the word lists as more
    ///   frequent than the word («وحلا», «وبول»; not «وانج», Wang).
    private func nameStart(_ t: Int, type: NameType, taggedForms: Set<UInt64>, typedForms: Set<UInt64>) -> (clitics: Int, article: String) {
        let start = Int(tokens[t].start), end = Int(tokens[t].end)
        let hash = { (offset: Int) in self.suffixHashes[t * TokenHash.stride + offset] }
        let listed = { (h: UInt64) in TaggerLexicon.embedded.nameFlags(hash: h) != 0 }
        let known = { (h: UInt64) in listed(h) || self.isWritten(h, besides: t) }
        // A rest the lists know with one of `flags` where they do not list the word itself, and which the word lists
        // know as more frequent than the word.
        let listedRest = { (flags: UInt8, rest: UInt64, word: UInt64) in
            !listed(word) && TaggerLexicon.embedded.nameFlags(hash: rest) & flags != 0 && Self.rarity(rest) < Self.rarity(word)
        }
        // A place's rest, with any of the lists' place flags: «بتونس», «ببرلين», «بسيناء»; not «بروتان» (Brittany: the
        // word lists lack «روتان») nor «وكابل» (Kabul is listed). «بيونس آيرس» (Buenos Aires) becomes «يونس آيرس», as
        // «يونس» is a later word of «خان يونس»; «سيناء» is no more than that in the lists.
        let placeBits = TaggerLexicon.NameFlags.place | TaggerLexicon.NameFlags.placeFirst | TaggerLexicon.NameFlags.placeLater
            | TaggerLexicon.NameFlags.country
        let listedPlace = { (rest: UInt64, word: UInt64) in type == .location && listedRest(placeBits, rest, word) }
        // A person's rest after و, with a first or family name's flag: «وحلا» is و + «حلا» (but «وانج», Wang, is as
        // frequent as «انج»). Not ف, which begins more unlisted names («فولف», Wulff).
        let nameBits = TaggerLexicon.NameFlags.firstName | TaggerLexicon.NameFlags.familyName
        let listedName = { (rest: UInt64, word: UInt64) in type == .person && listedRest(nameBits, rest, word) }
        let byRule = clitics(t, taggedForms: taggedForms, known: known, listed: listed, listedPlace: listedPlace,
                             listedName: listedName, hash: hash)
        let articleClitic = text.units.withUnsafeBufferPointer { u in
            end - start >= 5 && (u[start] == Proclitics.waw && u[start + 1] == Proclitics.alef && u[start + 2] == Proclitics.lam
                || u[start] == Proclitics.lam && u[start + 1] == Proclitics.lam)
        }
        if !articleClitic, listed(hash(0)),
           byRule.clitics == 0 || !byRule.article.isEmpty || !typedForms.contains(Self.typed(hash(byRule.clitics), type))
            || Self.rarity(hash(byRule.clitics)) + 2 > Self.rarity(hash(0)) {
            return (0, "")
        }
        return byRule
    }

    /// A word's hash marked with a name type, for ``nameStart(_:type:taggedForms:typedForms:)``'s typed evidence.
    private static func typed(_ hash: UInt64, _ type: NameType) -> UInt64 {
        hash ^ (UInt64(type.rawValue) &+ 1) &* 0x9E37_79B9_7F4A_7C15
    }

    /// A word's frequency class in the word lists, 1 (most frequent) to 15, and 16 for a word they do not have; a
    /// class is 50 centibels, a factor of about 3.2 (`scripts/ner-lexicon.py`).
    private static func rarity(_ hash: UInt64) -> Int {
        let frequency = Int(TaggerLexicon.embedded.code(hash: hash) & TaggerLexicon.frequencyMask)
        return frequency == 0 ? 16 : frequency
    }

    /// Whether the word lists have a word among their twelve most frequent classes (more often than about once in a
    /// million words): a word with a sense of its own, or an established spelling.
    static func isCommon(_ hash: UInt64) -> Bool { rarity(hash) <= 12 }

    /// ``nameStart(_:type:taggedForms:typedForms:)``'s clitic rules, without the lists' verdict on the whole word.
    private func clitics(_ t: Int, taggedForms: Set<UInt64>, known: (UInt64) -> Bool, listed: (UInt64) -> Bool,
                         listedPlace: (UInt64, UInt64) -> Bool, listedName: (UInt64, UInt64) -> Bool,
                         hash: (Int) -> UInt64) -> (clitics: Int, article: String) {
        let start = Int(tokens[t].start), end = Int(tokens[t].end)
        return text.units.withUnsafeBufferPointer { u in
            var i = start
            let conjunction = u[i] == Proclitics.waw || u[i] == Proclitics.fa
            if conjunction, end - i > 3 { i += 1 }
            // ف before «ال» or a bare word: a conjunction only where the rest is known. Before another clitic
            // («فبالموصل», «فلليونان») it is one, for no name begins so.
            let keepsFa = i > start && u[start] == Proclitics.fa && !known(hash(1))
            if end - i > 4, u[i] == Proclitics.ba || u[i] == Proclitics.kaf || u[i] == Proclitics.lam,
               u[i + 1] == Proclitics.alef, u[i + 2] == Proclitics.lam {
                if u[i] == Proclitics.kaf, !known(hash(i + 1 - start)) { return (i - start, "") }
                return (i + 1 - start, "")
            }
            if end - i >= 4, u[i] == Proclitics.alef, u[i + 1] == Proclitics.lam { return (keepsFa ? 0 : i - start, "") }
            if end - i >= 5, u[i] == Proclitics.lam, u[i + 1] == Proclitics.lam {
                let second = hash(i + 1 - start), third = hash(i + 2 - start)
                if known(Self.withArticle(second)) { return (i + 1 - start, "ال") }
                if listed(second) { return (i + 1 - start, "") }
                if listed(third) || known(Self.withArticle(third)) { return (i + 1 - start, "ا") }
                return (i - start, "")
            }
            if end - i >= 4, u[i] == Proclitics.ba || u[i] == Proclitics.kaf || u[i] == Proclitics.lam,
               taggedForms.contains(hash(i + 1 - start)) || listedPlace(hash(i + 1 - start), hash(i - start)) {
                return (i + 1 - start, "")
            }
            return i > start && (end - start >= 5 || taggedForms.contains(hash(1))
                                 || u[start] == Proclitics.waw && listedName(hash(1), hash(0))) && !keepsFa ? (1, "") : (0, "")
        }
    }

    /// The hash of «ال» + the word whose hash is `hash`.
    private static func withArticle(_ hash: UInt64) -> UInt64 {
        TokenHash.prepending(Proclitics.alef, to: TokenHash.prepending(Proclitics.lam, to: hash))
    }

    /// Whether a token other than `t` is, as written, the word whose folded hash is `hash`.
    private func isWritten(_ hash: UInt64, besides t: Int) -> Bool {
        var other = 0
        while other < tokens.count {
            if other != t, suffixHashes[other * TokenHash.stride] == hash { return true }
            other += 1
        }
        return false
    }
}
