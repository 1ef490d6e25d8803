import Foundation
import SystemPackage

/// Reads back a metrics file written by ``MetricsService`` (for `watcherd status`): sample name with labels → value.
public struct MetricsFileReader: Sendable {
    public struct Sample: Sendable, Equatable {
        public let name: String
        public let labels: [String: String]
        public let value: Double
    }

    public let samples: [Sample]
    /// When the file was last written.
    public let modified: Date

    public init(path: FilePath) throws {
        let url = URL(fileURLWithPath: path.string)
        let text = try String(contentsOf: url, encoding: .utf8)
        modified = (try FileManager.default.attributesOfItem(atPath: path.string)[.modificationDate] as? Date) ?? Date()
        samples = text.split(separator: "\n").compactMap(Self.parse)
    }

    public func value(_ name: String) -> Double? {
        samples.first { $0.name == name && $0.labels.isEmpty }?.value
    }

    public func values(_ name: String) -> [Sample] {
        samples.filter { $0.name == name }
    }

    static func parse(_ line: Substring) -> Sample? {
        guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { return nil }
        let head = line[..<space]
        guard let brace = head.firstIndex(of: "{") else { return Sample(name: String(head), labels: [:], value: value) }
        var labels: [String: String] = [:]
        var rest = head[head.index(after: brace)...].dropLast()  // without { and }
        while let equals = rest.firstIndex(of: "=") {
            let key = String(rest[..<equals]).trimmingCharacters(in: CharacterSet(charactersIn: ","))
            var cursor = rest.index(equals, offsetBy: 2)  // skip ="
            var text = ""
            while cursor < rest.endIndex, rest[cursor] != "\"" {
                if rest[cursor] == "\\", rest.index(after: cursor) < rest.endIndex {
                    cursor = rest.index(after: cursor)
                    text.append(rest[cursor] == "n" ? "\n" : rest[cursor])
                } else {
                    text.append(rest[cursor])
                }
                cursor = rest.index(after: cursor)
            }
            labels[key] = text
            rest = cursor < rest.endIndex ? rest[rest.index(after: cursor)...] : rest[rest.endIndex...]
        }
        return Sample(name: String(head[..<brace]), labels: labels, value: value)
    }
}
