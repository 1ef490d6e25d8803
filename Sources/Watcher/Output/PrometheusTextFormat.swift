/// Renders metrics in the Prometheus text exposition format (version 0.0.4), the format node_exporter's textfile
/// collector reads.
public struct PrometheusTextFormat: Sendable {
    private var text = ""

    public init() {}

    public var rendered: String { text }

    /// Adds one metric family with its samples; label values are escaped as the format requires.
    public mutating func family(_ name: String, type: String, help: String, samples: [(labels: [(String, String)], value: Double)]) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        for sample in samples {
            text += name + Self.labels(sample.labels) + " " + Self.number(sample.value) + "\n"
        }
    }

    public mutating func single(_ name: String, type: String, help: String, _ value: Double) {
        family(name, type: type, help: help, samples: [([], value)])
    }

    /// A cumulative histogram: `_bucket{le=…}`, `_sum`, `_count`.
    public mutating func histogram(_ name: String, help: String, bounds: [Double], cumulativeCounts: [Int], sum: Double, count: Int) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for (bound, bucketCount) in zip(bounds, cumulativeCounts) {
            text += "\(name)_bucket{le=\"\(Self.number(bound))\"} \(bucketCount)\n"
        }
        text += "\(name)_bucket{le=\"+Inf\"} \(count)\n\(name)_sum \(Self.number(sum))\n\(name)_count \(count)\n"
    }

    static func labels(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
