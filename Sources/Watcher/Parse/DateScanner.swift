/// One scan of one text for ``ArabicDateParser``: the tokens with their roles, and the date grammar over them.
struct DateScanner {
    /// A date phrase spanning tokens `first..<end`.
    struct Match {
        var first: Int
        var end: Int
        var reference: DateMention.Reference
    }

    let tables: DateTables
    let tokens: [Token]
    let roles: [DateWordRole]

    /// Whether a match can start at token `i`: only a number or a word with a date role starts one (each branch of
    /// ``match(at:)`` tests one or the other on token `i` before anything else).
    @inline(__always)
    func mayStart(at i: Int) -> Bool {
        !roles[i].isEmpty || tokens[i].digitCount > 0
    }

    /// A date of the Hijri calendar («عام 1445 هـ», «1445/9/12 هـ») is no match: its numbers read as a Gregorian date
    /// would be six centuries off. (Hijri dates are not converted; the text keeps them.)
    static let hijriYears = 1300...1500
    func match(at i: Int) -> Match? {
        guard let found = anyCalendarMatch(at: i) else { return nil }
        // Only a year that can be a Hijri year of the press (1300–1500) is vetoed, by a marker right after it or
        // after the range it opens («بين عامي 1445 و1450 هـ»); «يناير 2025 ه-» stays Gregorian.
        if case .absolute(let date) = found.reference, Self.hijriYears.contains(date.year),
           (found.end..<min(found.end + 3, tokens.count)).contains(where: { roles[$0].contains(.hijri) }) {
            return nil
        }
        return found
    }

    /// A weekday («الثلاثاء», «يوم الخميس») is kept as a prefix of the day date it introduces, never alone.
    private func anyCalendarMatch(at i: Int) -> Match? {
        var j = i
        if roles[j].contains(.dayNoun), j + 1 < tokens.count { j += 1 }
        if roles[j].contains(.weekday) {
            var k = j + 1
            if k < tokens.count, tokens[k].isSymbol("،") || tokens[k].isSymbol(",") { k += 1 }
            guard k < tokens.count, var inner = core(at: k), hasDay(inner.reference) else { return nil }
            inner.first = i
            return inner
        }
        return core(at: i)
    }

    private func hasDay(_ reference: DateMention.Reference) -> Bool {
        switch reference {
        case .absolute(let date): return date.day != nil
        case .monthOnly(_, let day, _): return day != nil
        default: return false
        }
    }

    private func core(at i: Int) -> Match? {
        let token = tokens[i]
        if token.number != nil {
            if let numeric = numericDate(at: i) { return numeric }
            if token.digitCount <= 2, let day = token.number, (1...31).contains(day) {
                return dayAndMonth(first: i, day: day, after: i + 1)
            }
            if let year = fourDigitYear(at: i), i > 0, roles[i - 1].contains(.preposition),
               !(i + 1 < roles.count && roles[i + 1].contains(.monthStart) && months.match(tokens, at: i + 1) != nil) {
                return Match(first: i, end: i + 1, reference: .absolute(CalendarDate(year: year)))
            }
            return nil
        }
        let role = roles[i]
        if role.contains(.ordinalStart), let (day, length) = tables.ordinals.match(tokens, at: i) {
            return dayAndMonth(first: i, day: day, after: i + length)
        }
        if let month = monthPhrase(at: i) {
            return monthMatch(first: i, month: month, day: nil)
        }
        if role.contains(.this), i + 1 < tokens.count {
            if roles[i + 1].contains(.monthNoun) { return Match(first: i, end: i + 2, reference: .relativeMonth(0)) }
            if roles[i + 1].contains(.yearNoun) { return Match(first: i, end: i + 2, reference: .relativeYear(0)) }
        }
        if i + 1 < tokens.count, let direction = roles[i + 1].direction {
            if role.contains(.monthNoun) { return Match(first: i, end: i + 2, reference: .relativeMonth(direction)) }
            if role.contains(.yearNoun) { return Match(first: i, end: i + 2, reference: .relativeYear(direction)) }
        }
        if role.contains(.yearWord), i + 1 < tokens.count, let year = fourDigitYear(at: i + 1),
           !isDateSeparator(at: i + 2) {
            return Match(first: i, end: i + 2, reference: .absolute(CalendarDate(year: year)))
        }
        return nil
    }

