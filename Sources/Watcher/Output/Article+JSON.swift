extension Article {
    /// Writes the `article` object of a record, every key present (null or empty when unknown).
    func write(into w: inout JSONWriter) {
        w.field("title", title)
        w.field("subtitle", subtitle)
        w.field("source", source)
        w.field("source_en", sourceEnglish)
        w.field("url", url)
        w.field("author", author)
        w.field("published", published?.isoTimestamp)
        w.field("updated", updated?.isoTimestamp)
        w.field("dateline", dateline)
        w.field("language", language)
        w.field("subheadings", strings: subheadings)
        w.field("captions", strings: captions)
        w.field("paragraphs", strings: paragraphs)
        w.field("blocks", array: { w in
            for span in blockSpans {
                w.object { w in
                    w.field("kind", span.kind.rawValue)
                    w.field("start", span.start)
                    w.field("end", span.end)
                }
            }
        })
        w.field("boilerplate_removed", boilerplateRemoved)
        if let extraction {
            w.field("extraction", object: { w in
                w.field("method", extraction.method.rawValue)
                w.field("chars_in", extraction.charsIn)
                w.field("chars_kept", extraction.charsKept)
                w.field("warnings", strings: extraction.warnings.map(\.rawValue))
            })
        }
        if let extraJSON {
            w.key("extra")
            w.raw(Array(extraJSON.utf8))
        }
    }
}

extension DateEntry {
    /// Writes one element of a record's `dates`.
    func write(into w: inout JSONWriter) {
        w.object { w in
            w.field("text", text)
            w.field("start", start)
            w.field("end", end)
            w.field("value", value)
            w.field("precision", precision.rawValue)
        }
    }
}
