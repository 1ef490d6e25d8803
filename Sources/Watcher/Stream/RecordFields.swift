/// The top-level string fields of one JSON line that publishing needs (id, time, rule, severity), read by a small
/// scanner that skips every other value without building it: an article record may carry megabytes of text.
public struct RecordFields: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]

    /// Reads `line` until every name in `wanted` is found or the object ends; nil when the line is not a JSON object.
    public init?(_ line: [UInt8], wanted: Set<String>) {
        self.init(line[...], wanted: wanted)
    }

    /// Reads a slice of a larger buffer (a line of a log read in one piece) without copying it.
    public init?(_ line: ArraySlice<UInt8>, wanted: Set<String>) {
        var values: [String: String] = [:]
        let read = line.withUnsafeBufferPointer { buffer -> Bool in
            var scanner = JSONFieldScanner(buffer)
            scanner.skipSpace()
            do {
                try scanner.members { (s, name) throws(JSONFieldScanner.Malformed) -> Bool in
                    let key = String(decoding: name, as: UTF8.self)
                    if wanted.contains(key), s.atString, let value = try s.string() {
                        values[key] = value
                    } else {
                        try s.skipValue()
                    }
                    return values.count < wanted.count
                }
                return true
            } catch {
                return false
            }
        }
        guard read else { return nil }
        self.values = values
    }

    public subscript(_ name: String) -> String? { values[name] }
}
