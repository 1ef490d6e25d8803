/// Discovery of names the gazetteer lacks, from the conventions of Arabic news: a title or role phrase before a
/// name, a reporting verb before it, an apposition «NAME، رئيس …» after it, and organisation/place heads.
///
/// Arabic has no capitals, so precision comes from requiring a trigger *and* a name shape: two or three words
/// (compounds with عبد/أبو count as one), the first without the article, none a stop word or a known entity.
///
/// With the name tagger on, its spans check discovery: persons are left to it (on ANERcorp's newswire the tagger
/// finds their boundaries better than a title or verb does, and a title before common words made false persons),
/// and a place after a settlement or area head is the tagger's name right after the head, or nothing.
extension RecognitionState {
    static let maximumRoleLength = 10

    /// Discovers names by their triggers; `tagged` is the tagger's spans of this text, or nil with the tagger off.
    mutating func discover(checkedBy tagged: [NameSpan]?) {
        var t = 0
        while t < tokens.count {
            if owner[t] >= 0 { t += 1; continue }
            let person = tagged == nil && mayIntroduceName(t) ? discoverPerson(at: t) : nil
            if let found = person ?? discoverOrganizationOrPlace(at: t, tagged: tagged) {
                t = found
            } else {
                t += 1
            }
        }
    }

    /// Classes that rule a word out of a name.
    private static let notName: DiscoveryLexicon.WordClass = [
        .stop, .verb, .roleHead, .title, .roleWord, .organizationHead, .placeHead, .speech, .generic,
    ]

    /// Whether token `t` can be part of a name; the first word of a name must not carry the article.
    func isNameWord(_ t: Int, first: Bool) -> Bool {
        guard t < tokens.count, owner[t] < 0, tokens[t].length >= 2, classes[t].isDisjoint(with: Self.notName),
              !(first && hasArticle(t)) else { return false }
        if isWrittenWithMaqsuraStop(t) { return false }
        return text.units.withUnsafeBufferPointer { units in
            for i in tokens[t].range where units[i] >= 0x30 && units[i] <= 0x39 { return false }
            return true
        }
    }

    /// Whether anything that could trigger a person's discovery stands right before token `t`: a cheap filter so
    /// the name shape is only examined where a title, verb, role phrase or sentence start could introduce it.
    func mayIntroduceName(_ t: Int) -> Bool {
        guard t > 0, tokens[t].gapBefore != .sentence else { return true }
        let c = classes[t - 1]
        return !c.isDisjoint(with: [.verb, .title, .roleHead, .roleWord]) || owner[t - 1] >= 0 || hasArticle(t - 1)
    }

    /// The end of the name starting at `t` (2–3 words; a third must carry the article), or nil.
    func nameEnd(from t: Int) -> Int? {
        guard isNameWord(t, first: true) else { return nil }
        var j = t
        var words = 0
        while j < tokens.count, words < 3, j == t || tokens[j].gapBefore == .space {
            if classes[j].contains(.connector) {
                guard j + 1 < tokens.count, tokens[j + 1].gapBefore == .space, isNameWord(j + 1, first: false) else { break }
                j += 2
                words += 1
                continue
            }
            guard isNameWord(j, first: j == t) else { break }
            if words == 2 && !hasArticle(j) { break }
            j += 1
            words += 1
        }
        return words >= 2 ? j : nil
    }

    /// The first token of the role phrase that ends just before token `t` («رئيس الوزراء العراقي»), or nil.
    ///
    /// Walks back over role words, definite words and non-person entities to the farthest role head, never across
    /// punctuation (except one comma right before `t`) or another person.
    func roleHead(before t: Int) -> Int? {
        guard t > 0 else { return nil }
        let gap = tokens[t].gapBefore
        guard gap == .space || (gap == .clause && commaBefore(t)) else { return nil }
        var head: Int? = nil
        var m = t - 1
        var steps = 0
        while m >= 0, steps < Self.maximumRoleLength {
            let c = classes[m]
            if let span = span(at: m) {
                if isPerson(span) { break }
            } else if c.contains(.roleHead) || c.contains(.title) {
                head = m
            } else if !(c.contains(.roleWord) || c.contains(.organizationHead) || (hasArticle(m) && !c.contains(.verb))) {
                break
            }
            if tokens[m].gapBefore > .quote { break }
            m -= 1
            steps += 1
        }
        return head
    }

