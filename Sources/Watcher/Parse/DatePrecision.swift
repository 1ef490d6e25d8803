/// How much of a date a text gives: «2021» is a year, «مارس 2021» a month, «23 مارس 2021» a day.
public enum DatePrecision: String, Sendable, Equatable {
    case year, month, day
}
