/// A date found in text: where it is, what it says, and — once resolved — its ISO value.
public struct DateMention: Sendable, Equatable {
    /// What the words fix, before any publication date is known.
    public enum Reference: Sendable, Equatable {
        /// A date that needs nothing else («23 مارس 2021», «سبتمبر 2014», «عام 2011»).
        case absolute(CalendarDate)
        /// A month (and maybe day) whose year is implied: «يناير الماضي» (-1), «أبريل المقبل» (+1), «في مايو» (nil,
        /// taken in the publication year).
        case monthOnly(month: Int, day: Int?, direction: Int?)
        /// «الشهر الماضي» / «هذا الشهر» / «الشهر المقبل»: months from the publication month.
        case relativeMonth(Int)
        /// «العام الماضي» / «هذا العام» / «العام المقبل»: years from the publication year.
        case relativeYear(Int)
        /// «أكتوبر من العام الماضي», «مارس من هذا العام»: a month (and maybe day) of a year counted from the
        /// publication year.
        case monthOfRelativeYear(month: Int, day: Int?, years: Int)
    }

    /// The words as written.
    public var text: String
    /// Unicode-scalar offsets into the text searched, end exclusive.
    public var start: Int
    public var end: Int
    public var reference: Reference

    public var precision: DatePrecision {
        switch reference {
        case .absolute(let date): return date.precision
        case .monthOnly(_, let day, _), .monthOfRelativeYear(_, let day, _): return day == nil ? .month : .day
        case .relativeMonth: return .month
        case .relativeYear: return .year
        }
    }

    /// The date this mention stands for, given the article's publication date; nil when it depends on a
    /// publication date that is unknown.
    public func resolved(against published: CalendarDate?) -> CalendarDate? {
        switch reference {
        case .absolute(let date):
            return date
        case .monthOnly(let month, let day, let direction):
            guard let published, let publishedMonth = published.month else { return nil }
            var year = published.year
            if direction == -1 && month >= publishedMonth { year -= 1 }
            if direction == 1 && month <= publishedMonth { year += 1 }
            let date = CalendarDate(year: year, month: month, day: day)
            return date.isValid ? date : nil
        case .relativeMonth(let offset):
            guard let published, let month = published.month else { return nil }
            let index = published.year * 12 + (month - 1) + offset
            return CalendarDate(year: index / 12, month: index % 12 + 1)
        case .relativeYear(let offset):
            guard let published else { return nil }
            return CalendarDate(year: published.year + offset)
        case .monthOfRelativeYear(let month, let day, let years):
            guard let published else { return nil }
            let date = CalendarDate(year: published.year + years, month: month, day: day)
            return date.isValid ? date : nil
        }
    }
}
