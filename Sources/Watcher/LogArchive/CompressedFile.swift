import CZlib
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// A log file read through zlib's `inflate`, which inflates gzip (several members too, as `cat a.gz b.gz` gives) and
/// passes plain files through unchanged: the only file that holds a zlib pointer.
///
/// Everything inflated before damage (a bad block, a wrong checksum, a cut-off end) is handed out first and the error
/// comes at the next read, so the intact records before it are not lost with it (`gzread` dropped up to a whole read's
/// worth). As with `gzip -d`, bytes after a member that do not start another are ignored.
final class CompressedFile {
    let path: FilePath
    private let fd: FileDescriptor
    /// Raw bytes read from the file and not yet inflated: `input[inputStart...]`.
    private var input: [UInt8] = []
    private var inputStart = 0
    /// Where the next read of the file starts.
    private var fileOffset = 0
    private var atEndOfFile = false
    /// Nil until the first bytes say whether the file is gzip.
    private var isGzip: Bool?
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var streamReady = false
    /// Whether a gzip member has begun and not yet ended.
    private var inMember = false
    private var finished = false
    private var pending: LogReadError?

    static let chunk = 1 << 16

    init(path: FilePath) throws(LogReadError) {
        self.path = path
        do {
            fd = try Syscalls.open(path, O_RDONLY | O_NOCTTY)
        } catch {
            throw LogReadError.unopenable(path, reason: error.reason)
        }
        stream.initialize(to: z_stream())
    }

    deinit {
        if streamReady { inflateEnd(stream) }
        stream.deallocate()
        try? fd.close()
    }

    /// Up to `count` bytes appended to `buffer`; 0 at the end. Throws on a damaged or truncated compressed file, once
    /// the bytes inflated before the damage have been returned.
    func read(into buffer: inout [UInt8], count: Int) throws(LogReadError) -> Int {
        if let pending {
            self.pending = nil
            finished = true
            throw pending
        }
        guard !finished else { return 0 }
        if isGzip == nil {
            try fill(atLeast: 2)
            isGzip = input.count - inputStart >= 2 && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B
        }
        if isGzip == false {
            // Plain: what is buffered, then straight from the file.
            if inputStart < input.count {
                let n = min(count, input.count - inputStart)
                buffer.append(contentsOf: input[inputStart..<(inputStart + n)])
                inputStart += n
                return n
            }
            if atEndOfFile { finished = true; return 0 }
            let bytes = try readChunk(count)
            if bytes.isEmpty { finished = true }
            buffer.append(contentsOf: bytes)
            return bytes.count
        }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        let produced = inflate(into: &buffer, at: start, count: count)
        buffer.removeLast(count - produced)
        if produced == 0, let pending {
            self.pending = nil
            finished = true
            throw pending
        }
        return produced
    }

    /// Inflates into `buffer[start..<start + count]` until some output is made, the file ends, or it is damaged
    /// (then `pending` holds why). Returns how many bytes were made.
    private func inflate(into buffer: inout [UInt8], at start: Int, count: Int) -> Int {
        var produced = 0
        while produced == 0 && !finished && pending == nil {
            do {
                try fill(atLeast: 1)
            } catch {
                pending = error
                break
            }
            if inputStart == input.count {
                // The file ended: inside a member, it was cut off.
                if inMember { pending = .unreadable(path, reason: "the compressed data ends before its last member does") }
                finished = true
                break
            }
            if !inMember {
                // A member starts here, or the rest is not gzip and is ignored, as gzip does.
                do { try fill(atLeast: 2) } catch { pending = error; break }
                guard input.count - inputStart >= 2, input[inputStart] == 0x1F, input[inputStart + 1] == 0x8B else {
                    finished = true
                    break
                }
                let status = streamReady ? inflateReset(stream) : watcherd_inflate_init_auto(stream)
                guard status == Z_OK else {
                    pending = .unreadable(path, reason: "zlib cannot start inflating (code \(status))")
                    break
                }
                streamReady = true
                inMember = true
            }
            let available = input.count - inputStart
            let status: Int32 = input.withUnsafeMutableBufferPointer { inBytes in
                buffer.withUnsafeMutableBufferPointer { outBytes in
                    stream.pointee.next_in = inBytes.baseAddress! + inputStart
                    stream.pointee.avail_in = UInt32(available)
                    stream.pointee.next_out = outBytes.baseAddress! + start + produced
                    stream.pointee.avail_out = UInt32(count - produced)
                    return CZlib.inflate(stream, Z_NO_FLUSH)
                }
            }
            inputStart += available - Int(stream.pointee.avail_in)
            produced = count - Int(stream.pointee.avail_out)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                inMember = false
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                pending = .unreadable(path, reason: message)
            }
        }
        return produced
    }

    /// Reads from the file until `atLeast` unread bytes are buffered or it ends.
    private func fill(atLeast: Int) throws(LogReadError) {
        while input.count - inputStart < atLeast && !atEndOfFile {
            if inputStart > 0 {
                input.removeFirst(inputStart)
                inputStart = 0
            }
            let bytes = try readChunk(Self.chunk)
            if bytes.isEmpty { atEndOfFile = true }
            input += bytes
        }
    }

    private func readChunk(_ count: Int) throws(LogReadError) -> [UInt8] {
        do {
            let bytes = try Syscalls.pread(fd, count: count, offset: fileOffset, path: path)
            fileOffset += bytes.count
            return bytes
        } catch {
            throw LogReadError.unreadable(path, reason: error.reason)
        }
    }
}