    private var months: PhraseTable<Int> { tables.months }

    /// `2021/03/23`, `2021-03-24`, `24/7/2024`, `24.7.2024`, each optionally followed by a clock time.
    private func numericDate(at i: Int) -> Match? {
        guard i + 4 < tokens.count else { return nil }
        let a = tokens[i], s1 = tokens[i + 1], b = tokens[i + 2], s2 = tokens[i + 3], c = tokens[i + 4]
        guard case .symbol(let separator) = s1.kind, separator == "/" || separator == "-" || separator == ".",
              s2.isSymbol(separator), !s1.spaced, !b.spaced, !s2.spaced, !c.spaced,
              let x = a.number, let y = b.number, let z = c.number, b.digitCount <= 2 else { return nil }
        var date: CalendarDate
        if a.digitCount == 4 && c.digitCount <= 2 {
            date = CalendarDate(year: x, month: y, day: z)
        } else if a.digitCount <= 2 && c.digitCount == 4 {
            date = CalendarDate(year: z, month: y, day: x)
        } else {
            return nil
        }
        guard date.isValid else { return nil }
        var end = i + 5
        if let (time, offset, timeEnd) = clockTime(at: end) {
            date.time = time
            date.offsetMinutes = offset
            end = timeEnd
        }
        return Match(first: i, end: end, reference: .absolute(date))
    }

    /// «23 مارس/آذار 2021», «الخامس من يناير كانون الثاني 2020», «12 أيار».
    private func dayAndMonth(first: Int, day: Int, after: Int) -> Match? {
        var j = after
        if j < tokens.count, roles[j].contains(.of) { j += 1 }
        guard let month = monthPhrase(at: j) else { return nil }
        return monthMatch(first: first, month: month, day: day)
    }

    /// What follows a month name: a year, a relative word, or nothing (then the month must be introduced by a
    /// preposition or written in the dual form, so that «آب» the month is not confused with «أب» father).
    private func monthMatch(first: Int, month: (number: Int, end: Int, dual: Bool), day: Int?) -> Match? {
        var j = month.end
        // «أكتوبر عام 2020», «أكتوبر من العام 2020»: the year after its noun.
        if j + 1 < tokens.count, roles[j].contains(.of) ? roles[j + 1].contains(.yearWord) && fourDigitYear(at: j + 2) != nil
            : roles[j].contains(.yearWord) && fourDigitYear(at: j + 1) != nil {
            j += roles[j].contains(.of) ? 2 : 1
        }
        if let year = fourDigitYear(at: j) {
            var date = CalendarDate(year: year, month: month.number, day: day)
            guard date.isValid else { return nil }
            var end = j + 1
            if day != nil, let (time, offset, timeEnd) = clockTime(at: end) {
                date.time = time
                date.offsetMinutes = offset
                end = timeEnd
            }
            return Match(first: first, end: end, reference: .absolute(date))
        }
        if j < tokens.count, let direction = roles[j].direction {
            return Match(first: first, end: j + 1, reference: .monthOnly(month: month.number, day: day, direction: direction))
        }
        // «أكتوبر من العام الماضي», «مارس من هذا العام»: the year is counted, not the nearest such month taken.
        if j + 2 < tokens.count, roles[j].contains(.of), day.map({ $0 <= CalendarDate.daysIn(month: month.number, year: 2000) }) ?? true {
            if roles[j + 1].contains(.yearNoun), let years = roles[j + 2].direction {
                return Match(first: first, end: j + 3, reference: .monthOfRelativeYear(month: month.number, day: day, years: years))
            }
            if roles[j + 1].contains(.this), roles[j + 2].contains(.yearNoun) {
                return Match(first: first, end: j + 3, reference: .monthOfRelativeYear(month: month.number, day: day, years: 0))
            }
        }
        let introduced = first > 0 && roles[first - 1].contains(.preposition)
        guard day != nil || month.dual || introduced else { return nil }
        return Match(first: first, end: j, reference: .monthOnly(month: month.number, day: day, direction: nil))
    }

