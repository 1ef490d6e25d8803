import Foundation

/// Evaluates rule conditions over one article. Leaves collect positioned hits; `all … near` keeps only hits that lie
/// together (same sentence, or within N tokens), and the hits left explain the alert and pick its snippet.
struct RuleEvaluator {
    /// A positioned piece of evidence.
    struct Hit: Equatable {
        enum Source: Equatable {
            case actor(entity: Int, mention: Int)
            /// A keyword, and which of the article's keyword hits this is.
            case keyword(Int, hit: Int)
        }
        let source: Source
        /// The first and last tokens the hit covers (a name or phrase spans several).
        let token: Int
        let lastToken: Int
        let sentence: Int
        let start: Int
        let end: Int

        /// Orders hits that cover the same text: actors before keywords, each by index.
        var tieRank: Int {
            switch source {
            case .actor(let entity, let mention): entity << 32 | mention
            case .keyword(let keyword, _): 1 << 62 | keyword
            }
        }

        /// How far apart the two hits' spans are, in tokens: 1 from one's last word to the very next word, 0 when
        /// they overlap. `near: N` holds up to N, however long the names or phrases, and in either order.
        func distance(to other: Hit) -> Int {
            max(0, max(token, other.token) - min(lastToken, other.lastToken))
        }

        /// Whether `self` comes before `other` in text order: by span, then ``tieRank``, then which keyword hit it is.
        /// Distinct hits never tie, so sorting with this is deterministic and puts equal hits side by side.
        func precedes(_ other: Hit) -> Bool {
            (start, end, tieRank, keywordHit) < (other.start, other.end, other.tieRank, other.keywordHit)
        }

        private var keywordHit: Int {
            if case .keyword(_, let hit) = source { hit } else { 0 }
        }
    }

    let analysis: ArticleAnalysis
    let keywordHits: [KeywordMatcher.Hit]
    let keywords: [Keyword]
    /// Every entity mention as a hit, built once, entity by entity: entity `e`'s are `mentionHits[mentionRanges[e]]`.
    private let mentionHits: [Hit]
    private let mentionRanges: [Range<Int>]
    /// Each entity's index by id, built once: an `actors` condition then hashes its own few ids, not every entity's.
    private let entityIndex: [String: Int]
    /// The keyword hits grouped by keyword, each group in text order: keyword `k`'s hits are
    /// `hitsByKeyword[keywordStart[k]..<keywordStart[k + 1]]`. A `keywords` leaf then reads its own keywords' hits
    /// instead of testing every hit against its list.
    private let keywordStart: [Int32]
    private let hitsByKeyword: [Int32]

    init(analysis: ArticleAnalysis, keywordHits: [KeywordMatcher.Hit], keywords: [Keyword]) {
        self.analysis = analysis
        self.keywordHits = keywordHits
        self.keywords = keywords
        var mentions: [Hit] = []
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(analysis.entities.count)
        var index: [String: Int] = [:]
        index.reserveCapacity(analysis.entities.count)
        // By index, not by value: an entity is a dozen strings and arrays, and copying one retains each of them.
        for e in analysis.entities.indices {
            index[analysis.entities[e].id] = e
            let first = mentions.count
            for m in analysis.entities[e].mentions.indices {
                let mention = analysis.entities[e].mentions[m]
                let token = analysis.tokenIndex(atScalar: mention.start)
                let lastToken = max(token, analysis.tokenIndex(atScalar: max(mention.start, mention.end - 1)))
                mentions.append(Hit(source: .actor(entity: e, mention: m), token: token, lastToken: lastToken, sentence: mention.sentence,
                                    start: mention.start, end: mention.end))
            }
            ranges.append(first..<mentions.count)
        }
        mentionHits = mentions
        mentionRanges = ranges
        entityIndex = index
        // A counting sort of the hits by keyword; within a keyword they keep their (text) order.
        let keywordCount = max(keywords.count, (keywordHits.map(\.keyword).max() ?? -1) + 1)
        var start = [Int32](repeating: 0, count: keywordCount + 1)
        for hit in keywordHits { start[hit.keyword + 1] += 1 }
        for k in 0..<keywordCount { start[k + 1] += start[k] }
        var next = start
        var order = [Int32](repeating: 0, count: keywordHits.count)
        for (h, hit) in keywordHits.enumerated() {
            order[Int(next[hit.keyword])] = Int32(h)
            next[hit.keyword] += 1
        }
        keywordStart = start
        hitsByKeyword = order
    }

    /// The evidence for a rule, or nil when its condition does not hold.
    func hits(for rule: AlertRule) -> [Hit]? {
        evaluate(rule.condition)
    }

