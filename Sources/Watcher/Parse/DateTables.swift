/// The date parser's vocabulary, compiled from the `dates` section of the parser tables.
package struct DateTables: Sendable {
    package var months = PhraseTable<Int>()
    /// The Hijri months' names («رمضان», «ذو الحجة»): only for recognising a Hijri date line, never converted.
    package var hijriMonths = PhraseTable<Int>()
    /// Words that join the two calendars' dates on one line («الموافق»), for ``DateOnlyLine``.
    package var calendarJoiners: Set<TableKey> = []
    package var ordinals = PhraseTable<Int>()
    package var zones = PhraseTable<Int>()
    /// Every single word of the tables with the roles it can play.
    package private(set) var roles: [TableKey: DateWordRole] = [:]
    /// Most words of a text play no role: this answers them without hashing.
    private var roleFilter = TableKeyFilter()
    /// `roles` for the per-token lookup: every word of every article is looked up, and the common ones (the
    /// prepositions «في», «من», «بعد») pass the filter, so a `Hasher` per lookup was most of the date scan's own time.
    private var roleMap = TableKeyMap<DateWordRole>()

    package init() {}

    package init(_ source: ParserTableSource) {
        for (name, month) in source.months { months.add(name, month) }
        for (name, month) in source.hijriMonths { hijriMonths.add(name, month) }
        calendarJoiners = Set(source.calendarJoiners.compactMap { Tokenizer.keys($0).first })
        for (name, day) in source.ordinals { ordinals.add(name, day) }
        for (name, offset) in source.zones { zones.add(name, offset) }
        func add(_ list: [String], _ role: DateWordRole, conjunction: Bool = false) {
            for word in list {
                let key = MatchKey.of(word)
                roles[TableKey(matchKey: key), default: []].insert(role)
                // Words that open a phrase also occur with the conjunction و attached («والعام المقبل»).
                if conjunction { roles[TableKey(matchKey: "و" + key), default: []].insert(role) }
            }
        }
        add(source.weekdays, .weekday, conjunction: true)
        add(source.past, .past)
        add(source.next, .next)
        add(source.current, .current)
        add(source.this, .this, conjunction: true)
        add(source.monthNouns, .monthNoun, conjunction: true)
        add(source.yearNouns, .yearNoun, conjunction: true)
        add(source.yearWords, .yearWord, conjunction: true)
        add(source.prepositions, .preposition, conjunction: true)
        add(source.timeWords, .timeWord)
        add(source.am, .am)
        add(source.pm, .pm)
        add(source.hijriMarkers, .hijri)
        func addFirstWord(_ phrases: [String], _ role: DateWordRole) {
            for phrase in phrases { if let first = Tokenizer.keys(phrase).first { roles[first, default: []].insert(role) } }
        }
        addFirstWord(source.months.map(\.name), .monthStart)
        addFirstWord(source.ordinals.map(\.name), .ordinalStart)
        addFirstWord(source.zones.map(\.name), .zoneStart)
        add(["يوم"], .dayNoun)
        add(["من"], .of)
        roleFilter = TableKeyFilter(roles.keys)
        roleMap = TableKeyMap(roles.map { ($0.key, $0.value) })
    }

    /// `hour` read with the morning or evening word at `token` («02:30 م» → 14, «12:05 ص» → 0); nil when the token
    /// is neither.
    package func hour(_ hour: Int, before token: Token) -> Int? {
        let role = role(token)
        if role.contains(.pm) { return hour < 12 ? hour + 12 : hour }
        if role.contains(.am) { return hour == 12 ? 0 : hour }
        return nil
    }

    /// The roles of a token (none for numbers and symbols).
    @inline(__always)
    package func role(_ token: Token) -> DateWordRole {
        token.isWord && roleFilter.mayContain(token.key) ? roleMap[token.key] ?? [] : []
    }
}