    /// A month name, and the same month in the other calendar after it («مارس/آذار», «يناير كانون الثاني»,
    /// «نيسان (أبريل)»).
    private func monthPhrase(at i: Int) -> (number: Int, end: Int, dual: Bool)? {
        guard i < tokens.count, roles[i].contains(.monthStart), let (month, length) = months.match(tokens, at: i) else { return nil }
        var end = i + length
        if end + 1 < tokens.count, tokens[end].isSymbol("/"), roles[end + 1].contains(.monthStart),
           let (other, otherLength) = months.match(tokens, at: end + 1),
           other == month {
            return (month, end + 1 + otherLength, true)
        }
        // «نيسان (أبريل)».
        if end + 2 < tokens.count, tokens[end].isSymbol("("), roles[end + 1].contains(.monthStart),
           let (other, otherLength) = months.match(tokens, at: end + 1), other == month,
           end + 1 + otherLength < tokens.count, tokens[end + 1 + otherLength].isSymbol(")") {
            return (month, end + 2 + otherLength, true)
        }
        if end < tokens.count, roles[end].contains(.monthStart), let (other, otherLength) = months.match(tokens, at: end),
           other == month {
            end += otherLength
            return (month, end, true)
        }
        return (month, end, false)
    }

    private func fourDigitYear(at i: Int) -> Int? {
        guard i < tokens.count, tokens[i].digitCount == 4, let year = tokens[i].number, (1000...2999).contains(year) else { return nil }
        return year
    }

    private func isDateSeparator(at i: Int) -> Bool {
        guard i < tokens.count, !tokens[i].spaced, case .symbol(let s) = tokens[i].kind else { return false }
        return s == "/" || s == "-"
    }

    /// «الساعة 22:59 بتوقيت غرينتش», «00:00:00», «10:30 GMT»: the time, its UTC offset if a zone is named, and
    /// the index after it.
    func clockTime(at i: Int) -> ((hour: Int, minute: Int, second: Int), Int?, Int)? {
        var j = i
        if j < tokens.count, tokens[j].isSymbol("،") || tokens[j].isSymbol(",") || tokens[j].isSymbol("-") { j += 1 }
        if j < tokens.count, roles[j].contains(.timeWord) { j += 1 }
        guard j + 2 < tokens.count, let hour = tokens[j].number, tokens[j + 1].isSymbol(":"), !tokens[j + 1].spaced,
              !tokens[j + 2].spaced, tokens[j + 2].digitCount == 2, let minute = tokens[j + 2].number,
              hour < 24, minute < 60 else { return nil }
        j += 3
        var second = 0
        if j + 1 < tokens.count, tokens[j].isSymbol(":"), !tokens[j].spaced, tokens[j + 1].digitCount == 2,
           let value = tokens[j + 1].number, value < 61 {
            second = value
            j += 2
        }
        var clockHour = hour
        if j < tokens.count, let read = tables.hour(hour, before: tokens[j]) {
            clockHour = read
            j += 1
        }
        var offset: Int?
        // «بتوقيت غرينتش», «GMT+3», «(GMT+0400)», «UTC-05:00».
        let open = j < tokens.count && tokens[j].isSymbol("(") ? 1 : 0
        if j + open < tokens.count, roles[j + open].contains(.zoneStart), let (zone, length) = tables.zones.match(tokens, at: j + open) {
            offset = zone
            j += open + length
            if zone == 0, let (shift, end) = zoneShift(at: j) {
                offset = shift
                j = end
            }
            if open == 1, j < tokens.count, tokens[j].isSymbol(")") { j += 1 }
        }
        return ((clockHour, minute, second), offset, j)
    }

    /// The signed offset written right after «GMT» or «UTC» (`+3`, `+0400`, `-05:00`) in minutes, and the index after it.
    private func zoneShift(at i: Int) -> (Int, Int)? {
        guard i + 1 < tokens.count, !tokens[i].spaced, tokens[i].isSymbol("+") || tokens[i].isSymbol("-"),
              !tokens[i + 1].spaced, let value = tokens[i + 1].number else { return nil }
        let sign = tokens[i].isSymbol("-") ? -1 : 1
        var minutes: Int
        var end = i + 2
        switch tokens[i + 1].digitCount {
        case 1, 2:
            minutes = value * 60
            if end + 1 < tokens.count, tokens[end].isSymbol(":"), tokens[end + 1].digitCount == 2, let extra = tokens[end + 1].number {
                minutes += extra
                end += 2
            }
        case 4: minutes = value / 100 * 60 + value % 100
        default: return nil
        }
        guard minutes <= 14 * 60 else { return nil }
        return (sign * minutes, end)
    }
}
