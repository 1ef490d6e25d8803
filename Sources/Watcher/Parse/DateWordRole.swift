/// What a word can be in a date phrase, as bits, so the date parser looks each token up once instead of once per
/// word list.
package struct DateWordRole: OptionSet, Sendable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    package static let weekday = DateWordRole(rawValue: 1 << 0)
    package static let past = DateWordRole(rawValue: 1 << 1)
    package static let next = DateWordRole(rawValue: 1 << 2)
    package static let current = DateWordRole(rawValue: 1 << 3)
    package static let this = DateWordRole(rawValue: 1 << 4)
    package static let monthNoun = DateWordRole(rawValue: 1 << 5)
    package static let yearNoun = DateWordRole(rawValue: 1 << 6)
    package static let yearWord = DateWordRole(rawValue: 1 << 7)
    package static let preposition = DateWordRole(rawValue: 1 << 8)
    package static let timeWord = DateWordRole(rawValue: 1 << 9)
    /// The first word of a month name, ordinal or zone phrase: only then is the phrase table consulted.
    package static let monthStart = DateWordRole(rawValue: 1 << 10)
    package static let ordinalStart = DateWordRole(rawValue: 1 << 11)
    package static let zoneStart = DateWordRole(rawValue: 1 << 12)
    /// «يوم» before a weekday, «من» between a day and its month.
    package static let dayNoun = DateWordRole(rawValue: 1 << 13)
    package static let of = DateWordRole(rawValue: 1 << 14)
    /// Words after a clock time that say morning or evening («ص», «مساءً», «PM»).
    package static let am = DateWordRole(rawValue: 1 << 15)
    package static let pm = DateWordRole(rawValue: 1 << 16)
    /// A word after a year that says it is of the Hijri calendar («هـ», «هجري»).
    package static let hijri = DateWordRole(rawValue: 1 << 17)

    /// -1 past, 0 current, +1 next; nil for a word that is none of these.
    package var direction: Int? {
        if contains(.past) { return -1 }
        if contains(.next) { return 1 }
        if contains(.current) { return 0 }
        return nil
    }
}
