/// Source lines («المصدر: العربية»): after the label an outlet is often named without its head noun, so
/// «العربية» there is قناة العربية, while elsewhere it is only the adjective «Arab».
extension RecognitionState {
    private static let sourceLabel = NormalizedText("المصدر").units

    mutating func linkSourceLines(outletTails: FoldedWordTable<Int32>, actors: [Actor]) {
        guard outletTails.count > 0, tokens.count > 1 else { return }
        for t in 0..<(tokens.count - 1) where owner[t + 1] < 0 && tokens[t].length == Self.sourceLabel.count {
            guard text.units[tokens[t].range].elementsEqual(Self.sourceLabel), clauseMarkBefore(t + 1) else { continue }
            let next = tokens[t + 1]
            let found = text.units.withUnsafeBufferPointer { outletTails.value($0, Int(next.start), Int(next.end)) }
            guard let actorIndex = found else { continue }
            let entity = entity(forActor: Int(actorIndex)) { Entity(actor: actors[Int(actorIndex)]) }
            add(Span(firstToken: t + 1, endToken: t + 2, unitStart: Int(next.start), unitEnd: Int(next.end),
                     entity: entity, kind: .short))
        }
    }
}