    /// A person named after a title/role, after a reporting verb, or before an apposition.
    private mutating func discoverPerson(at t: Int) -> Int? {
        guard let end = nameEnd(from: t), let trigger = personTrigger(t, end, bodyNames: false) else { return nil }
        addDiscovered(t, end, type: .person, trigger: trigger)
        return end
    }

    /// What introduces the person named by tokens `t..<end`: `title:` and the role phrase before the name, `verb:`
    /// and the reporting verb whose speaker it is, or `apposition:` and the role head after it; nil where none does.
    ///
    /// A verb's subject ending in ة is far more often a body (قيادة العمليات) than a person, so such a name has no
    /// verb trigger unless `bodyNames` says it is known to be a person (the tagger named it).
    func personTrigger(_ t: Int, _ end: Int, bodyNames: Bool) -> String? {
        let afterVerb = t > 0 && tokens[t].gapBefore == .space && classes[t - 1].contains(.verb)
        if let head = roleHead(before: t) {
            return "title:" + surface(head, t, dropClitics: true)
        } else if afterVerb, bodyNames || !endsWithTaMarbuta(t), end < tokens.count,
                  classes[end].contains(.speech) || clauseMarkBefore(end) {
            // «قال NAME إن …», «قال NAME: …», «أضاف NAME، …»: the name is the speaker.
            return "verb:" + surface(t - 1, t, dropClitics: true)
        } else if end < tokens.count, tokens[end].gapBefore == .clause, commaBefore(end),
                  classes[end].contains(.roleHead) || classes[end].contains(.title),
                  t == 0 || tokens[t].gapBefore == .sentence || afterVerb {
            return "apposition:" + surface(end, end + 1, dropClitics: true)
        }
        return nil
    }

    /// Whether token `t` ends in ة (folded to ه): قيادة العمليات، خلية الإعلام.
    private func endsWithTaMarbuta(_ t: Int) -> Bool {
        text.units[Int(tokens[t].end) - 1] == 0x0647
    }

    /// Whether a comma or colon separates token `t` from the one before it.
    func clauseMarkBefore(_ t: Int) -> Bool {
        guard t > 0, tokens[t].gapBefore == .clause else { return false }
        for i in Int(tokens[t - 1].end)..<Int(tokens[t].start) {
            let u = text.units[i]
            if u == 0x060C || u == 0x2C || u == 0x3A { return true }
        }
        return false
    }

