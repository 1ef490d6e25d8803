import CLibXML2

/// Parses HTML with libxml2's error-tolerant HTML parser and copies the result into ``HTMLNode``s.
/// The only file that touches libxml2's pointers.
package enum HTMLDocument {
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// The document's root element, or nil when libxml2 finds no element at all.
    package static func parse(_ text: String) -> HTMLNode? {
        _ = initialised
        var utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count < Int(Int32.max) else { return nil }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let document = utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return nil }
        return copy(root)
    }

    /// Copies an element and its subtree; comments, processing instructions and the like are left out.
    private static func copy(_ node: xmlNodePtr) -> HTMLNode? {
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            let name = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            var attributes: [String: String] = [:]
            var attribute = node.pointee.properties
            while let current = attribute {
                if let attributeName = current.pointee.name {
                    var value = ""
                    var child = current.pointee.children
                    while let part = child {
                        if let content = part.pointee.content { value += String(cString: content) }
                        child = part.pointee.next
                    }
                    attributes[String(cString: attributeName).lowercased()] = value
                }
                attribute = current.pointee.next
            }
            var children: [HTMLNode] = []
            var child = node.pointee.children
            while let current = child {
                if let copied = copy(current) { children.append(copied) }
                child = current.pointee.next
            }
            return HTMLNode(kind: .element(name: name, attributes: attributes), children: children)
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            guard let content = node.pointee.content else { return nil }
            return HTMLNode(kind: .text(String(cString: content)))
        default:
            return nil
        }
    }
}
