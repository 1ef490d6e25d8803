import Yams

extension YAMLValue {
    /// Every member of a mapping whose keys are data (outlet names, month numbers), in file order.
    package func entries() throws(ConfigError) -> [(key: String, keyLine: Int, value: YAMLValue)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of names to values") }
        return mapping.map { keyNode, valueNode in
            let name = keyNode.string ?? "?"
            return (name, keyNode.mark?.line ?? 0,
                    YAMLValue(node: valueNode, file: file, path: path.isEmpty ? name : "\(path).\(name)"))
        }
    }
}
