#if canImport(Glibc)
import Glibc
#endif

/// A fixed-size, zero-filled table of `count` values in memory the kernel may back with 2 MB pages: for the tables
/// that are read at random on every token (the tagger's weights, its word cache, the word lists), whose 4 KB pages
/// each cost a TLB miss and, in a virtual machine, a two-level page walk.
///
/// The memory is aligned to 2 MB and marked `MADV_HUGEPAGE`, which matters where transparent huge pages are set to
/// `madvise` (Debian and Ubuntu's default); where they are `always` it changes nothing, and where they are `never`, or
/// the kernel has no 2 MB page free, the table simply stays on small pages. Immutable once its initialiser returns
/// (hence `@unchecked Sendable`), except through ``LargeTable/withUnsafeMutableBufferPointer(_:)`` by its owner.
package final class LargeTable<Element: BitwiseCopyable & Sendable>: @unchecked Sendable {
    package let count: Int
    private let base: UnsafeMutablePointer<Element>

    /// The huge page size on x86-64 and arm64 (4 KB base pages), the alignment asked for.
    static var hugePageBytes: Int { 2 << 20 }

    /// A table of `count` zeros.
    package init(count: Int) {
        precondition(count >= 0, "a table's size cannot be negative")
        self.count = count
        let bytes = max(count * MemoryLayout<Element>.stride, 1)
        let raw: UnsafeMutableRawPointer
        if bytes >= Self.hugePageBytes / 2 {
            // Rounded up to whole huge pages: a part page would be left on small pages.
            let rounded = (bytes + Self.hugePageBytes - 1) / Self.hugePageBytes * Self.hugePageBytes
            raw = .allocate(byteCount: rounded, alignment: Self.hugePageBytes)
            #if canImport(Glibc)
            _ = madvise(raw, rounded, MADV_HUGEPAGE)  // advice only: on failure the table stays on small pages
            #endif
        } else {
            raw = .allocate(byteCount: bytes, alignment: 64)
        }
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        base = raw.bindMemory(to: Element.self, capacity: count)
    }

    /// A table holding `values`.
    package convenience init(_ values: some Collection<Element>) {
        self.init(count: values.count)
        _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: values)
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }

    package func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Writes the table; only while its owner builds it, before it is shared.
    package func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// The values as an array (for writing the table out).
    package var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
