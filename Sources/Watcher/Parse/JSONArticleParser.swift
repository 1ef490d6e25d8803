/// Placeholder until the JSON reader lands.
package struct JSONArticleParser: Sendable {
    let tables: ParserTables
    package init(tables: ParserTables) { self.tables = tables }
    package func parse(_ text: String) throws(IngestError) -> Article {
        throw IngestError(code: .unsupportedFormat, message: "JSON files are not read yet.")
    }
}
