/// One date of the article text as recorded in `dates`: the words, where they are, and their ISO value when it
/// can be known (relative phrases need the publication date).
public struct DateEntry: Sendable, Equatable {
    public var text: String
    /// Unicode-scalar offsets into the record's `text`, end exclusive.
    public var start: Int
    public var end: Int
    /// `2021-03-23`, `2021-03` or `2021`; nil when unresolved.
    public var value: String?
    public var precision: DatePrecision

    public init(_ mention: DateMention, published: CalendarDate?) {
        text = mention.text
        start = mention.start
        end = mention.end
        value = mention.resolved(against: published)?.isoDate
        precision = mention.precision
    }
}
