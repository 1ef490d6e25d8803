/// Placeholder until the libxml2 reader lands.
package struct HTMLArticleParser: Sendable {
    let tables: ParserTables
    package init(tables: ParserTables) { self.tables = tables }
    package func parse(_ text: String) throws(IngestError) -> Article {
        throw IngestError(code: .unsupportedFormat, message: "HTML files are not read yet.")
    }
}
