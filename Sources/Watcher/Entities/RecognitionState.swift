/// The working state of recognising one article: its tokens, which span owns each token, and the entities so far.
///
/// The single owner of per-article mutable state; the stages (matching, discovery, coreference, roles) each add to it
/// in turn and ``entities()`` reads the result out.
struct RecognitionState {
    /// A run of tokens attributed to an entity.
    struct Span {
        var firstToken: Int
        var endToken: Int
        /// Folded-unit range of the mention's surface.
        var unitStart: Int
        var unitEnd: Int
        /// Index into `builders`.
        var entity: Int
        var kind: MentionKind
        /// False once a later stage has taken the tokens over.
        var active = true
    }

    let text: NormalizedText
    let tokens: [ArabicToken]
    let lexicon: DiscoveryLexicon
    /// Lexicon classes of each token.
    let classes: [DiscoveryLexicon.WordClass]
    /// Each token's suffix hashes (``TokenHash/stride`` per token), for looking stems up without hashing them again.
    let suffixHashes: [UInt64]
    /// Index into `spans` of the span covering each token, or -1.
    var owner: [Int32]
    var spans: [Span] = []
    var builders: [Entity] = []
    private var entityByActor: [Int: Int] = [:]
    private var entityByKey: [String: Int] = [:]

    /// `suffixHashes` are the matcher's per-token hashes (``TokenHash/stride`` per token), reused for the lexicon.
    init(text: NormalizedText, tokens: [ArabicToken], lexicon: DiscoveryLexicon, suffixHashes: [UInt64]) {
        self.text = text
        self.tokens = tokens
        self.lexicon = lexicon
        self.owner = [Int32](repeating: -1, count: tokens.count)
        self.suffixHashes = suffixHashes
        self.classes = text.units.withUnsafeBufferPointer { units in
            suffixHashes.withUnsafeBufferPointer { hashes in
                tokens.enumerated().map { t, token in
                    lexicon.classes(units, Int(token.start), Int(token.end),
                                    suffixHashes: hashes.baseAddress! + t * TokenHash.stride)
                }
            }
        }
    }

    /// The builder index for a gazetteer actor, created on first use.
    mutating func entity(forActor actor: Int, make: () -> Entity) -> Int {
        if let index = entityByActor[actor] { return index }
        builders.append(make())
        entityByActor[actor] = builders.count - 1
        return builders.count - 1
    }

    /// The builder index for a discovered actor, keyed by its folded name so repeated mentions share one entity.
    mutating func entity(forKey key: String, make: () -> Entity) -> Int {
        if let index = entityByKey[key] { return index }
        builders.append(make())
        entityByKey[key] = builders.count - 1
        return builders.count - 1
    }

    mutating func add(_ span: Span) {
        spans.append(span)
        for t in span.firstToken..<span.endToken { owner[t] = Int32(spans.count - 1) }
    }

    /// Drops the span covering token `t` so a later stage can claim its tokens.
    mutating func remove(spanAt t: Int) {
        let s = Int(owner[t])
        guard s >= 0 else { return }
        spans[s].active = false
        for i in spans[s].firstToken..<spans[s].endToken { owner[i] = -1 }
    }

    /// The span covering token `t`, if any.
    func span(at t: Int) -> Span? {
        let s = owner[t]
        return s >= 0 ? spans[Int(s)] : nil
    }

    func isPerson(_ span: Span) -> Bool { builders[span.entity].type == .person }

    /// The folded units of token `t` as a string (for keys; not used in the per-token hot loop).
    func folded(_ range: Range<Int>) -> String {
        String(decoding: text.units[range], as: UTF16.self)
    }

    /// Whether token `t` is a word that is a stop word when written with ى: «على» (on), «وعلى», which fold like
    /// the name «علي».
    func isWrittenWithMaqsuraStop(_ t: Int) -> Bool {
        guard classes[t].contains(.stopWithMaqsura) else { return false }
        // The scalar of the last letter itself, not of a mark written after it («علىً»).
        let end = Int(tokens[t].end)
        return text.originalScalar(at: text.scalarRange(of: (end - 1)..<end).lowerBound) == "\u{0649}"
    }

    /// Whether token `t` carries the article, alone or after clitics: ال، وال، بال، لل، ولل…
    func hasArticle(_ t: Int) -> Bool {
        let start = Int(tokens[t].start)
        let end = Int(tokens[t].end)
        return text.units.withUnsafeBufferPointer { u in
            var i = start
            if end - i > 3, u[i] == Proclitics.waw || u[i] == Proclitics.fa { i += 1 }
            if end - i > 3, u[i] == Proclitics.ba || u[i] == Proclitics.kaf { i += 1 }
            if end - i > 3, u[i] == Proclitics.lam, u[i + 1] == Proclitics.lam { return true }
            return end - i >= 4 && u[i] == Proclitics.alef && u[i + 1] == Proclitics.lam
        }
    }

    /// Whether the punctuation between token `t - 1` and `t` includes a comma (، or ,).
    func commaBefore(_ t: Int) -> Bool {
        guard t > 0 else { return false }
        for i in Int(tokens[t - 1].end)..<Int(tokens[t].start) where text.units[i] == 0x060C || text.units[i] == 0x2C {
            return true
        }
        return false
    }

    /// The original text of tokens `[first, end)`, without the proclitics on the first word when the lexicon only
    /// knows it without them («ورئيس» → «رئيس», «بالرئيس» → «الرئيس»).
    func surface(_ first: Int, _ end: Int, dropClitics: Bool = false) -> String {
        var start = Int(tokens[first].start)
        if dropClitics { start += lexiconCliticLength(first) }
        return text.original(start..<Int(tokens[end - 1].end))
    }

    /// How many proclitic letters the lexicon stripped to classify token `t` (0 when it knows the word as written).
    func lexiconCliticLength(_ t: Int) -> Int {
        guard !classes[t].isEmpty else { return 0 }
        let start = Int(tokens[t].start)
        let end = Int(tokens[t].end)
        return text.units.withUnsafeBufferPointer { units in
            if !lexicon.wholeWordClasses(units, start, end).isEmpty { return 0 }
            return lexicon.wholeWordClasses(units, start + 1, end).isEmpty ? 2 : 1
        }
    }

    /// Whether token `t` is a lexicon word behind the conjunction و or ف («والقيادي»).
    func startsWithConjunction(_ t: Int) -> Bool {
        let u = text.units[Int(tokens[t].start)]
        return (u == Proclitics.waw || u == Proclitics.fa) && lexiconCliticLength(t) > 0
    }

    /// The entities with their mentions in text order, sorted by first mention; the state keeps none (the last step).
    /// Taking the array, not copying it: adding mentions to a shared copy duplicated it and retained every entity's
    /// strings and arrays, once per article.
    mutating func entities() -> [Entity] {
        var result: [Entity] = []
        swap(&result, &builders)
        for span in spans where span.active {
            let range = text.scalarRange(of: span.unitStart..<span.unitEnd)
            let mention = EntityMention(text: text.original(span.unitStart..<span.unitEnd), start: range.lowerBound,
                                        end: range.upperBound, sentence: Int(tokens[span.firstToken].sentence), kind: span.kind)
            result[span.entity].mentions.append(mention)
        }
        // Sorted and filtered in place: copying an entity out retains each of its strings and arrays.
        result.removeAll { $0.mentions.isEmpty }
        for index in result.indices { result[index].mentions.sort { $0.start < $1.start } }
        result.sort { $0.mentions[0].start < $1.mentions[0].start }
        return result
    }
}
