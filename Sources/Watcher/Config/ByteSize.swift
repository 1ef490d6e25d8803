/// Byte sizes as people write them in configuration: `10MiB`, `512 KiB`, `1 GB`, `2000`.
public enum ByteSize {
    private static let units: [(suffix: String, factor: Int)] = [
        ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000),
        ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("b", 1),
    ]

    public static func parse(_ text: String) -> Int? {
        let lowered = text.lowercased().filter { $0 != " " }
        for (suffix, factor) in units where lowered.hasSuffix(suffix) {
            guard let number = Int(lowered.dropLast(suffix.count)) else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return Int(lowered)
    }
}