    /// The article's scalars and sentence ranges, shared by every rule that held.
    struct SnippetContext {
        let scalars: ArticleScalars
        let sentences: [Range<Int>]
    }

    /// The hits supporting a condition, or nil when it does not hold.
    private func evaluate(_ condition: RuleCondition) -> [Hit]? {
        switch condition {
        case .actors(let ids, let leaf):
            // The wanted entities, in entity order; whichever side is smaller is hashed.
            var wanted: [Int] = []
            if ids.count < analysis.entities.count {
                for id in ids { if let e = entityIndex[id] { wanted.append(e) } }
                wanted.sort()
            } else {
                for e in analysis.entities.indices where ids.contains(analysis.entities[e].id) { wanted.append(e) }
            }
            return mentions(of: wanted, leaf)
        case .types(let types, let known, let leaf):
            // Entities share a handful of subtypes and four types: each distinct one is looked up in `types` (a set of
            // strings, hashed in full) once, not once per entity.
            var decided: [(subtype: String, wanted: Bool)] = []
            var typeDecided: (decided: UInt8, wanted: UInt8) = (0, 0)  // one bit per `EntityType` case
            var wanted: [Int] = []
            let entities = analysis.entities
            for e in entities.indices where known == nil || entities[e].known == known {
                let subtype = entities[e].subtype
                let subtypeWanted: Bool
                if let cached = decided.first(where: { $0.subtype == subtype }) {
                    subtypeWanted = cached.wanted
                } else {
                    subtypeWanted = types.contains(subtype)
                    decided.append((subtype, subtypeWanted))
                }
                if subtypeWanted { wanted.append(e); continue }
                let type = entities[e].type
                let bit = Self.typeBit(type)
                if typeDecided.decided & bit == 0 {
                    typeDecided.decided |= bit
                    if types.contains(type.rawValue) { typeDecided.wanted |= bit }
                }
                if typeDecided.wanted & bit != 0 { wanted.append(e) }
            }
            return mentions(of: wanted, leaf)
        case .keywords(let indices, let leaf):
            // The leaf's hits, in the order of `keywordHits` (text order), each once however often its keyword
            // is listed.
            var chosen: [Int32] = []
            for k in indices where k >= 0 && k + 1 < keywordStart.count {
                chosen += hitsByKeyword[Int(keywordStart[k])..<Int(keywordStart[k + 1])]
            }
            if indices.count > 1 { chosen.sort() }
            var hits: [Hit] = []
            hits.reserveCapacity(chosen.count)
            for (position, h) in chosen.enumerated() where position == 0 || chosen[position - 1] != h {
                let hit = keywordHits[Int(h)]
                hits.append(Hit(source: .keyword(hit.keyword, hit: Int(h)), token: hit.firstToken, lastToken: max(hit.firstToken, hit.endToken - 1),
                                sentence: analysis.tokens.isEmpty ? 0 : Int(analysis.tokens[min(hit.firstToken, analysis.tokens.count - 1)].sentence),
                                start: hit.start, end: hit.end))
            }
            return counted(hits, leaf)
        case .any(let children):
            var union: [Hit] = []
            var held = false
            for child in children {
                if let hits = evaluate(child) {
                    held = true
                    union += hits
                }
            }
            return held ? union : nil
        case .none(let children):
            for child in children where evaluate(child) != nil { return nil }
            return []
        case .all(let children, let near):
            var groups: [[Hit]] = []
            var excluded: [Hit] = []
            for child in children {
                if case .none(let forbidden) = child, near != nil {
                    // Under `near`, `none` forbids its conditions in the same place, not in the whole article.
                    for condition in forbidden { excluded += evaluate(condition) ?? [] }
                    continue
                }
                guard let hits = evaluate(child) else { return nil }
                if case .none = child { continue }  // a global `none` has no position
                groups.append(hits)
            }
            guard let near else { return groups.flatMap { $0 } }
            // Only `none` children: nothing to be near, so they forbid their conditions anywhere, as without `near`.
            guard !groups.isEmpty else { return excluded.isEmpty ? [] : nil }
            return together(groups, excluding: excluded, near)
        }
    }

    /// A bit of its own for each entity type, for the per-article cache of which types a `types` leaf wants.
    private static func typeBit(_ type: EntityType) -> UInt8 {
        switch type {
        case .person: 1
        case .organization: 2
        case .location: 4
        case .media: 8
        }
    }

    /// The mentions of entities `wanted` (ascending), in entity order, as a leaf's hits.
    private func mentions(of wanted: [Int], _ leaf: RuleCondition.Leaf) -> [Hit]? {
        var hits: [Hit] = []
        hits.reserveCapacity(wanted.reduce(0) { $0 + mentionRanges[$1].count })
        for e in wanted { hits += mentionHits[mentionRanges[e]] }
        return counted(hits, leaf)
    }