    /// An organisation («حركة شباب الرافدين», «لجنة الأمن والدفاع»), outlet («قناة دجلة») or place («حقل كورمور»,
    /// «منطقة السدة الزرقاء») written as a head noun with a proper complement.
    ///
    /// A place after a settlement or area head is named without it («مدينة كييف» → «كييف»). With the tagger's spans,
    /// only where the tagger named a person, place or organisation starting right after the head («منطقة الخطر»
    /// names nothing); after a bare first word, where the shape stops, the place runs to the end of the tagger's name
    /// («مدينة رأس العين» → «رأس العين», not «رأس»).
    private mutating func discoverOrganizationOrPlace(at t: Int, tagged: [NameSpan]?) -> Int? {
        let c = classes[t]
        let isOrganization = c.contains(.organizationHead)
        guard isOrganization || c.contains(.placeHead), !hasArticle(t), t + 1 < tokens.count,
              tokens[t + 1].gapBefore == .space else { return nil }
        var j = t + 1
        var specific = false
        var bare = false
        // A bare proper word may open the complement (شباب الرافدين، دجلة، كورمور), but not an adjective (مشتركة).
        if isNameWord(j, first: true), !endsLikeAdjective(j) {
            j += 1
            specific = true
            bare = true
        }
        var definite = 0
        // A place's bare name stands alone («حقل كورمور للغاز» is the Khor Mor field); «للغاز» is not part of it.
        while isOrganization || !bare, j < tokens.count, j - t <= 4, tokens[j].gapBefore == .space, owner[j] < 0,
              hasArticle(j), !classes[j].contains(.stop), !classes[j].contains(.verb),
              isOrganization || !startsWithPreposition(j) {
            if !classes[j].contains(.generic) { specific = true }
            definite += 1
            j += 1
        }
        // Outlets are often named «… اليوم»: «وكالة أنباء الفرات اليوم», «بغداد اليوم».
        if c.contains(.mediaHead), j > t + 1, j < tokens.count, tokens[j].gapBefore == .space,
           text.units[tokens[j].range].elementsEqual(Self.today) {
            j += 1
        }
        if definite >= 2 { specific = true }
        // A bare word alone only names an outlet or a place: «قناة دجلة», «حقل كورمور», not «لجنة فرعية».
        if definite == 0 && !(c.contains(.mediaHead) || !isOrganization) { return nil }
        guard j > t + 1, specific else { return nil }
        // A nationality adjective right after belongs to the name: «وزارة الزراعة العراقية».
        if isOrganization, j < tokens.count, tokens[j].gapBefore == .space, let span = span(at: j),
           span.kind == .nationality, span.endToken == j + 1 {
            remove(spanAt: j)
            j += 1
        }
        let type: EntityType = c.contains(.mediaHead) ? .media : isOrganization ? .organization : .location
        let trigger = "head:" + surface(t, t + 1, dropClitics: true)
        if !isOrganization, isAreaHead(t) {
            if let tagged {
                guard let name = tagged.first(where: { $0.first == t + 1 && $0.type.entityType != nil }),
                      (name.first..<name.end).allSatisfy({ owner[$0] < 0 }) else { return nil }
                // The shape stops after a bare first word («حقل كورمور للغاز»); the tagger knows when a name goes on.
                if bare { j = max(j, name.end) }
            }
            addDiscovered(t + 1, j, type: type, trigger: trigger)
        } else {
            addDiscovered(t, j, type: type, trigger: trigger)
        }
        return j
    }

    private static let today = NormalizedText("اليوم").units

    /// Whether token `t`, without its proclitics, is a settlement or area head («بمدينة», «منطقة»).
    private func isAreaHead(_ t: Int) -> Bool {
        let start = Int(tokens[t].start) + lexiconCliticLength(t)
        return text.units.withUnsafeBufferPointer { lexicon.isAreaHead($0, start, Int(tokens[t].end)) }
    }

    /// Whether token `t` opens with ل or ب before its article («للغاز», «بالعراق»): a prepositional phrase.
    private func startsWithPreposition(_ t: Int) -> Bool {
        let u = text.units[Int(tokens[t].start)]
        return u == Proclitics.lam || u == Proclitics.ba || u == Proclitics.kaf
    }

    /// Nisba adjectives (…ية، …ي) describe rather than name.
    private func endsLikeAdjective(_ t: Int) -> Bool {
        let units = text.units
        let end = Int(tokens[t].end)
        guard tokens[t].length >= 3 else { return false }
        let last = units[end - 1]
        return last == 0x064A || (last == 0x0647 && units[end - 2] == 0x064A)
    }

    private mutating func addDiscovered(_ first: Int, _ end: Int, type: EntityType, trigger: String) {
        var unitStart = Int(tokens[first].start)
        unitStart += lexiconCliticLength(first)
        let unitEnd = Int(tokens[end - 1].end)
        let name = text.original(unitStart..<unitEnd)
        let key = folded(unitStart..<unitEnd)
        let entity = entity(forKey: key) {
            Entity(id: "new:" + key, type: type, subtype: "unknown", name: name, nameEn: "", known: false, trigger: trigger)
        }
        add(Span(firstToken: first, endToken: end, unitStart: unitStart, unitEnd: unitEnd, entity: entity, kind: .discovered))
    }
}
