#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A fixed-size, zero-filled table of `count` values in memory the kernel may back with 2 MB pages: for the tables
/// that are read at random on every token (the tagger's weights, its word cache, the word lists), whose 4 KB pages
/// each cost a TLB miss and, in a virtual machine, a two-level page walk.
///
/// A table over 1 MB gets 2 MB-aligned pages of its own, one from 256 KB to 1 MB a piece of a 2 MB page shared with
/// others of that size (``HugePageSlabs``), a smaller one plain memory. The huge pages are marked `MADV_HUGEPAGE`,
/// which matters where transparent huge pages are set to `madvise` (Debian and Ubuntu's default); where they are
/// `always` it changes nothing, and where they are `never`, or the kernel has no 2 MB page free, the table simply
/// stays on small pages. Immutable once its initialiser returns
/// (hence `@unchecked Sendable`), except through ``LargeTable/withUnsafeMutableBufferPointer(_:)`` by its owner.
package final class LargeTable<Element: BitwiseCopyable & Sendable>: @unchecked Sendable {
    package let count: Int
    private let base: UnsafeMutablePointer<Element>
    /// Set when the table is a piece of a huge page shared with other tables (``HugePageSlabs``).
    private let shared: Bool

    /// The huge page size on x86-64 and arm64 (4 KB base pages), the alignment asked for.
    static var hugePageBytes: Int { 2 << 20 }

    /// A table of `count` zeros.
    package init(count: Int) {
        precondition(count >= 0, "a table's size cannot be negative")
        self.count = count
        let bytes = max(count * MemoryLayout<Element>.stride, 1)
        let raw: UnsafeMutableRawPointer
        if bytes > HugePageSlabs.largestPiece {
            // Rounded up to whole huge pages: a part page would be left on small pages.
            let rounded = (bytes + Self.hugePageBytes - 1) / Self.hugePageBytes * Self.hugePageBytes
            raw = .allocate(byteCount: rounded, alignment: Self.hugePageBytes)
            #if canImport(Glibc)
            _ = madvise(raw, rounded, MADV_HUGEPAGE)  // advice only: on failure the table stays on small pages
            #endif
            shared = false
        } else if bytes >= HugePageSlabs.smallestPiece {
            // Half a huge page or less: a piece of one shared with other such tables (the tagger's weights and its
            // word caches), where a page of its own would leave most of the page resident for nothing.
            raw = HugePageSlabs.shared.allocate(bytes)
            shared = true
        } else {
            raw = .allocate(byteCount: bytes, alignment: 64)
            shared = false
        }
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        base = raw.bindMemory(to: Element.self, capacity: count)
    }

    /// A table holding `values`.
    package convenience init(_ values: some Collection<Element>) {
        self.init(count: values.count)
        _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: values)
    }

    deinit {
        if shared { HugePageSlabs.shared.free(UnsafeMutableRawPointer(base)) } else { UnsafeMutableRawPointer(base).deallocate() }
    }

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

/// 2 MB huge pages shared by the tables of 256 KB to 1 MB (``LargeTable``): each page is handed out front to back,
/// and given back when its last table goes (room freed before that is not reused, so tables made and dropped over
/// and over belong elsewhere: the tagger keeps its word caches for the daemon's life, across reloads). The tagger's
/// 1 MB of weights and two workers' 512 KB word caches fit one page, where each on a page of its own kept 6 MB
/// resident for 2 MB of tables.
package final class HugePageSlabs: Sendable {
    static let smallestPiece = 256 << 10
    static let largestPiece = 1 << 20
    /// The pages every ``LargeTable`` shares.
    package static let shared = HugePageSlabs()

    package init() {}

    private struct Slab {
        let base: UnsafeMutableRawPointer
        var used: Int
        var live: Int
    }

    // Raw pointers, only touched under the lock.
    private struct State: @unchecked Sendable {
        var slabs: [Slab] = []
    }

    private let state = Mutex(State())

    /// `bytes` (at most ``largestPiece``) inside one huge page, 4 KB-aligned, not zeroed.
    package func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        precondition(bytes <= Self.largestPiece)
        let size = (bytes + 4095) & ~4095
        let page = LargeTable<UInt8>.hugePageBytes
        return state.withLock { state in
            if let index = state.slabs.firstIndex(where: { page - $0.used >= size }) {
                let piece = state.slabs[index].base + state.slabs[index].used
                state.slabs[index].used += size
                state.slabs[index].live += 1
                return piece
            }
            let base = UnsafeMutableRawPointer.allocate(byteCount: page, alignment: page)
            #if canImport(Glibc)
            _ = madvise(base, page, MADV_HUGEPAGE)  // advice only, as for a table of its own
            #endif
            state.slabs.append(Slab(base: base, used: size, live: 1))
            return base
        }
    }

    /// Gives back the piece at `pointer`; its page goes when it holds no other piece.
    package func free(_ pointer: UnsafeMutableRawPointer) {
        let page = LargeTable<UInt8>.hugePageBytes
        state.withLock { state in
            guard let index = state.slabs.firstIndex(where: { $0.base <= pointer && pointer < $0.base + page }) else {
                preconditionFailure("a table piece that no shared huge page holds")
            }
            state.slabs[index].live -= 1
            if state.slabs[index].live == 0 {
                state.slabs[index].base.deallocate()
                state.slabs.remove(at: index)
            }
        }
    }

    /// Pages held now.
    package var pageCount: Int { state.withLock { $0.slabs.count } }
}