    /// Applies a leaf's scope and minimum count.
    private func counted(_ hits: [Hit], _ leaf: RuleCondition.Leaf) -> [Hit]? {
        var scoped = hits
        switch leaf.scope {
        case .any: break
        case .title: scoped.removeAll { $0.start >= analysis.titleEnd }
        case .body: scoped.removeAll { $0.start < analysis.titleEnd }
        case .lead: scoped.removeAll { !ArticleAnalysis.contains(analysis.leadRanges, $0.start) }
        case .caption: scoped.removeAll { !ArticleAnalysis.contains(analysis.captionRanges, $0.start) }
        }
        guard !scoped.isEmpty else { return nil }
        // `min_mentions` counts places: two of a leaf's keywords on one place (two spellings of a word, or a phrase
        // and a word of it) are one mention of it.
        guard leaf.minMentions > 1 else { return scoped }
        // Places are runs of overlapping hits: «استئناف الهجمات» and «الهجمات» inside it are one place.
        let spans = scoped.map { ($0.start, $0.end) }.sorted { $0 < $1 }
        var places = 0, reach = Int.min
        for (start, end) in spans {
            if start >= reach { places += 1 }
            reach = max(reach, end)
        }
        return places >= leaf.minMentions ? scoped : nil
    }

    /// The hits of every group that lie together with a hit of every other group, in a place free of `excluded`
    /// hits; nil when no place has them all.
    private func together(_ groups: [[Hit]], excluding excluded: [Hit], _ near: RuleCondition.Proximity) -> [Hit]? {
        switch near {
        case .sentence:
            // Sentences as bits: the ones every group has a hit in, less the ones with an excluded hit.
            let sentences = 1 + max(groups.lazy.flatMap { $0 }.map(\.sentence).max() ?? 0, excluded.lazy.map(\.sentence).max() ?? 0)
            var shared = SentenceSet(count: sentences)
            var group = SentenceSet(count: sentences)
            for hit in groups[0] { shared.insert(hit.sentence) }
            for other in groups.dropFirst() {
                group.removeAll()
                for hit in other { group.insert(hit.sentence) }
                shared.formIntersection(group)
            }
            for hit in excluded { shared.remove(hit.sentence) }
            guard !shared.isEmpty else { return nil }
            var kept: [Hit] = []
            for other in groups { for hit in other where shared.contains(hit.sentence) { kept.append(hit) } }
            return kept
        case .tokens(let window):
            // Flags over all groups' hits laid end to end; each anchor that has partners flags itself and them.
            var offsets: [Int] = []
            var total = 0
            for group in groups {
                offsets.append(total)
                total += group.count
            }
            var flagged = [Bool](repeating: false, count: total)
            // A forbidden hit rules out every hit within the window of it, whichever group it belongs to, so the
            // order of the children does not matter.
            func allowed(_ hit: Hit) -> Bool { !excluded.contains { $0.distance(to: hit) <= window } }
            for (a, anchor) in groups[0].enumerated() where allowed(anchor) {
                let hasPartners = groups.dropFirst().allSatisfy { group in group.contains { $0.distance(to: anchor) <= window && allowed($0) } }
                guard hasPartners else { continue }
                flagged[a] = true
                for g in groups.indices.dropFirst() {
                    for (k, hit) in groups[g].enumerated() where hit.distance(to: anchor) <= window && allowed(hit) { flagged[offsets[g] + k] = true }
                }
            }
            var kept: [Hit] = []
            for g in groups.indices {
                for (k, hit) in groups[g].enumerated() where flagged[offsets[g] + k] { kept.append(hit) }
            }
            guard !kept.isEmpty else { return nil }
            // In text order, each hit once (the same hit can come from two groups).
            kept.sort { $0.precedes($1) }
            return Self.unique(kept)
        }
    }

    /// `hits` with adjacent repeats removed; sorted by ``Hit/precedes(_:)``, equal hits are adjacent.
    private static func unique(_ hits: consuming [Hit]) -> [Hit] {
        var result = hits
        var count = 0
        for i in result.indices where count == 0 || result[count - 1] != result[i] {
            result[count] = result[i]
            count += 1
        }
        result.removeLast(result.count - count)
        return result
    }

