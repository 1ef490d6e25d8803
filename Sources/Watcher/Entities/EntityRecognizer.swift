import Foundation

/// Finds the actors of one article: gazetteer names through the compiled matcher, unknown names through the
/// statistical tagger and trigger-based discovery, surnames through in-article coreference, and the roles written
/// next to people.
///
/// Immutable and `Sendable`: built once per configuration (start and reload) and shared by every worker.
public struct EntityRecognizer: Sendable {
    public let gazetteer: Gazetteer
    public let matcher: EntityMatcher
    let lexicon: DiscoveryLexicon
    /// Outlets by their name without the head noun (العربية for قناة العربية), read only after «المصدر:».
    let outletTails: FoldedWordTable<Int32>
    /// People by the last word of their name (without its article), for surnames written after a title.
    let surnames: FoldedWordTable<Int32>
    let peopleBySurname: [[Int]]
    /// The statistical name tagger; nil recognises with the gazetteer and triggers alone.
    public let tagger: NameTagger?
    /// Tagger names whose confidence (``NameTagger``'s average margin over O) is below this are not kept.
    public let taggerConfidence: Float
    /// The default ``taggerConfidence``: 0, where cross-validated F1 is highest (0.742 over four seeds, 0.7275 at 28).
    /// With the name lists' model the seeds keep their precision (0.956) and the news gold set 1.000 at 0; the model
    /// before it needed 28 («في التوفيق بين» gave a name below it). See docs/ner.md, «Default confidence back to 0».
    public static let defaultTaggerConfidence: Float = 0
    /// How long compiling the matcher took.
    public let buildDuration: Duration

    public init(gazetteer: Gazetteer, tagger: NameTagger? = nil, taggerConfidence: Float = defaultTaggerConfidence) {
        let clock = ContinuousClock()
        let start = clock.now
        self.gazetteer = gazetteer
        self.tagger = tagger
        self.taggerConfidence = taggerConfidence
        self.matcher = EntityMatcher(gazetteer: gazetteer)
        self.lexicon = DiscoveryLexicon()
        self.outletTails = Self.outletTails(gazetteer, lexicon: lexicon)
        (self.surnames, self.peopleBySurname) = Self.surnames(gazetteer)
        self.buildDuration = clock.now - start
    }

    /// The embedded gazetteer plus the user's files (config key `gazetteers`), compiled, with the embedded tagger
    /// unless `tagger` is false (config key `name_tagger`). A tagger asked for but unusable (a build that embedded a
    /// broken model) is an error, not a recogniser that quietly finds no new names.
    public static func load(extraFiles paths: [String], tagger: Bool = true) throws(ConfigError) -> EntityRecognizer {
        let gazetteer = try Gazetteer.load(extraFiles: paths)
        guard tagger else { return EntityRecognizer(gazetteer: gazetteer) }
        switch NameTagger.embeddedModel {
        case .success(let model):
            NameTagger.settleEmbedded()
            return EntityRecognizer(gazetteer: gazetteer, tagger: NameTagger(embedded: model))
        case .failure(let error):
            throw ConfigError(file: "<embedded>", key: "name_tagger",
                              reason: "the name tagger's built-in model cannot be used (\(error)); rebuild watcherd, or set name_tagger: false to run without it")
        }
    }

    /// The same recogniser with another tagger (or none).
    public func with(tagger: NameTagger?, confidence: Float = defaultTaggerConfidence) -> EntityRecognizer {
        EntityRecognizer(gazetteer: gazetteer, tagger: tagger, taggerConfidence: confidence)
    }

    /// The tagger's input for a text (gazetteer matches and lexicon classes as recognition computes them), for
    /// training and evaluating the tagger on the tokens the daemon sees.
    package func taggerInput(_ normalized: NormalizedText, tokens: [ArabicToken]) -> TaggerInput {
        let hashes = TokenHash.suffixHashes(of: tokens, in: normalized)
        let document = RecognitionState(text: normalized, tokens: tokens, lexicon: lexicon, suffixHashes: hashes)
        return document.taggerInput(matches: matcher.match(normalized, tokens, suffixHashes: hashes), actors: gazetteer.actors)
    }

