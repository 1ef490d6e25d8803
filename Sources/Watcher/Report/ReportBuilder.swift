import Foundation

/// Builds a ``Report`` from alert and article records: figures, timeline, stories, actors, names and network.
public struct ReportBuilder: Sendable {
    public var period: ReportPeriod
    public var generatedAt: Timestamp
    /// Alerts shown with their snippet, most severe first; the others are listed with their record only.
    public var maxSnippets = 400
    public var topActors = 20
    public var maxNewNames = 40
    public var networkNodes = 30

    public init(period: ReportPeriod, generatedAt: Timestamp) {
        self.period = period
        self.generatedAt = generatedAt
    }

    /// Reads the article and alert logs (and their rotated copies) and builds the report.
    ///
    /// Every rotated article log is read: whether a story or a name is new is decided against all the history the
    /// logs still hold. Alert logs last written before the period are skipped.
    public func build(articlesLog: String, alertsLog: String) throws(ReportError) -> Report {
        var inputs: [String] = []
        // Article lines are decoded a batch at a time and let go: holding every line of every rotated log until the
        // end took 891 MB for 506 MB of logs. Only the decoded fields the report uses stay.
        var articleLines: [ArraySlice<UInt8>] = []
        var articles: [ReportArticle?] = []
        func decodeArticles() {
            articles += Self.decodeInParallel(articleLines) { line, decoder in try? decoder.decode(ReportArticle.self, from: Data(line)) }
            articleLines.removeAll(keepingCapacity: true)
        }
        let articleFiles = ReportLogFiles(path: articlesLog), alertFiles = ReportLogFiles(path: alertsLog)
        try articleFiles.requireSome(setting: "output.articles")
        try alertFiles.requireSome(setting: "output.alerts")
        var damagedHistory: [String] = []
        for member in articleFiles.members {
            inputs.append(member.path.string)
            do {
                try ReportLogFiles.forEachLine(of: member) { line in
                    articleLines.append(line)
                    if articleLines.count >= Self.decodeBatch { decodeArticles() }
                }
            } catch where !member.isLive && member.modified < period.since {
                // A copy last written before the period only tells what is new: one damaged old copy must not stop
                // every report until logrotate deletes it. Its lines before the damage are kept.
                damagedHistory.append(error.description)
            }
        }
        decodeArticles()
        var alertLines: [ArraySlice<UInt8>] = []
        for member in alertFiles.members(since: period.since) {
            inputs.append(member.path.string)
            try ReportLogFiles.forEachLine(of: member) { alertLines.append($0) }
        }
        // Decoding is most of the work: spread over the cores, each chunk with its own decoder.
        let alerts = Self.decodeInParallel(alertLines, userInfo: [ReportAlert.skipMatched: true]) { line, decoder in
            ReportAlert.decodeDeferringMatched(line, decoder)
        }
        var report = build(alerts: alerts.compactMap { $0 }, articles: articles.compactMap { $0 })
        report.inputs = inputs
        report.damagedHistory = damagedHistory
        report.unreadableLines += articles.count { $0 == nil } + alerts.count { $0 == nil }
        return report
    }

    /// Article lines decoded at a time (the lines of one batch are held, then let go).
    public static let decodeBatch = 16_384

