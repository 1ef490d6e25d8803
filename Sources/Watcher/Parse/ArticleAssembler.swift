/// The last step shared by every format: classifies the body blocks, fills the article's body fields and the
/// fields derived from them (dateline, language, English outlet name).
package struct ArticleAssembler: Sendable {
    let tables: ParserTables

    package init(tables: ParserTables) { self.tables = tables }

    /// Adds `body` to `article`, which already carries what the head or markup gave. `chromeRemoved` says the
    /// caller already ran the ``BoilerplateFilter`` over these blocks.
    package func complete(_ article: inout Article, body: [TextBlock], chromeRemoved: Bool = false) {
        let filtered = chromeRemoved ? (kept: body, removed: 0, cutProse: 0) : BoilerplateFilter(tables: tables).filterCountingCut(body)
        article.boilerplateRemoved += filtered.removed
        article.extraction?.cutProse += filtered.cutProse
        let classifier = BodyClassifier(tables: tables)
        let kinds = classifier.classify(filtered.kept)
        // The scripts of the paragraphs added here, from the line scan; only usable when these are all of them.
        let paragraphsGiven = !article.paragraphs.isEmpty
        var scripts: [ScriptCounts] = []
        var seen = Set<TableKey>(minimumCapacity: article.paragraphs.count + filtered.kept.count + 1)
        for paragraph in article.paragraphs { seen.insert(TableKey(paragraph)) }
        if let title = article.title { seen.insert(TableKey(title)) }
        for (block, kind) in zip(filtered.kept, kinds) {
            switch kind {
            case .paragraph:
                // The same paragraph twice (a lead repeated by the page template) is kept once.
                if seen.insert(block.tableKey).inserted {
                    article.body.append(Article.Block(block.hint == .quote ? .quote : block.hint == .lead ? .lead : .paragraph, block.text))
                    scripts.append(block.script)
                } else {
                    article.boilerplateRemoved += 1
                }
            case .subheading: article.body.append(Article.Block(.subheading, block.text))
            case .caption: article.body.append(Article.Block(.caption, block.text))
            case .repeated: article.boilerplateRemoved += 1
            }
        }
        if article.dateline == nil {
            article.dateline = dateline(of: article.body, classifier: classifier)
        }
        // The text's own language; a declared one stands unless it is written in another script than the body
        // (a site template's `<html lang="en">` over an Arabic story). Kurdish is written in both scripts.
        let declared = article.language
        if declared == nil || !article.paragraphs.isEmpty || !(article.title ?? "").isEmpty {
            let guessed: String?
            if article.paragraphs.isEmpty {
                guessed = LanguageGuess.of([article.title ?? ""])
            } else if paragraphsGiven {
                guessed = LanguageGuess.of(article.paragraphs)
            } else {
                guessed = LanguageGuess.of(article.paragraphs, counts: scripts)
            }
            // A title alone is short and often mixes scripts («آبل تكشف عن iPhone 16»): it overrules a declaration
            // only when it holds no letter of the declared language's script.
            let titleOnly = article.paragraphs.isEmpty ? ScriptCounts(article.title ?? "") : nil
            let titleAgrees = titleOnly.map { counts in
                LanguageGuess.usesArabicScript(declared ?? "") ? counts.arabic > 0 : counts.latin > 0
            } ?? false
            if let declared, let guessed, declared == "ku" || titleAgrees
                || LanguageGuess.usesArabicScript(declared) == LanguageGuess.usesArabicScript(guessed) {
                article.language = declared
            } else {
                article.language = guessed ?? declared
            }
        }
        if let source = article.source, article.sourceEnglish == nil {
            article.sourceEnglish = tables.englishName(ofOutlet: source)
        }
    }

    /// The dateline opens the story's first paragraph. A line made only of dates above it («الثلاثاء 12 رمضان 1445
    /// هـ», which stays in the body since a Hijri date is not converted) is passed over, up to two of them.
    private func dateline(of body: [Article.Block], classifier: BodyClassifier) -> String? {
        var dateLines = 0
        for block in body where block.kind == .paragraph || block.kind == .lead {
            if let place = classifier.dateline(of: block.text) { return place }
            guard dateLines < 2, block.text.utf8.count <= 400,
                  DateOnlyLine(block.text, tables: tables, dates: ArabicDateParser(tables: tables)) != nil else { return nil }
            dateLines += 1
        }
        return nil
    }
}