    /// One-word tails of two-word outlet names whose first word is a media head (قناة، وكالة، صحيفة…).
    private static func outletTails(_ gazetteer: Gazetteer, lexicon: DiscoveryLexicon) -> FoldedWordTable<Int32> {
        var entries: [([UInt16], Int32)] = []
        for (index, actor) in gazetteer.actors.enumerated() where actor.type == .media {
            for name in [actor.name] + actor.variants {
                let text = NormalizedText(name)
                let tokens = ArabicTokenizer.tokenize(text)
                guard tokens.count == 2 else { continue }
                let head = text.units.withUnsafeBufferPointer {
                    lexicon.wholeWordClasses($0, Int(tokens[0].start), Int(tokens[0].end))
                }
                if head.contains(.mediaHead) { entries.append((Array(text.units[tokens[1].range]), Int32(index))) }
            }
        }
        return FoldedWordTable(entries)
    }

    /// The last word of every person's name and variants that has several words, without its article.
    private static func surnames(_ gazetteer: Gazetteer) -> (FoldedWordTable<Int32>, [[Int]]) {
        var indexByWord: [[UInt16]: Int] = [:]
        var people: [[Int]] = []
        for (index, actor) in gazetteer.actors.enumerated() where actor.type == .person {
            for name in [actor.name] + actor.variants {
                let text = NormalizedText(name)
                let tokens = ArabicTokenizer.tokenize(text)
                guard tokens.count >= 2, let last = tokens.last else { continue }
                let (stem, _) = text.units.withUnsafeBufferPointer {
                    Proclitics.stripArticle($0, Int(last.start), Int(last.end))
                }
                let word = Array(text.units[stem..<Int(last.end)])
                if let slot = indexByWord[word] {
                    if !people[slot].contains(index) { people[slot].append(index) }
                } else {
                    indexByWord[word] = people.count
                    people.append([index])
                }
            }
        }
        return (FoldedWordTable(indexByWord.map { ($0.key, Int32($0.value)) }), people)
    }

    /// The entities of `text`, sorted by first mention; offsets are Unicode-scalar offsets into `text`.
    public func recognize(_ text: String) -> [Entity] {
        let normalized = NormalizedText(text)
        return recognize(normalized, tokens: ArabicTokenizer.tokenize(normalized))
    }

    /// Recognises over text already folded and tokenised.
    public func recognize(_ normalized: NormalizedText, tokens: [ArabicToken]) -> [Entity] {
        recognize(normalized, tokens: tokens, suffixHashes: TokenHash.suffixHashes(of: tokens, in: normalized))
    }

    /// Recognises over an article's analysis, whose folding, tokens and hashes the rules stage shares.
    public func recognize(_ analysis: ArticleAnalysis) -> [Entity] {
        recognize(analysis.normalized, tokens: analysis.tokens, suffixHashes: analysis.suffixHashes)
    }

    private func recognize(_ normalized: NormalizedText, tokens: [ArabicToken], suffixHashes hashes: [UInt64]) -> [Entity] {
        guard !tokens.isEmpty else { return [] }
        let matches = matcher.match(normalized, tokens, suffixHashes: hashes)
        var document = RecognitionState(text: normalized, tokens: tokens, lexicon: lexicon, suffixHashes: hashes)
        for match in matches {
            let entity = document.entity(forActor: match.actor) { Entity(actor: gazetteer.actors[match.actor]) }
            document.add(RecognitionState.Span(firstToken: match.firstToken, endToken: match.endToken,
                                               unitStart: match.unitStart, unitEnd: match.unitEnd,
                                               entity: entity, kind: match.kind))
        }
        document.linkSourceLines(outletTails: outletTails, actors: gazetteer.actors)
        document.resolveTitledSurnames(surnames, people: peopleBySurname, actors: gazetteer.actors)
        // The tagger reads only the gazetteer's matches and the lexicon, so it runs before discovery, which it checks.
        var tagged: [NameSpan]? = nil
        if let tagger {
            let input = document.taggerInput(matches: matches, actors: gazetteer.actors)
            tagged = tagger.spans(input, minimumConfidence: taggerConfidence)
        }
        // Trigger discovery before the tagger's names: an organisation, outlet or facility found by its head keeps the
        // head («صحيفة الزمان», «حقل كورمور»), as the gold sets write it; the tagger names what neither found.
        document.discover(checkedBy: tagged)
        if let tagged { document.addTagged(tagged) }
        document.linkSurnames()
        document.mergeNameForms()
        document.collectRoles()
        return document.entities()
    }
}
