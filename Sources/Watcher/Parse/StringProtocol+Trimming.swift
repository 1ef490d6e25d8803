extension StringProtocol {
    /// The text without leading and trailing whitespace (Unicode scalars, no Foundation).
    var trimmingSpaces: String {
        let scalars = Array(unicodeScalars)
        var start = 0, end = scalars.count
        while start < end, MatchKey.isSpace(scalars[start]) || MatchKey.isInvisible(scalars[start]) { start += 1 }
        while end > start, MatchKey.isSpace(scalars[end - 1]) || MatchKey.isInvisible(scalars[end - 1]) { end -= 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }
}
