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
        // Lone person words last, so that every person of several words is known when they are checked, wherever it
        // stands in the article (a word tagged a person here and a place there is therefore the place: the first
        // span of a key makes its entity).
        let lone = { (span: NameSpan) in span.type == .person && span.end - span.first == 1 }
        var surnames: SurnameTable? = nil
        for span in spans.filter({ !lone($0) }) + spans.filter(lone) {
            guard let type = span.type.entityType,
                  (span.first..<span.end).allSatisfy({ owner[$0] < 0 }),
                  !(span.end - span.first == 1 && (!classes[span.first].isEmpty || isParticle(span.first))),
                  (span.first..<span.end).contains(where: { hasArabicLetter($0) }) else { continue }
            // «بتوقيت غرينتش», «بتوقيت مكة»: a name after «توقيت» is the clock a time is given in (whatever type the
            // tagger gave it), not a place or actor of the story.
            if span.first > 0, isClockWord(span.first - 1) { continue }
            // A lone word that coreference reads as the surname of a person named in the article («ميلر» and «ماثيو
            // ميلر», «بالكاظمي» and «مصطفى الكاظمي») is left to it, which links it to them.
            if type == .person, span.end - span.first == 1 {
                if surnames == nil { surnames = surnameTable() }
                if surnameReading(span.first, in: surnames!) != nil { continue }
            }
            let (clitics, elidedArticle) = nameStart(span.first)
            let unitStart = Int(tokens[span.first].start) + clitics
            let unitEnd = Int(tokens[span.end - 1].end)
            // «لليونان»: the mention is «ليونان», as the gazetteer's is «لعراق» in «للعراق»; the name is «اليونان».
            let alef = elidedArticle ? "\u{0627}" : ""
            let key = alef + folded(unitStart..<unitEnd)
            let isOutlet = type == .organization && classes[span.first].contains(.mediaHead)
            let name = alef + text.original(unitStart..<unitEnd)
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

    /// Whether token `t` is a word the hunspell-ar dictionary lists only among its stop and tool words, never as a
    /// noun or verb: a particle with its clitics («فان», فإن written without its hamza; «لدنكم»), not a name.
    private func isParticle(_ t: Int) -> Bool {
        let sections = TaggerLexicon.Section.noun | TaggerLexicon.Section.verb | TaggerLexicon.Section.function
        return TaggerLexicon.embedded.code(hash: suffixHashes[t * TokenHash.stride]) & sections == TaggerLexicon.Section.function
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

    /// Where a tagged name starts in its first word (how many proclitic letters its mention leaves out), and
    /// whether the name is «ال» + the rest because «لل» wrote ل + ال.
    ///
    /// The name lists (``TaggerLexicon``) decide where the letters alone cannot: a word they list is a name as
    /// written («فنزويلا», «كاليفورنيا», «بالتيمور»), unless it opens with و + ال; «لل» is ل + a word in ل where the
    /// lists know that word («للبنان» → «لبنان»), and ل + ال where they know the rest («لليونان» → «اليونان»).
    /// Otherwise: و ف and ب ك ل before the article come off («والعراق», «بالموصل» → «العراق», «الموصل»); و before a
    /// word of five letters or more comes off, and ف only where the lists know the rest, for ف begins far more
    /// unlisted names (فرويد، فولكسفاغن) than it joins to one.
    private func nameStart(_ t: Int) -> (clitics: Int, elidedArticle: Bool) {
        let start = Int(tokens[t].start), end = Int(tokens[t].end)
        let listed = { (offset: Int) in
            TaggerLexicon.nameFlags(entry: TaggerLexicon.embedded.entry(hash: suffixHashes[t * TokenHash.stride + offset])) != 0
        }
        return text.units.withUnsafeBufferPointer { u in
            // و + ال is the conjunction before a definite name far more often than a name in «وال» (والتر), and the
            // lists hold a few such forms («والشام»), so they do not keep it.
            let conjunctionAndArticle = end - start >= 5 && u[start] == Proclitics.waw && u[start + 1] == Proclitics.alef
                && u[start + 2] == Proclitics.lam
            if !conjunctionAndArticle, listed(0) { return (0, false) }
            var i = start
            let conjunction = u[i] == Proclitics.waw || u[i] == Proclitics.fa
            if conjunction, end - i > 3 { i += 1 }
            if end - i > 4, u[i] == Proclitics.ba || u[i] == Proclitics.kaf || u[i] == Proclitics.lam,
               u[i + 1] == Proclitics.alef, u[i + 2] == Proclitics.lam {
                i += 1
            }
            if end - i >= 4, u[i] == Proclitics.alef, u[i + 1] == Proclitics.lam { return (i - start, false) }
            if end - i >= 5, u[i] == Proclitics.lam, u[i + 1] == Proclitics.lam {
                if listed(i + 1 - start) { return (i + 1 - start, false) }
                let rest = suffixHashes[t * TokenHash.stride + i + 2 - start]
                if listed(i + 2 - start) || isWrittenDefinite(rest) { return (i + 1 - start, true) }
                return (conjunction && i > start ? 1 : 0, false)
            }
            // A single ب ك ل before a bare word comes off only where the article also writes the word without it
            // («بمكة» and «مكة»): the lists alone would cut foreign names too («كلاوس» → «لاوس»).
            if end - i >= 4, u[i] == Proclitics.ba || u[i] == Proclitics.kaf || u[i] == Proclitics.lam,
               isWrittenBare(suffixHashes[t * TokenHash.stride + i + 1 - start], besides: t) {
                return (i + 1 - start, false)
            }
            guard conjunction, i > start, end - start >= 5 else { return (0, false) }
            return u[start] == Proclitics.waw || listed(1) ? (1, false) : (0, false)
        }
    }

    /// Whether a token other than `t` is, as written, the word whose folded hash is `hash`.
    private func isWrittenBare(_ hash: UInt64, besides t: Int) -> Bool {
        var other = 0
        while other < tokens.count {
            if other != t, suffixHashes[other * TokenHash.stride] == hash { return true }
            other += 1
        }
        return false
    }

    /// Whether some token is «ال» + the word whose folded hash is `hash` («الحلف» for «حلف»).
    private func isWrittenDefinite(_ hash: UInt64) -> Bool {
        let units = text.units
        var other = 0
        while other < tokens.count {
            let start = Int(tokens[other].start)
            if tokens[other].length > 3, units[start] == Proclitics.alef, units[start + 1] == Proclitics.lam,
               suffixHashes[other * TokenHash.stride + 2] == hash { return true }
            other += 1
        }
        return false
    }
}
