import Foundation

/// The report's two drawings, as inline SVG.
enum ReportSVG {
    static let colours: [Severity: String] = [
        .critical: "#7f1d1d", .high: "#dc2626", .medium: "#d97706", .low: "#0891b2", .info: "#9ca3af",
    ]

    /// Alerts per hour, one stacked bar per hour (info at the bottom, critical on top), with hour labels and a legend.
    static func timeline(_ report: Report) -> String {
        let width = 960.0, height = 220.0, left = 40.0, right = 10.0, top = 24.0, bottom = 36.0
        let hours = report.timeline.count
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let peak = max(1, report.timeline.map { $0.values.reduce(0, +) }.max() ?? 0)
        let slot = plotWidth / Double(max(hours, 1))
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Alerts per hour by severity\">\n"
        // Axes and the peak's gridline.
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotHeight))\" stroke=\"#999\"/>\n"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(width - right))\" y2=\"\(f(top))\" stroke=\"#eee\"/>\n"
        out += "<text x=\"\(f(left - 4))\" y=\"\(f(top + 4))\" font-size=\"11\" text-anchor=\"end\">\(peak)</text>\n"
        out += "<text x=\"\(f(left - 4))\" y=\"\(f(top + plotHeight))\" font-size=\"11\" text-anchor=\"end\">0</text>\n"
        for (hour, counts) in report.timeline.enumerated() {
            var y = top + plotHeight
            let x = left + Double(hour) * slot
            let total = counts.values.reduce(0, +)
            guard total > 0 else { continue }
            var tip = ReportFormat.minute(Timestamp(milliseconds: report.period.firstHour + Int64(hour) * 3_600_000)) + ": \(total) alerts"
            for severity in Severity.allCases {
                guard let count = counts[severity], count > 0 else { continue }
                tip += ", \(count) \(severity.rawValue)"
                let h = plotHeight * Double(count) / Double(peak)
                y -= h
                out += "<rect x=\"\(f(x + slot * 0.1))\" y=\"\(f(y))\" width=\"\(f(max(slot * 0.8, 0.5)))\" height=\"\(f(h))\" fill=\"\(colours[severity]!)\"/>"
            }
            out += "<title>\(HTMLText.escape(tip))</title>\n"
        }
        // Hour labels: at most about twelve, on whole multiples of a step.
        let steps = [1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720]
        let step = steps.first { hours / $0 <= 12 } ?? max(1, hours / 12)
        let multiDay = hours > 24
        for hour in 0..<hours {
            let time = report.period.firstHour + Int64(hour) * 3_600_000
            guard (time / 3_600_000) % Int64(step) == 0 else { continue }
            let text = ReportFormat.minute(Timestamp(milliseconds: time))
            let label = multiDay ? String(text.dropFirst(5).prefix(8)) + "h" : String(text.dropFirst(11))
            let x = left + (Double(hour) + 0.5) * slot
            out += "<text x=\"\(f(x))\" y=\"\(f(top + plotHeight + 14))\" font-size=\"11\" text-anchor=\"middle\">\(label)</text>\n"
        }
        // Legend.
        var lx = left
        for severity in Severity.allCases.reversed() {
            out += "<rect x=\"\(f(lx))\" y=\"\(f(height - 12))\" width=\"10\" height=\"10\" fill=\"\(colours[severity]!)\"/>"
            out += "<text x=\"\(f(lx + 14))\" y=\"\(f(height - 3))\" font-size=\"11\">\(severity.rawValue)</text>\n"
            lx += 80
        }
        out += "</svg>\n"
        return out
    }

    /// The co-mention network: actors on a circle by frequency, a line for each pair that shares an article.
    static func network(_ network: Report.Network) -> String {
        let size = 720.0, centre = size / 2, radius = 250.0
        let maxEdge = max(1, network.edges.map(\.articles).max() ?? 1)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(size)) \(Int(size))\" role=\"img\" aria-label=\"Actors mentioned together\">\n"
        for edge in network.edges {
            let a = network.nodes[edge.from], b = network.nodes[edge.to]
            let weight = Double(edge.articles) / Double(maxEdge)
            out += "<line x1=\"\(f(centre + a.x * radius))\" y1=\"\(f(centre + a.y * radius))\" x2=\"\(f(centre + b.x * radius))\" y2=\"\(f(centre + b.y * radius))\" stroke=\"#475569\" stroke-opacity=\"\(f(0.15 + 0.6 * weight))\" stroke-width=\"\(f(1 + 4 * weight))\"><title>\(HTMLText.escape("\(a.name) – \(b.name): \(edge.articles) articles"))</title></line>\n"
        }
        let maxNode = max(1, network.nodes.map(\.articles).max() ?? 1)
        for node in network.nodes {
            let x = centre + node.x * radius, y = centre + node.y * radius
            let r = 5 + 11 * (Double(node.articles) / Double(maxNode)).squareRoot()
            let fill = node.known ? "#2563eb" : "#ea580c"
            out += "<g><title>\(HTMLText.escape("\(node.name) (\(node.id)): \(node.articles) alerted articles"))</title>"
            out += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" fill=\"\(fill)\"/>"
            let lx = centre + node.x * (radius + r + 6), ly = centre + node.y * (radius + r + 6) + 4
            let anchor = abs(node.x) < 0.2 ? "middle" : (node.x > 0 ? "start" : "end")
            out += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" font-size=\"13\" text-anchor=\"\(anchor)\">\(HTMLText.escape(node.name))</text></g>\n"
        }
        out += "<text x=\"8\" y=\"\(f(size - 8))\" font-size=\"12\" fill=\"#2563eb\">● gazetteer actor</text><text x=\"150\" y=\"\(f(size - 8))\" font-size=\"12\" fill=\"#ea580c\">● unlisted name</text>\n"
        out += "</svg>\n"
        return out
    }

    /// A coordinate with at most one decimal.
    static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
