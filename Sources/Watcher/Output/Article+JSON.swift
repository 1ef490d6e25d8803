extension Article {
    /// Writes the `article` object of a record, every key present (null or empty when unknown). `spans` are the
    /// article's ``blockSpans`` when the caller has them (from ``layout()``); nil counts them here.
    func write(into w: inout JSONWriter, spans: [BlockSpan]? = nil) {
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
        // Straight from the body, as `subheadings`, `captions` and `paragraphs` select them, without their arrays.
        w.field("subheadings", array: { w in for block in body where block.kind == .subheading { w.string(block.text) } })
        w.field("captions", array: { w in for block in body where block.kind == .caption { w.string(block.text) } })
        w.field("paragraphs", array: { w in for block in body where block.kind.isProse { w.string(block.text) } })
        w.field("blocks", array: { w in
            for span in spans ?? blockSpans {
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
                if extraction.joinedLines > 0 { w.field("joined_lines", extraction.joinedLines) }
                if extraction.proseLeftOut > 0 { w.field("prose_left_out", extraction.proseLeftOut) }
                if extraction.cutProse > 0 { w.field("prose_cut", extraction.cutProse) }
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
