import CUchardet

#if canImport(Glibc)
import Glibc
#endif

/// Thin wrappers over libuchardet and glibc's iconv: the only file in the module that holds their C pointers.
enum CharsetLibrary {
    /// uchardet's name for the bytes' charset (e.g. `WINDOWS-1256`), or nil when it has no answer.
    static func detect(_ bytes: [UInt8]) -> String? {
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { uchardet_handle_data(detector, $0.baseAddress, $0.count) }
        }
        guard status == 0 else { return nil }
        uchardet_data_end(detector)
        guard let name = uchardet_get_charset(detector) else { return nil }
        let charset = String(cString: name)
        return charset.isEmpty ? nil : charset
    }

    /// Why iconv stopped: at an invalid byte (with its offset) or because the conversion is not available.
    enum ConversionFailure: Error {
        case invalidByte(offset: Int)
        case unavailable(reason: String)
    }

    /// Converts `bytes` from `charset` to UTF-8 with iconv; never drops or replaces a byte silently.
    static func convertToUTF8(_ bytes: [UInt8], from charset: String) -> Result<[UInt8], ConversionFailure> {
        let descriptor = iconv_open("UTF-8", charset)
        guard descriptor != iconv_t(bitPattern: -1) else {
            return .failure(.unavailable(reason: "iconv cannot convert from \(charset): \(String(cString: strerror(errno)))"))
        }
        defer { iconv_close(descriptor) }
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var input = bytes
        return input.withUnsafeMutableBufferPointer { inBuffer -> Result<[UInt8], ConversionFailure> in
            output.withUnsafeMutableBufferPointer { outBuffer -> Result<[UInt8], ConversionFailure> in
                guard let inBase = inBuffer.baseAddress, let outBase = outBuffer.baseAddress else { return .success([]) }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                while inLeft > 0 {
                    if iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                        let code = errno
                        if code == EINTR { continue }
                        if code == EILSEQ || code == EINVAL { return .failure(.invalidByte(offset: inBuffer.count - inLeft)) }
                        return .failure(.unavailable(reason: String(cString: strerror(code))))
                    }
                }
                return .success(Array(outBuffer[0..<(outBuffer.count - outLeft)]))
            }
        }
    }
}
