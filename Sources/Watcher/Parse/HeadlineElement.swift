/// The page's headline `<h1>`, chosen once per page (``HeadMetadata/headline(of:titles:)``) and marked in the tree
/// with an attribute, so that every later step (the date search, position in scoring) finds the same element with
/// one predicate, whatever the tree has lost on the way (a site override's removals, page furniture).
enum HeadlineElement {
    /// An attribute name no HTML can carry (it has a space), set on the headline `<h1>`.
    static let marker = " headline"

    /// Marks the element at `path` (child indices from `root`) as the headline.
    static func mark(_ root: inout HTMLNode, at path: [Int]) {
        func mark(_ node: inout HTMLNode, _ rest: ArraySlice<Int>) {
            guard let first = rest.first else {
                if case .element(let name, var attributes) = node.kind {
                    attributes[marker] = ""
                    node.kind = .element(name: name, attributes: attributes)
                }
                return
            }
            mark(&node.children[first], rest.dropFirst())
        }
        mark(&root, path[...])
    }

    /// Which element of `tree` is the headline: the marked `<h1>` when the tree still holds it, else its first
    /// `<h1>` (a page whose `<h1>`s hold no text, or whose headline was removed).
    static func predicate(in tree: HTMLNode) -> (HTMLNode) -> Bool {
        tree.contains { $0.attribute(marker) != nil } ? { $0.attribute(marker) != nil } : { $0.name == "h1" }
    }
}
