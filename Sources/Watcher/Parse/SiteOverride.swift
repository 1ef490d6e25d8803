/// A CSS selector of the kind site overrides need: compound selectors (`tag`, `#id`, `.class`, `[attr]`,
/// `[attr=value]`, combined as `div.story-body`) joined by descendant spaces or `>`.
package struct SimpleSelector: Sendable, Equatable, CustomStringConvertible {
    struct Compound: Sendable, Equatable {
        var tag: String?
        var id: String?
        var classes: [String] = []
        var attributes: [Attribute] = []

        struct Attribute: Sendable, Equatable {
            var name: String
            var value: String?
        }

        func matches(_ node: HTMLNode) -> Bool {
            guard case .element(let name, let attributes) = node.kind else { return false }
            if let tag, tag != "*", tag != name { return false }
            if let id, attributes["id"] != id { return false }
            if !classes.isEmpty {
                let own = (attributes["class"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                for wanted in classes where !own.contains(where: { $0 == wanted }) { return false }
            }
            for attribute in self.attributes {
                guard let value = attributes[attribute.name] else { return false }
                if let wanted = attribute.value, wanted != value { return false }
            }
            return true
        }
    }

    /// The compounds left to right; `childOnly[i]` says compound i must be the direct child of compound i-1.
    private(set) var compounds: [Compound] = []
    private(set) var childOnly: [Bool] = []
    package let description: String

    /// Parses `text`; nil when it is not a selector of this kind.
    package init?(_ text: String) {
        description = text
        var scalars = Array(text.unicodeScalars)[...]
        var pendingChild = false
        func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || s == "*"
        }
        func readName() -> String? {
            var name = String.UnicodeScalarView()
            while let s = scalars.first, isNameScalar(s) { name.append(s); scalars.removeFirst() }
            return name.isEmpty ? nil : String(name)
        }
        while !scalars.isEmpty {
            while scalars.first == " " { scalars.removeFirst() }
            if scalars.first == ">" {
                guard !compounds.isEmpty, !pendingChild else { return nil }
                pendingChild = true
                scalars.removeFirst()
                continue
            }
            guard !scalars.isEmpty else { break }
            var compound = Compound()
            if let first = scalars.first, isNameScalar(first) { compound.tag = readName()?.lowercased() }
            loop: while let s = scalars.first {
                switch s {
                case "#":
                    scalars.removeFirst()
                    guard let name = readName() else { return nil }
                    compound.id = name
                case ".":
                    scalars.removeFirst()
                    guard let name = readName() else { return nil }
                    compound.classes.append(name)
                case "[":
                    scalars.removeFirst()
                    guard let name = readName() else { return nil }
                    var value: String?
                    if scalars.first == "=" {
                        scalars.removeFirst()
                        let quote = scalars.first == "\"" || scalars.first == "'" ? scalars.removeFirst() : nil
                        var text = String.UnicodeScalarView()
                        while let c = scalars.first, c != "]", c != quote { text.append(c); scalars.removeFirst() }
                        if let quote {
                            guard scalars.first == quote else { return nil }
                            scalars.removeFirst()
                        }
                        value = String(text)
                    }
                    guard scalars.first == "]" else { return nil }
                    scalars.removeFirst()
                    compound.attributes.append(.init(name: name.lowercased(), value: value))
                case " ", ">": break loop
                default: return nil
                }
            }
            guard compound != Compound() else { return nil }
            compounds.append(compound)
            childOnly.append(pendingChild)
            pendingChild = false
        }
        guard !compounds.isEmpty, !pendingChild else { return nil }
    }

    /// Whether the last node of `path` (the nodes from the root down to it) matches.
    func matches(path: ArraySlice<HTMLNode>) -> Bool {
        matches(compound: compounds.count - 1, at: path.count - 1, in: Array(path))
    }

    private func matches(compound c: Int, at index: Int, in path: [HTMLNode]) -> Bool {
        guard index >= 0, compounds[c].matches(path[index]) else { return false }
        if c == 0 { return true }
        if childOnly[c] { return matches(compound: c - 1, at: index - 1, in: path) }
        var ancestor = index - 1
        while ancestor >= 0 {
            if matches(compound: c - 1, at: ancestor, in: path) { return true }
            ancestor -= 1
        }
        return false
    }

    /// The outermost nodes under `root` that match any of `selectors`, in document order.
    static func select(_ selectors: [SimpleSelector], in root: HTMLNode) -> [HTMLNode] {
        var found: [HTMLNode] = []
        var path: [HTMLNode] = []
        func visit(_ node: HTMLNode) {
            guard node.name != nil else { return }
            path.append(node)
            defer { path.removeLast() }
            if selectors.contains(where: { $0.matches(path: path[...]) }) {
                found.append(node)
                return
            }
            for child in node.children { visit(child) }
        }
        visit(root)
        return found
    }

    /// `root` without the nodes that match any of `selectors`; `removed` gets each dropped node.
    static func removing(_ selectors: [SimpleSelector], from root: HTMLNode, removed: (HTMLNode) -> Void) -> HTMLNode {
        var path: [HTMLNode] = []
        func visit(_ node: HTMLNode) -> HTMLNode? {
            guard node.name != nil else { return node }
            path.append(node)
            defer { path.removeLast() }
            if selectors.contains(where: { $0.matches(path: path[...]) }) {
                removed(node)
                return nil
            }
            var copy = node
            copy.children = node.children.compactMap(visit)
            return copy
        }
        return visit(root) ?? HTMLNode(kind: .element(name: "html", attributes: [:]))
    }
}

/// A user's fix for one site, from the parser tables' `sites:`: where its body and date are, and what to remove.
package struct SiteOverride: Sendable, Equatable {
    package var content: [SimpleSelector] = []
    package var date: [SimpleSelector] = []
    package var remove: [SimpleSelector] = []

    package init() {}

    /// The host of a URL, lowercased, without `www.`; nil when there is none.
    package static func host(ofURL url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == ":" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var host = rest[..<end].lowercased()
        if host.hasPrefix("www.") { host.removeFirst(4) }
        return host.isEmpty ? nil : host
    }
}
