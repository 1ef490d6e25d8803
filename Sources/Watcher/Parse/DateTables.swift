/// The date parser's vocabulary, compiled from the `dates` section of the parser tables.
package struct DateTables: Sendable {
    package var months = PhraseTable<Int>()
    package var ordinals = PhraseTable<Int>()
    package var zones = PhraseTable<Int>()
    package var weekdays: Set<String> = []
    package var past: Set<String> = []
    package var next: Set<String> = []
    package var current: Set<String> = []
    package var this: Set<String> = []
    package var monthNouns: Set<String> = []
    package var yearNouns: Set<String> = []
    package var yearWords: Set<String> = []
    package var prepositions: Set<String> = []
    package var timeWords: Set<String> = []

    package init() {}

    package init(_ source: ParserTableSource) {
        for (name, month) in source.months { months.add(name, month) }
        for (name, day) in source.ordinals { ordinals.add(name, day) }
        for (name, offset) in source.zones { zones.add(name, offset) }
        func keys(_ list: [String]) -> Set<String> { Set(list.map(MatchKey.of)) }
        // Words that open a phrase also occur with the conjunction و attached («والعام المقبل»).
        func withConjunction(_ list: [String]) -> Set<String> {
            keys(list).union(list.map { "و" + MatchKey.of($0) })
        }
        weekdays = withConjunction(source.weekdays)
        past = keys(source.past)
        next = keys(source.next)
        current = keys(source.current)
        this = withConjunction(source.this)
        monthNouns = withConjunction(source.monthNouns)
        yearNouns = withConjunction(source.yearNouns)
        yearWords = withConjunction(source.yearWords)
        prepositions = withConjunction(source.prepositions)
        timeWords = keys(source.timeWords)
    }

    /// The direction a relative word points in: -1 past, 0 current, +1 next.
    package func direction(_ key: String) -> Int? {
        if past.contains(key) { return -1 }
        if next.contains(key) { return 1 }
        if current.contains(key) { return 0 }
        return nil
    }
}