    /// `decode` applied to every line, in order, on all cores; nil where a line is not a record.
    static func decodeInParallel<T: Sendable>(_ lines: [ArraySlice<UInt8>], userInfo: [CodingUserInfoKey: any Sendable] = [:],
                                              _ decode: @escaping @Sendable (ArraySlice<UInt8>, JSONDecoder) -> T?) -> [T?] {
        let chunks = min(lines.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        guard chunks > 1 else {
            let decoder = JSONDecoder()
            decoder.userInfo = userInfo
            return lines.map { decode($0, decoder) }
        }
        let results = ChunkResults<T>(count: chunks)
        let size = (lines.count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let decoder = JSONDecoder()
            decoder.userInfo = userInfo
            let range = min(lines.count, chunk * size)..<min(lines.count, (chunk + 1) * size)
            results.set(chunk, range.isEmpty ? [] : lines[range].map { decode($0, decoder) })
        }
        return results.joined()
    }

    /// Builds the report from records already read; records outside the period count only as history.
    public func build(alerts allAlerts: [ReportAlert], articles allArticles: [ReportArticle]) -> Report {
        var report = Report(period: period, generatedAt: generatedAt)

        // Articles: the period's figures, the history that decides what is new, and the alerted articles' actors.
        var storyFirstSeen: [String: Timestamp] = [:]
        var nameFirst: [String: (time: Timestamp, file: String)] = [:]
        var known: [String: Report.ActorCount] = [:]
        var unknown: [String: Report.ActorCount] = [:]
        var articleEntities: [String: [ReportArticle.EntityInfo]] = [:]
        for article in allArticles {
            guard let time = ReportPeriod.parseTime(article.ingestedAt) else { report.unreadableLines += 1; continue }
            guard time < period.until else { continue }
            if let story = article.story, storyFirstSeen[story].map({ time < $0 }) ?? true { storyFirstSeen[story] = time }
            for entity in article.entities ?? [] where !entity.known {
                if nameFirst[entity.id].map({ time < $0.time }) ?? true { nameFirst[entity.id] = (time, article.file.name) }
            }
            if let entities = article.entities { articleEntities[article.id] = entities }
            guard time >= period.since else { continue }
            report.figures.articles += 1
            if article.status == "error" { report.figures.errorRecords += 1 }
            if let entities = article.entities {
                for entity in entities {
                    let count = Report.ActorCount(id: entity.id, name: entity.name, type: entity.type, mentions: entity.count, articles: 1)
                    if entity.known {
                        known[entity.id, default: Report.ActorCount(id: entity.id, name: entity.name, type: entity.type, mentions: 0, articles: 0)]
                            .add(count)
                    } else {
                        unknown[entity.id, default: Report.ActorCount(id: entity.id, name: entity.name, type: entity.type, mentions: 0, articles: 0)]
                            .add(count)
                    }
                }
            }
        }
        report.figures.newStories = storyFirstSeen.values.filter { period.contains($0) }.count
        report.topActors = Array(known.values.sorted(by: Report.ActorCount.moreMentioned).prefix(topActors))
        let names = unknown.values.sorted(by: Report.ActorCount.moreMentioned)
        report.newNames = names.prefix(maxNewNames).map { count in
            let first = nameFirst[count.id]
            return Report.NewName(id: count.id, name: count.name, type: count.type, mentions: count.mentions, articles: count.articles,
                                  firstSeen: first?.time ?? period.since, firstFile: first?.file ?? "",
                                  isNew: first.map { $0.time >= period.since } ?? true)
        }
        report.moreNewNames = max(0, names.count - maxNewNames)

        // Alerts of the period, in time order.
        var entries: [(alert: ReportAlert, entry: Report.AlertEntry)] = []
        for alert in allAlerts {
            guard let time = ReportPeriod.parseTime(alert.at) else { report.unreadableLines += 1; continue }
            guard period.contains(time) else { continue }
            let severity = Severity(rawValue: alert.severity) ?? .info
            let entry = Report.AlertEntry(id: alert.id, at: alert.at, time: time, rule: alert.rule, severity: severity,
                                          description: alert.description, title: alert.title, source: alert.source,
                                          published: alert.published, file: alert.file, article: alert.article,
                                          repeatOf: alert.repeatOf, snippet: nil)
            entries.append((alert, entry))
        }
        entries.sort { ($0.entry.time, $0.entry.id) < ($1.entry.time, $1.entry.id) }

        // Figures and timeline.
        report.timeline = Array(repeating: [:], count: period.hours)
        for (_, entry) in entries {
            report.figures.alertsBySeverity[entry.severity, default: 0] += 1
            if entry.repeatOf != nil { report.figures.repeats += 1 }
            let hour = Int((entry.time.milliseconds - period.firstHour) / 3_600_000)
            if report.timeline.indices.contains(hour) { report.timeline[hour][entry.severity, default: 0] += 1 }
        }

        // Snippets for the most severe alerts, first alerts before repeats, earlier before later.
        let ranked = entries.indices.sorted { a, b in
            let x = entries[a].entry, y = entries[b].entry
            if x.severity != y.severity { return x.severity > y.severity }
            if (x.repeatOf == nil) != (y.repeatOf == nil) { return x.repeatOf == nil }
            return a < b
        }
        for index in ranked.prefix(maxSnippets) {
            entries[index].alert = entries[index].alert.resolved()
            entries[index].entry.snippet = SnippetHighlighter.segments(entries[index].alert.snippet,
                                                                      hits: SnippetHighlighter.hits(of: entries[index].alert))
        }
        report.snippetsOmitted = max(0, entries.count - maxSnippets)

        // Stories.
        var groups: [String: Report.StoryGroup] = [:]
        var order: [String] = []
        for (alert, entry) in entries {
            let key = alert.story ?? "article \(alert.article)"
            if groups[key] == nil {
                order.append(key)
                let isNew = alert.story.flatMap { storyFirstSeen[$0] }.map { period.contains($0) } ?? true
                groups[key] = Report.StoryGroup(story: key, title: "", sources: [], highest: entry.severity, first: entry.time,
                                                isNew: isNew, alerts: [])
            }
            groups[key]!.alerts.append(entry)
            groups[key]!.highest = max(groups[key]!.highest, entry.severity)
            let title = entry.title ?? entry.file
            if !title.isEmpty { groups[key]!.title = title }
            if let source = entry.source, !groups[key]!.sources.contains(source) { groups[key]!.sources.append(source) }
        }
        report.figures.alertedStories = order.count
        report.stories = order.map { groups[$0]! }.sorted { a, b in
            a.highest != b.highest ? a.highest > b.highest : (a.first, a.story) < (b.first, b.story)
        }

        // Co-mention network of the alerted articles.
        var alertedArticles: [String] = []
        var alertsOfArticle: [String: [Int]] = [:]
        for (index, (alert, _)) in entries.enumerated() {
            if alertsOfArticle[alert.article] == nil { alertedArticles.append(alert.article) }
            alertsOfArticle[alert.article, default: []].append(index)
        }
        var actorSets: [[ReportArticle.EntityInfo]] = []
        for article in alertedArticles {
            if let entities = articleEntities[article] {
                actorSets.append(entities)
                continue
            }
            // No record of the article in the logs read: its alerts' matched actors stand in for its entities.
            report.missingArticles += 1
            var list: [ReportArticle.EntityInfo] = []
            for index in alertsOfArticle[article] ?? [] {
                for actor in entries[index].alert.resolved().matched.actors where !list.contains(where: { $0.id == actor.id }) {
                    list.append(ReportArticle.EntityInfo(id: actor.id, name: actor.name, known: !actor.id.hasPrefix("new:"), count: actor.mentions.count))
                }
            }
            actorSets.append(list)
        }
        report.network = Self.network(actorSets, limit: networkNodes)
        return report
    }

    /// The most frequent actors of the sets (one set per article) and how often each pair shares an article, laid out
    /// on a circle by frequency, with the same result for the same input.
    static func network(_ sets: [[ReportArticle.EntityInfo]], limit: Int) -> Report.Network {
        var counts: [String: (name: String, known: Bool, articles: Int)] = [:]
        var uniqueSets: [[String]] = []
        for set in sets {
            var seen: [String] = []
            for entity in set where !seen.contains(entity.id) {
                seen.append(entity.id)
                counts[entity.id, default: (entity.name, entity.known, 0)].articles += 1
            }
            uniqueSets.append(seen)
        }
        let ranked = counts.sorted { a, b in a.value.articles != b.value.articles ? a.value.articles > b.value.articles : a.key < b.key }
        let kept = Array(ranked.prefix(limit))
        var index: [String: Int] = [:]
        var network = Report.Network()
        network.omitted = max(0, ranked.count - kept.count)
        for (i, item) in kept.enumerated() {
            index[item.key] = i
            let angle = 2 * Double.pi * Double(i) / Double(max(kept.count, 1)) - Double.pi / 2
            network.nodes.append(.init(id: item.key, name: item.value.name, known: item.value.known, articles: item.value.articles,
                                       x: kept.count == 1 ? 0 : cos(angle), y: kept.count == 1 ? 0 : sin(angle)))
        }
        var pairs: [Int: Int] = [:]
        for set in uniqueSets {
            let members = set.compactMap { index[$0] }.sorted()
            for a in members.indices {
                for b in members.indices where b > a { pairs[members[a] * 10_000 + members[b], default: 0] += 1 }
            }
        }
        network.edges = pairs.map { Report.Network.Edge(from: $0.key / 10_000, to: $0.key % 10_000, articles: $0.value) }
            .sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        return network
    }
}

extension Report.ActorCount {
    mutating func add(_ other: Report.ActorCount) {
        mentions += other.mentions
        articles += other.articles
    }

    static func moreMentioned(_ a: Report.ActorCount, _ b: Report.ActorCount) -> Bool {
        if a.mentions != b.mentions { return a.mentions > b.mentions }
        if a.articles != b.articles { return a.articles > b.articles }
        return a.id < b.id
    }
}

/// The per-chunk results of a parallel decode, each chunk written once by its own worker.
private final class ChunkResults<T: Sendable>: @unchecked Sendable {
    private var chunks: [[T?]]
    private let lock = NSLock()

    init(count: Int) { chunks = Array(repeating: [], count: count) }

    func set(_ chunk: Int, _ values: [T?]) {
        lock.lock()
        chunks[chunk] = values
        lock.unlock()
    }

    func joined() -> [T?] { chunks.flatMap { $0 } }
}
