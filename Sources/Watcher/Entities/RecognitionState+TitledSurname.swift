/// A surname that is also a nationality adjective, read as the person when a title naming the person's country comes
/// right before it: «رئيس الوزراء العراقي السوداني» is Mohammed Shia al-Sudani, «وزير الخارجية السوداني» is Sudanese.
///
/// (When the person's full name is elsewhere in the article, ``linkSurnames()`` already reads it as the person.)
extension RecognitionState {
    mutating func resolveTitledSurnames(_ surnames: FoldedWordTable<Int32>, people: [[Int]], actors: [Actor]) {
        guard surnames.count > 0 else { return }
        for index in spans.indices where spans[index].active && spans[index].kind == .nationality {
            let span = spans[index]
            guard span.endToken - span.firstToken == 1, let head = roleHead(before: span.firstToken) else { continue }
            let end = Int(tokens[span.firstToken].end)
            let found = text.units.withUnsafeBufferPointer { units -> Int32? in
                let (stem, _) = Proclitics.stripArticle(units, span.unitStart, end)
                return surnames.value(units, stem, end)
            }
            guard let found else { continue }
            // Countries named inside the title: «العراقي» in «رئيس الوزراء العراقي».
            var countries: Set<String> = []
            for t in head..<span.firstToken {
                if let other = self.span(at: t), builders[other.entity].type == .location {
                    countries.insert(builders[other.entity].id)
                }
            }
            guard let person = people[Int(found)].first(where: { actors[$0].country.map(countries.contains) ?? false })
            else { continue }
            let entity = entity(forActor: person) { Entity(actor: actors[person]) }
            spans[index].entity = entity
            spans[index].kind = .short
        }
    }
}
