/// The date line a page shows under its headline when its metadata has none: «تم نشره الجمعة 24 نيسان / أبريل
/// 2020», «الجمعة 8 فيفري 2019», «الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)». A line is read only when
/// it is mostly date: a few words beyond the dates, labels and clock times make it prose, and it is not one.
package struct VisibleDateLine: Sendable, Equatable {
    package var published: CalendarDate?
    package var updated: CalendarDate?
    /// Whether the line is nothing but dates, labels and times (no byline or other word beside them), or opens a
    /// date with a label: then it is page furniture for certain, not a statement that names a day.
    package var isPureDateLine = false

    /// A date line has at most this many words.
    static let maxWords = 24
    /// Words that are neither date, label nor time, allowed on a date line (a byline, «بواسطة»).
    static let maxOtherWords = 4

    /// Reads `line`; nil unless it holds a dated day and little else.
    package init?(_ line: String, tables: ParserTables, dates: ArabicDateParser) {
        let tokens = Tokenizer.tokens(line)
        let words = tokens.filter(\.isWord)
        guard !words.isEmpty, words.count <= Self.maxWords else { return nil }
        let mentions = Self.datedDays(in: line, tokens: tokens, dates: dates)
        guard !mentions.isEmpty else { return nil }
        let labels = Self.labels(in: tokens, tables: tables)
        // Words outside dates and labels: weekday names, «الساعة» and zone words are part of the dates already;
        // the tables' date-line words («تم نشره», «بتاريخ», «GMT») are not counted either.
        var other = 0
        for token in words {
            let inDate = mentions.contains { token.start >= $0.start && token.end <= $0.end }
            let inLabel = labels.contains { token.start >= $0.start && token.end <= $0.end }
            if !inDate && !inLabel && !tables.dateLineWords.contains(token.key) { other += 1 }
        }
        guard other <= Self.maxOtherWords else { return nil }
        isPureDateLine = other == 0 || !labels.isEmpty
        (published, updated) = Self.dates(of: mentions, labels: labels)
        // «آخر تحديث 02:21 (GMT+0400)» after the date: the update is that day at that time.
        if updated == nil, let published, let label = labels.last(where: { $0.field == .updated }), label.start >= (mentions.last?.end ?? 0),
           let time = Self.clock(after: label.end, in: tokens, tables: tables) {
            var date = published
            date.time = time.time
            date.offsetMinutes = time.offset ?? Self.gmtOffset(in: line)
            updated = date
        }
        if let offset = Self.gmtOffset(in: line), published?.time != nil, published?.offsetMinutes == nil { self.published?.offsetMinutes = offset }
        guard published != nil || updated != nil else { return nil }
    }

    /// The absolute dates of a day in `line` (`tokens` its tokens), by scalar offsets.
    static func datedDays(in line: String, tokens: [Token], dates: ArabicDateParser) -> [(start: Int, end: Int, date: CalendarDate)] {
        dates.mentions(in: line, tokens: tokens).compactMap { mention in
            if case .absolute(let date) = mention.reference, date.day != nil, date.isValid { return (mention.start, mention.end, date) }
            return nil
        }
    }

    /// The metadata labels of `tokens` («آخر تحديث»), by scalar offsets, and the field each opens.
    static func labels(in tokens: [Token], tables: ParserTables) -> [(start: Int, end: Int, field: MetadataField)] {
        var labels: [(start: Int, end: Int, field: MetadataField)] = []
        var i = 0
        while i < tokens.count {
            if let (field, length) = tables.metadataLabels.match(tokens, at: i) {
                labels.append((tokens[i].start, tokens[i + length - 1].end, field))
                i += length
            } else {
                i += 1
            }
        }
        return labels
    }

    /// The first date after an update label («آخر تحديث») is the update, the first other one the publication.
    static func dates(of mentions: [(start: Int, end: Int, date: CalendarDate)], labels: [(start: Int, end: Int, field: MetadataField)])
        -> (published: CalendarDate?, updated: CalendarDate?) {
        var published: CalendarDate?, updated: CalendarDate?
        for mention in mentions {
            if labels.last(where: { $0.end <= mention.start })?.field == .updated {
                if updated == nil { updated = mention.date }
            } else if published == nil {
                published = mention.date
            }
        }
        return (published, updated)
    }

    /// The Hijri dates of `tokens`, by scalar offsets: a day and a Hijri month («12 رمضان»), or a Hijri month and a
    /// year («رمضان 1445»), with the year and its marker («1445 هـ») when written. A month name alone is no date
    /// («رمضان» is also a name).
    static func hijriDates(in tokens: [Token], tables: ParserTables) -> [(start: Int, end: Int)] {
        var found: [(start: Int, end: Int)] = []
        var i = 0
        while i < tokens.count {
            guard let (_, length) = tables.dates.hijriMonths.match(tokens, at: i) else { i += 1; continue }
            var first = i, end = i + length
            let day = i > 0 && (1...30).contains(tokens[i - 1].number ?? 0) && tokens[i - 1].digitCount <= 2
            if day { first = i - 1 }
            let year = end < tokens.count && (1300...1500).contains(tokens[end].number ?? 0)
            if year {
                end += 1
                if end < tokens.count, tables.dates.role(tokens[end]).contains(.hijri) { end += 1 }
            }
            if day || year { found.append((tokens[first].start, tokens[end - 1].end)) }
            i = end
        }
        return found
    }

    /// The first clock time after scalar offset `start` («02:21», «10:05 م», «14:30 بتوقيت مكة»), with its offset when a
    /// zone is named.
    static func clock(after start: Int, in tokens: [Token], tables: ParserTables)
        -> (time: (hour: Int, minute: Int, second: Int), offset: Int?)? {
        let scanner = DateScanner(tables: tables.dates, tokens: tokens, roles: tokens.map(tables.dates.role))
        for i in tokens.indices where tokens[i].start >= start && tokens[i].number != nil {
            if let (time, offset, _) = scanner.clockTime(at: i) { return (time, offset) }
        }
        return nil
    }

    /// The offset of «GMT+0400», «GMT+4», «GMT+03:00», «UTC-1» in minutes east of UTC.
    static func gmtOffset(in line: String) -> Int? {
        let bytes = Array(line.utf8)
        var i = 0
        while i + 3 < bytes.count {
            let isZone = (bytes[i] == 0x47 && bytes[i + 1] == 0x4D && bytes[i + 2] == 0x54) || (bytes[i] == 0x55 && bytes[i + 1] == 0x54 && bytes[i + 2] == 0x43)
            if isZone {
                var j = i + 3
                guard j < bytes.count, bytes[j] == 0x2B || bytes[j] == 0x2D else { return 0 }
                let sign = bytes[j] == 0x2D ? -1 : 1
                j += 1
                var digits: [Int] = []
                while j < bytes.count, digits.count < 4, (0x30...0x39).contains(bytes[j]) || bytes[j] == 0x3A {
                    if bytes[j] != 0x3A { digits.append(Int(bytes[j] - 0x30)) }
                    j += 1
                }
                switch digits.count {
                case 1: return sign * digits[0] * 60
                case 2: return sign * (digits[0] * 10 + digits[1]) * 60
                case 4: return sign * ((digits[0] * 10 + digits[1]) * 60 + digits[2] * 10 + digits[3])
                default: return nil
                }
            }
            i += 1
        }
        return nil
    }
}

