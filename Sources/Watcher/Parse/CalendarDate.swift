/// A date known to some precision, possibly with a clock time and a UTC offset, rendered as ISO 8601.
public struct CalendarDate: Sendable, Equatable {
    public var year: Int
    public var month: Int?
    public var day: Int?
    /// Hour, minute and second, when a clock time was given.
    public var time: (hour: Int, minute: Int, second: Int)?
    /// Minutes east of UTC, when the text names a zone («بتوقيت غرينتش» → 0).
    public var offsetMinutes: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil, time: (hour: Int, minute: Int, second: Int)? = nil,
                offsetMinutes: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    public static func == (a: CalendarDate, b: CalendarDate) -> Bool {
        a.year == b.year && a.month == b.month && a.day == b.day && a.offsetMinutes == b.offsetMinutes
            && a.time?.hour == b.time?.hour && a.time?.minute == b.time?.minute && a.time?.second == b.time?.second
    }

    public var precision: DatePrecision { day != nil ? .day : month != nil ? .month : .year }

    /// `2021`, `2021-03` or `2021-03-23`: the date alone, at its precision.
    public var isoDate: String {
        var text = pad(year, 4)
        if let month { text += "-" + pad(month, 2) }
        if let month, month > 0, let day { text += "-" + pad(day, 2) }
        return text
    }

    /// The form used for `published` and `updated`: with time and offset when a zone was given
    /// (`2021-03-23T22:59:00Z`), otherwise the date alone. A clock time without a zone is not a point in time,
    /// so it is not written: `2021-03-24 00:00:00` gives `2021-03-24`.
    public var isoTimestamp: String {
        guard day != nil, let time, let offsetMinutes else { return isoDate }
        var text = isoDate + "T" + pad(time.hour, 2) + ":" + pad(time.minute, 2) + ":" + pad(time.second, 2)
        if offsetMinutes == 0 {
            text += "Z"
        } else {
            let magnitude = abs(offsetMinutes)
            text += (offsetMinutes < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
        }
        return text
    }

    /// Whether the day exists in the month (29 February only in leap years).
    public var isValid: Bool {
        guard (1...9999).contains(year) else { return false }
        guard let month else { return day == nil }
        guard (1...12).contains(month) else { return false }
        guard let day else { return true }
        return day >= 1 && day <= Self.daysIn(month: month, year: year)
    }

    /// Days since 1970-01-01 of a date with a day (proleptic Gregorian), for comparing days; nil without one.
    package var dayNumber: Int? {
        guard let month, let day else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension CalendarDate {
    /// Reads ISO 8601 as found in HTML meta tags, JSON-LD and scraper JSON: `2024-07-24`, `2024-07-24T10:00:00Z`,
    /// `2024-07-24T10:00:00.000+03:00`, `2024-07-24 10:00`. Anything else gives nil.
    public init?(iso text: String) {
        let s = Array(text.trimmingSpaces.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= s.count else { return nil }
            var value = 0
            for byte in s[from..<(from + count)] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4) else { return nil }
        var date = CalendarDate(year: year)
        var i = 4
        if i < s.count {
            guard s[i] == UInt8(ascii: "-"), let month = number(5, 2) else { return nil }
            date.month = month
            i = 7
            if i < s.count {
                guard s[i] == UInt8(ascii: "-"), let day = number(8, 2) else { return nil }
                date.day = day
                i = 10
            }
        }
        if i < s.count {
            guard s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: " "), let hour = number(i + 1, 2),
                  i + 3 < s.count, s[i + 3] == UInt8(ascii: ":"), let minute = number(i + 4, 2) else { return nil }
            i += 6
            var second = 0
            if i < s.count, s[i] == UInt8(ascii: ":") {
                guard let value = number(i + 1, 2) else { return nil }
                second = value
                i += 3
            }
            if i < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ",") {
                i += 1
                while i < s.count, s[i] >= 0x30 && s[i] <= 0x39 { i += 1 }
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
            date.time = (hour, minute, second)
            if i < s.count {
                guard let offset = ParserTableSource.offsetMinutes(String(decoding: s[i...], as: UTF8.self)) else { return nil }
                date.offsetMinutes = offset
            }
        }
        guard date.isValid else { return nil }
        self = date
    }
}

extension CalendarDate {
    /// The month abbreviations of RFC 822 dates, in order.
    private static let englishMonths = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// The named zones RFC 822 allows, in minutes east of UTC.
    private static let namedZones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
        "mdt": -360, "pst": -480, "pdt": -420,
    ]

    /// Reads an RFC 822 / RFC 2822 date as RSS feeds and scrapers write it: `Wed, 06 Mar 2019 16:00:00 +0300`,
    /// `6 Mar 2019 16:00 GMT`, the weekday and the seconds optional, the month's English name or abbreviation.
    /// Anything else gives nil.
    public init?(internet text: String) {
        var parts = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = parts.first, first.hasSuffix(",") || first.count == 3 && Int(first) == nil && !Self.englishMonths.contains(first) {
            parts.removeFirst()
        }
        guard parts.count >= 3, let day = Int(parts[0]), parts[1].count >= 3,
              let month = Self.englishMonths.firstIndex(of: String(parts[1].prefix(3))), let year = Int(parts[2]),
              parts[2].count == 4 else { return nil }
        var date = CalendarDate(year: year, month: month + 1, day: day)
        if parts.count >= 4 {
            let clock = parts[3].split(separator: ":").map { Int($0) }
            guard clock.count == 2 || clock.count == 3, let hour = clock[0], let minute = clock[1], hour < 24, minute < 60 else { return nil }
            let second = clock.count == 3 ? clock[2] : 0
            guard let second, second < 61 else { return nil }
            date.time = (hour, minute, second)
            if parts.count >= 5 {
                let zone = parts[4]
                if let named = Self.namedZones[zone] {
                    date.offsetMinutes = named
                } else if zone.count == 5, let sign = zone.first, sign == "+" || sign == "-", let value = Int(zone.dropFirst()),
                          value / 100 <= 14, value % 100 < 60 {
                    date.offsetMinutes = (sign == "-" ? -1 : 1) * (value / 100 * 60 + value % 100)
                } else {
                    return nil
                }
            }
        }
        guard date.isValid else { return nil }
        self = date
    }

    /// A Unix time in seconds (10 digits) or milliseconds (13 digits), as a UTC date and time; nil outside the
    /// years 2000–2099, where a number in a date field is more likely something else.
    public init?(unixTime value: Int64) {
        let seconds = value >= 100_000_000_000 ? value / 1000 : value
        guard seconds >= 946_684_800, seconds < 4_102_444_800 else { return nil }
        let days = Int(seconds / 86_400)
        let rest = Int(seconds % 86_400)
        // The civil date of a day number (the inverse of `dayNumber`).
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: year, month: month, day: day, time: (rest / 3600, rest % 3600 / 60, rest % 60), offsetMinutes: 0)
    }
}
