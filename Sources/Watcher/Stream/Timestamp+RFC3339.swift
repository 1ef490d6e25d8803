#if canImport(Glibc)
import Glibc
#endif

extension Timestamp {
    /// Reads `2024-07-24T10:15:02.123Z`, the form ``description`` writes (a record's `ingested_at`, an alert's `at`).
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var millis = 0
        if bytes.count >= 24, bytes[19] == UInt8(ascii: "."), let fraction = number(20..<23) { millis = fraction }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        self.init(milliseconds: Int64(timegm(&parts)) * 1000 + Int64(millis))
    }
}
