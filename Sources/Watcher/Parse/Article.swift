/// What a news analyst would recognise in a dropped file: headline, outlet, dates and the cleaned body.
public struct Article: Sendable, Equatable {
    public var title: String?
    /// The standfirst printed under the headline.
    public var subtitle: String?
    /// The outlet as written («العربية»).
    public var source: String?
    /// The outlet's English name when it is in the outlet table («Al Arabiya»).
    public var sourceEnglish: String?
    public var url: String?
    public var author: String?
    public var published: CalendarDate?
    public var updated: CalendarDate?
    /// The place the story was filed from («واشنطن»).
    public var dateline: String?
    /// ISO 639-1 code of the body's language, nil when it cannot be told.
    public var language: String?
    public var subheadings: [String] = []
    public var captions: [String] = []
    public var paragraphs: [String] = []
    /// How many lines or blocks of site chrome (menus, share buttons, comment forms, teasers, repeated pull
    /// quotes) were dropped.
    public var boilerplateRemoved = 0
    /// Fields of a JSON article that watcherd does not interpret, re-serialised as JSON, kept for the analyst.
    public var extraJSON: String?

    public init() {}

    /// The clean article text later stages' offsets refer to: the title and the paragraphs, separated by blank lines.
    public var text: String {
        // Sized once and appended to: joining grew the string several times over for a long article.
        let title = self.title ?? ""
        var length = title.utf8.count
        for paragraph in paragraphs { length += paragraph.utf8.count + 2 }
        var text = String()
        text.reserveCapacity(length)
        text += title
        var first = title.isEmpty
        for paragraph in paragraphs {
            if !first { text += "\n\n" }
            text += paragraph
            first = false
        }
        return text
    }
}
