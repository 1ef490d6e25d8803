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
