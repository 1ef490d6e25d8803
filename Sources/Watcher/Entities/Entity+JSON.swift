extension Entity {
    /// Writes the entity as a JSON object in the record's field order.
    package func write(into w: inout JSONWriter) {
        w.field("id", id)
        w.field("type", type.rawValue)
        w.field("subtype", subtype)
        w.field("name", name)
        w.field("name_en", nameEn)
        w.field("known", known)
        w.field("source", source.rawValue)
        if let trigger { w.field("trigger", trigger) }
        w.field("count", count)
        w.field("roles", strings: roles)
        w.field("mentions", array: { w in
            for mention in mentions {
                w.object { w in
                    w.field("text", mention.text)
                    w.field("start", mention.start)
                    w.field("end", mention.end)
                    w.field("sentence", mention.sentence)
                    w.field("kind", mention.kind.rawValue)
                }
            }
        })
    }
}
