import CZlib
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// A log file read through zlib, which inflates gzip (several members too, as `cat a.gz b.gz` gives) and passes
/// plain files through unchanged: the only file that holds a zlib pointer.
final class CompressedFile {
    private let handle: gzFile
    let path: FilePath

    init(path: FilePath) throws(LogReadError) {
        self.path = path
        guard let handle = path.withPlatformString({ gzopen($0, "rb") }) else {
            throw LogReadError.unopenable(path, reason: String(cString: strerror(errno)))
        }
        self.handle = handle
        gzbuffer(handle, 1 << 17)
    }

    deinit { gzclose(handle) }

    /// Up to `count` bytes appended to `buffer`; 0 at the end. Throws on a damaged or truncated compressed file.
    func read(into buffer: inout [UInt8], count: Int) throws(LogReadError) -> Int {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        let got = buffer.withUnsafeMutableBufferPointer { gzread(handle, $0.baseAddress! + start, UInt32(count)) }
        if got < 0 {
            buffer.removeLast(count)
            var code: Int32 = 0
            let message = gzerror(handle, &code).map { String(cString: $0) } ?? "unknown zlib error"
            throw LogReadError.unreadable(path, reason: message)
        }
        buffer.removeLast(count - Int(got))
        if got == 0 {
            // zlib reports a truncated stream at the end as a short read; gzerror then names it.
            var code: Int32 = 0
            let message = gzerror(handle, &code).map { String(cString: $0) } ?? ""
            if code != Z_OK && code != Z_STREAM_END { throw LogReadError.unreadable(path, reason: message) }
        }
        return Int(got)
    }
}