/// A line of dates and nothing else, in either calendar (see ``init(_:tables:dates:)``).
package struct DateOnlyLine: Sendable {
    /// The line's Gregorian dates, by the label before each («آخر تحديث» opens `updated`); nil when it gives only a
    /// Hijri one (which is not converted).
    package var published: CalendarDate?
    package var updated: CalendarDate?

    /// A line of dates and nothing else, in either calendar, as a site shows it above a headline: «الثلاثاء 12 رمضان
    /// 1445 هـ», «الجمعة 12 رمضان 1445هـ الموافق 22 مارس 2024م», «1445/9/12 هـ - 10:30 ص», «الجمعة 22 مارس 2024 م».
    /// Every word is part of a date, a date word of the tables (a weekday, a Hijri marker, «ص»/«م», a zone…), a
    /// metadata label, a date-line word or a calendar joiner («الموافق»). Nil for any other line.
    ///
    /// Only for the lines above a plain-text title: under a headline or inside a body, ``VisibleDateLine`` decides,
    /// and a Hijri date there counts as other words, as it always did.
    package init?(_ line: String, tables: ParserTables, dates: ArabicDateParser) {
        // Every date it reads has a number (a day, a year, «1445/9/12»): most titles have none, and are not tokenised.
        guard Self.hasDigit(line) else { return nil }
        let tokens = Tokenizer.tokens(line)
        let words = tokens.filter(\.isWord)
        guard !words.isEmpty, words.count <= VisibleDateLine.maxWords else { return nil }
        let gregorian = VisibleDateLine.datedDays(in: line, tokens: tokens, dates: dates)
        let hijri = VisibleDateLine.hijriDates(in: tokens, tables: tables)
        // «1445/9/12 هـ»: a Hijri marker right after a number.
        let numericHijri = tokens.indices.contains { i in
            i > 0 && tokens[i - 1].number != nil && tables.dates.role(tokens[i]).contains(.hijri)
        }
        guard !gregorian.isEmpty || !hijri.isEmpty || numericHijri else { return nil }
        let labels = VisibleDateLine.labels(in: tokens, tables: tables)
        // Zone phrases («بتوقيت مكة»), by token.
        var zoned = Set<Int>()
        var i = 0
        while i < tokens.count {
            if let (_, length) = tables.dates.zones.match(tokens, at: i) {
                zoned.formUnion(i..<(i + length))
                i += length
            } else {
                i += 1
            }
        }
        // Beside the dates, only the words a date line shows around them: weekdays, Hijri markers, «ص» and «م»
        // (one letter: «صباح 7 أكتوبر» is a phrase), «الساعة». A preposition or a month alone («منذ 7 أكتوبر 2023»)
        // makes it a sentence, a headline.
        let furniture: DateWordRole = [.weekday, .hijri, .timeWord]
        for (index, token) in tokens.enumerated() where token.isWord {
            let inDateOrLabel = gregorian.contains { token.start >= $0.start && token.end <= $0.end }
                || hijri.contains { token.start >= $0.start && token.end <= $0.end }
                || labels.contains { token.start >= $0.start && token.end <= $0.end }
            let role = tables.dates.role(token)
            let clockLetter = !role.isDisjoint(with: [.am, .pm]) && token.end - token.start <= 2
            guard inDateOrLabel || zoned.contains(index) || !role.isDisjoint(with: furniture) || clockLetter
                || tables.dateLineWords.contains(token.key) || tables.dates.calendarJoiners.contains(token.key) else { return nil }
        }
        (published, updated) = VisibleDateLine.dates(of: gregorian, labels: labels)
    }

    /// Whether `line` holds a digit of any of the three digit sets (ASCII, Arabic-Indic U+0660…, Eastern U+06F0…).
    static func hasDigit(_ line: String) -> Bool {
        var previous: UInt8 = 0
        for byte in line.utf8 {
            if byte >= 0x30 && byte <= 0x39 { return true }
            if previous == 0xD9 && byte >= 0xA0 && byte <= 0xA9 { return true }
            if previous == 0xDB && byte >= 0xB0 && byte <= 0xB9 { return true }
            previous = byte
        }
        return false
    }
}
