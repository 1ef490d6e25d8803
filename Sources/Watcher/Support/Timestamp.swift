#if canImport(Glibc)
import Glibc
#endif

/// A wall-clock instant with millisecond precision, printed as RFC 3339 UTC (`2024-07-24T10:15:02.123Z`), the form
/// log shippers map to `@timestamp`.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch.
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public var description: String {
        var seconds = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        let millis = Int(milliseconds - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        if (0...9999).contains(year) {
            // The usual case, written digit by digit into the string's own storage: every record and alert has one.
            return String(unsafeUninitializedCapacity: 24) { buffer in
                var i = 0
                func put(_ value: Int, _ width: Int, then separator: UInt8) {
                    var divisor = 1
                    for _ in 1..<width { divisor *= 10 }
                    var rest = value
                    while divisor > 0 {
                        buffer[i] = UInt8(ascii: "0") + UInt8(rest / divisor)
                        rest %= divisor
                        divisor /= 10
                        i += 1
                    }
                    buffer[i] = separator
                    i += 1
                }
                put(year, 4, then: UInt8(ascii: "-"))
                put(Int(parts.tm_mon) + 1, 2, then: UInt8(ascii: "-"))
                put(Int(parts.tm_mday), 2, then: UInt8(ascii: "T"))
                put(Int(parts.tm_hour), 2, then: UInt8(ascii: ":"))
                put(Int(parts.tm_min), 2, then: UInt8(ascii: ":"))
                put(Int(parts.tm_sec), 2, then: UInt8(ascii: "."))
                put(millis, 3, then: UInt8(ascii: "Z"))
                return i
            }
        }
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
