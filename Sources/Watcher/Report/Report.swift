/// A morning brief: what the alert and article logs say about one period, ready to render as HTML or Markdown.
public struct Report: Sendable {
    /// Headline figures.
    public struct Figures: Sendable, Equatable {
        /// Article records ingested in the period (ok and error).
        public var articles = 0
        /// Of them, records with `status: error`.
        public var errorRecords = 0
        /// Alerts raised in the period by severity, repeats included.
        public var alertsBySeverity: [Severity: Int] = [:]
        /// Of the alerts, repeats of an earlier alert of the same story.
        public var repeats = 0
        /// Stories whose first article in the logs read was ingested in the period.
        public var newStories = 0
        /// Stories with at least one alert in the period.
        public var alertedStories = 0

        public var alerts: Int { alertsBySeverity.values.reduce(0, +) }
    }

    /// One alert as listed under its story.
    public struct AlertEntry: Sendable, Equatable {
        public var id: String
        public var at: String
        public var time: Timestamp
        public var rule: String
        public var severity: Severity
        public var description: String?
        public var title: String?
        public var source: String?
        public var published: String?
        /// The alert log's file and the article record's id and file: where the whole record is.
        public var file: String
        public var article: String
        public var repeatOf: String?
        /// The snippet with its matched words, or nil when the snippet was left out to keep the report small.
        public var snippet: [SnippetSegment]?
    }

    /// The alerts of one story, most recent story version's title first.
    public struct StoryGroup: Sendable, Equatable {
        public var story: String
        public var title: String
        public var sources: [String]
        public var highest: Severity
        public var first: Timestamp
        public var isNew: Bool
        public var alerts: [AlertEntry]
    }

    /// An actor and how often the period's articles mention it.
    public struct ActorCount: Sendable, Equatable {
        public var id: String
        public var name: String
        public var type: String?
        public var mentions: Int
        public var articles: Int
    }

    /// A name not in the gazetteer (`known: false`), with where it was first seen in the logs read.
    public struct NewName: Sendable, Equatable {
        public var id: String
        public var name: String
        public var type: String?
        public var mentions: Int
        public var articles: Int
        public var firstSeen: Timestamp
        public var firstFile: String
        /// First seen in this period, not before it.
        public var isNew: Bool
    }

    /// Actors mentioned together in the alerted articles.
    public struct Network: Sendable, Equatable {
        public struct Node: Sendable, Equatable {
            public var id: String
            public var name: String
            public var known: Bool
            /// Alerted articles that mention it.
            public var articles: Int
            public var x: Double
            public var y: Double
        }

        public struct Edge: Sendable, Equatable {
            public var from: Int
            public var to: Int
            /// Alerted articles that mention both.
            public var articles: Int
        }

        public var nodes: [Node] = []
        public var edges: [Edge] = []
        /// Actors of the alerted articles left out of the drawing (only the most frequent are drawn).
        public var omitted = 0
    }

    public var period: ReportPeriod
    public var generatedAt: Timestamp
    public var figures = Figures()
    /// Alerts per hour (aligned to UTC hours from the period's first), by severity.
    public var timeline: [[Severity: Int]] = []
    public var stories: [StoryGroup] = []
    public var topActors: [ActorCount] = []
    public var newNames: [NewName] = []
    /// Unlisted names of the period beyond those in `newNames`.
    public var moreNewNames = 0
    public var network = Network()
    /// Alerts whose snippet was left out (only the most severe are shown in full); their records are still listed.
    public var snippetsOmitted = 0
    /// The log files read, oldest first.
    public var inputs: [String] = []
    /// Lines of the logs that were not records the report understands (counted, never silently dropped).
    public var unreadableLines = 0
    /// Article records referenced by alerts that were not found in the article logs read.
    public var missingArticles = 0
    /// Older copies of the article log, read only as history, that could not be read to their end: the report went
    /// on without the rest of each (what is new may then be less new), and says so.
    public var damagedHistory: [String] = []
}