    /// Turns hits into the alert's matched actors, keywords and snippet.
    func explain(_ rule: AlertRule, _ hits: [Hit], _ context: SnippetContext) -> RuleMatch {
        // In text order, each hit once; hits on the same span (two keywords matching one phrase) by actor, then
        // keyword, in rule-file order, so that one article always gives the same alert.
        let ordered = Self.unique(hits.sorted { $0.precedes($1) })
        var actors: [RuleMatch.ActorHit] = []
        var keywordMatches: [RuleMatch.KeywordHit] = []
        let scalars = context.scalars
        func surface(_ start: Int, _ end: Int) -> String { scalars.string(max(0, start)..<max(start, end)) }
        for hit in ordered {
            // A mention's text is its surface already, and a keyword hit knows its folded units: neither needs the
            // scalar offsets mapped to bytes.
            switch hit.source {
            case .actor(let e, let m):
                actors.append(.init(id: analysis.entities[e].id, name: analysis.entities[e].name, text: analysis.entities[e].mentions[m].text,
                                    start: hit.start, end: hit.end))
            case .keyword(let k, let h):
                let text = keywordHits[h].units.map { analysis.normalized.original($0) } ?? surface(hit.start, hit.end)
                keywordMatches.append(.init(keyword: keywords[k].text, text: text, start: hit.start, end: hit.end))
            }
        }
        return RuleMatch(rule: rule, actors: actors, keywords: keywordMatches, snippet: snippet(ordered, scalars, context.sentences))
    }

    static let snippetLimit = 300

    /// The sentences holding the evidence, in order, cut to 300 characters (at a word when it must be cut).
    private func snippet(_ hits: [Hit], _ scalars: ArticleScalars, _ ranges: [Range<Int>]) -> String {
        var chosen: [Int] = []
        for hit in hits where !chosen.contains(hit.sentence) && hit.sentence < ranges.count { chosen.append(hit.sentence) }
        chosen.sort()
        // The chosen sentences, trimmed, as they would be joined (one space between two), with where each starts in
        // the joined text.
        var pieces: [(range: Range<Int>, joined: Int)] = []
        var total = 0
        for index in chosen {
            var range = ranges[index].clamped(to: 0..<scalars.count)
            while let first = range.first, scalars.isSpace(first) { range = (first + 1)..<range.upperBound }
            while let last = range.last, scalars.isSpace(last) { range = range.lowerBound..<last }
            if range.isEmpty { continue }
            if !pieces.isEmpty { total += 1 }
            pieces.append((range, total))
            total += range.count
        }
        // Built from the text's own substrings, counted in scalars: the limit counts Unicode scalars (what offsets
        // and JSON Schema's maxLength count), not graphemes. Joined as strings, not as bytes: a string made from
        // bytes validates them again (0.5% of `watcherd process`, three or four alerts an article).
        func text(_ window: Range<Int>) -> String {
            var text = ""
            for (range, joined) in pieces {
                let lower = max(range.lowerBound, range.lowerBound + window.lowerBound - joined)
                let upper = min(range.upperBound, range.lowerBound + window.upperBound - joined)
                guard lower < upper else { continue }  // the piece lies outside the window
                let part = lower..<upper
                if !text.isEmpty { text.append(" ") }
                text.append(contentsOf: scalars.substring(part))
            }
            return text
        }
        guard total > Self.snippetLimit else { return text(0..<total) }
        // Too long: a window of the joined text around the evidence (the first hit's start to the last hit's end),
        // with «…» where it cuts, so that the snippet always shows what matched.
        func joined(_ offset: Int) -> Int? {
            for (range, start) in pieces where range.contains(offset) || range.upperBound == offset { return start + offset - range.lowerBound }
            return nil
        }
        let evidence = hits.compactMap { hit in joined(hit.start).map { ($0, joined(hit.end) ?? $0) } }
        let first = evidence.map(\.0).min() ?? 0, last = max(first, evidence.map(\.1).max() ?? 0)
        let room = Self.snippetLimit - 2
        var start = last - first >= room ? first : max(0, first - (room - (last - first)) / 2)
        let end = min(total, start + room)
        start = max(0, min(start, end - room))
        // Cut at a space near each end when there is one that keeps the evidence in.
        func isSpace(_ joinedOffset: Int) -> Bool {
            for (range, start) in pieces where joinedOffset >= start && joinedOffset < start + range.count {
                return scalars.isSpace(range.lowerBound + joinedOffset - start)
            }
            return true  // the space between two pieces
        }
        var from = start, to = end
        if from > 0, let space = (from..<min(from + 30, first)).first(where: isSpace) { from = space + 1 }
        if to < total, let space = stride(from: to - 1, to: max(to - 30, last), by: -1).first(where: isSpace) { to = space }
        return (from > 0 ? "…" : "") + text(from..<to) + (to < total ? "…" : "")
    }
}
