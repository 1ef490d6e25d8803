#if canImport(Glibc)
import Glibc
#endif

/// Data compiled into the binary that is read once into tables and not needed again (the name tagger's lists and
/// model): its pages can go back to the kernel, which reads them back from the binary if anything reads them later.
package enum ReadOnceData {
    /// Hands back the whole pages inside `bytes` and returns how many bytes that was (0 where the kernel refused).
    ///
    /// Only for constant data mapped from the binary file: the pages are dropped from this process, and a later read
    /// faults the same bytes back in from the file (from the page cache, usually). Never for memory that was written.
    @discardableResult
    package static func release(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return 0 }
        // Inward to whole pages: the partial pages at either end may hold other, written, data.
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + bytes.count) / page * page
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return 0 }
        #if canImport(Glibc)
        return madvise(pointer, end - start, MADV_DONTNEED) == 0 ? end - start : 0
        #else
        return 0
        #endif
    }
}
