/// The stretch of time a report covers: alerts raised and articles ingested in `[since, until)`.
public struct ReportPeriod: Sendable, Equatable {
    public let since: Timestamp
    public let until: Timestamp

    public init(since: Timestamp, until: Timestamp) {
        self.since = since
        self.until = until
    }

    public func contains(_ time: Timestamp) -> Bool { time >= since && time < until }

    /// The number of whole or partial hours the period spans (at least one).
    public var hours: Int {
        let first = since.milliseconds / 3_600_000
        let last = (until.milliseconds - 1) / 3_600_000
        return max(1, Int(last - first + 1))
    }

    /// The start of the hour that holds `since`: hour bins are aligned to UTC hours.
    public var firstHour: Int64 { since.milliseconds / 3_600_000 * 3_600_000 }

    /// Reads `--since`/`--until` values: an age before `now` (`30m`, `24h`, `7d`), a UTC date (`2024-07-24`), or an
    /// RFC 3339 time (`2024-07-24T10:00:00Z`, with or without milliseconds, any offset). Nil when it is none of these.
    public static func parseWhen(_ text: String, now: Timestamp) -> Timestamp? {
        if text == "now" { return now }
        // A count is decimal digits with at most one point: Double() would also take «0x10», «1e3» or «nan».
        if let last = text.last, let unit = ["s": 1_000.0, "m": 60_000.0, "h": 3_600_000.0, "d": 86_400_000.0][String(last)],
           text.dropLast().allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), text.dropLast().count(where: { $0 == "." }) <= 1,
           let count = Double(text.dropLast()), count >= 0, count.isFinite {
            // Further back than year 1 is no age a log can hold; converting it would overflow.
            let millis = count * unit
            guard millis <= Double(now.milliseconds) + 62_135_596_800_000 else { return nil }
            return Timestamp(milliseconds: now.milliseconds - Int64(millis))
        }
        return parseTime(text)
    }

    /// An RFC 3339 time or a date (taken as UTC midnight), as written in the logs; nil when it is neither.
    public static func parseTime(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        func number(_ at: Int, _ width: Int) -> Int? {
            guard at + width <= b.count else { return nil }
            var value = 0
            for i in at..<(at + width) {
                guard (0x30...0x39).contains(b[i]) else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), b.count >= 10, b[4] == 0x2D, let month = number(5, 2), b[7] == 0x2D,
              let day = number(8, 2), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        if b.count == 10 { return Timestamp(milliseconds: Int64(days) * 86_400_000) }
        guard b.count >= 19, b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20, let hour = number(11, 2), b[13] == 0x3A,
              let minute = number(14, 2), b[16] == 0x3A, let second = number(17, 2),
              hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19
        var millis = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var digits = 0
            while i < b.count, (0x30...0x39).contains(b[i]) {
                if digits < 3 { millis = millis * 10 + Int(b[i] - 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        var offsetMinutes = 0
        guard i < b.count else { return nil }
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D, let oh = number(i + 1, 2), i + 3 < b.count, b[i + 3] == 0x3A, let om = number(i + 4, 2) {
            offsetMinutes = (oh * 60 + om) * (b[i] == 0x2D ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let seconds = Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return Timestamp(milliseconds: seconds * 1_000 + Int64(millis))
    }

    /// The days of `month` in `year` (Gregorian): 2024-02-31 is no date.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
