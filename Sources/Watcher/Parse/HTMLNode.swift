/// An HTML element or text run, copied out of libxml2's tree into plain Swift values so that extraction is pure
/// Swift and no C pointer outlives ``HTMLDocument``.
package struct HTMLNode: Sendable {
    package enum Kind: Sendable {
        case element(name: String, attributes: [String: String])
        case text(String)
    }

    package var kind: Kind
    package var children: [HTMLNode]

    package init(kind: Kind, children: [HTMLNode] = []) {
        self.kind = kind
        self.children = children
    }

    /// The lowercased tag name; nil for text.
    package var name: String? {
        if case .element(let name, _) = kind { return name }
        return nil
    }

    package func attribute(_ name: String) -> String? {
        if case .element(_, let attributes) = kind { return attributes[name] }
        return nil
    }

    /// All text below this node, in document order, whitespace collapsed.
    package var text: String { CleanText.line(rawText) }

    /// All text below this node with a newline for each `<br>`. A line break in the source is a space, as a
    /// browser shows it (a paragraph whose source is wrapped is one line), except inside `<pre>`.
    package var rawText: String {
        var out = ""
        appendText(to: &out, preformatted: false)
        return out
    }

    private func appendText(to out: inout String, preformatted: Bool) {
        switch kind {
        case .text(let text):
            if preformatted || !text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
                out += text
            } else {
                out += String(decoding: text.utf8.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self)
            }
        case .element(let name, _):
            if name == "br" { out += "\n" }
            for child in children { child.appendText(to: &out, preformatted: preformatted || name == "pre") }
            if HTMLNode.blockNames.contains(name) { out += " " }
        }
    }

    /// Visits every node depth-first; `body` returns false to skip a subtree.
    package func walk(_ body: (HTMLNode) -> Bool) {
        guard body(self) else { return }
        for child in children { child.walk(body) }
    }

    /// Whether this node or one below it satisfies `predicate`; the walk stops at the first that does.
    package func contains(where predicate: (HTMLNode) -> Bool) -> Bool {
        var found = false
        walk { node in
            if !found, predicate(node) { found = true }
            return !found
        }
        return found
    }

    /// Elements that break text into separate lines.
    static let blockNames: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "figcaption", "figure", "blockquote",
        "section", "article", "td", "tr", "table", "header", "footer", "br",
    ]
}
