/// Roles written next to a person: the role phrase before the name («رئيس الوزراء العراقي مصطفى الكاظمي») or the
/// apposition after it («علي الأسدي، رئيس المجلس السياسي لحركة النجباء»).
extension RecognitionState {
    static let maximumAppositionLength = 8

    mutating func collectRoles() {
        for span in spans where span.active && isPerson(span) && span.kind != .nationality {
            var found: [String] = []
            if let head = roleHead(before: span.firstToken) {
                found.append(surface(head, span.firstToken, dropClitics: true))
            }
            let after = span.endToken
            // «NAME، رئيس …» is an apposition; «NAME، والقيادي …» starts the next item of a list.
            if after < tokens.count, tokens[after].gapBefore == .clause, commaBefore(after),
               classes[after].contains(.roleHead) || classes[after].contains(.title), !startsWithConjunction(after) {
                var end = after + 1
                while end < tokens.count, end - after < Self.maximumAppositionLength, tokens[end].gapBefore == .space {
                    let c = classes[end]
                    if let other = self.span(at: end) {
                        if isPerson(other) { break }
                    } else if !(c.contains(.roleWord) || c.contains(.roleHead) || (hasArticle(end) && !c.contains(.stop))) {
                        break
                    }
                    end += 1
                }
                found.append(surface(after, end, dropClitics: true))
            }
            for role in found where !builders[span.entity].roles.contains(role) {
                builders[span.entity].roles.append(role)
            }
        }
    }
}
