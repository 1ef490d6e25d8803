/// A counting semaphore for async code: at most `count` holders at once, the rest wait in arrival order.
///
/// The pipeline keeps more files in flight than it has cores, so that files waiting for their record's fsync do not
/// hold a core; these slots keep the CPU-bound part (read, parse, recognise, encode) to `workers` files at a time,
/// which is what the `workers` setting promises about CPU and memory.
actor ProcessingSlots {
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) {
        free = max(1, count)
    }

    /// Waits for a slot. Every `acquire()` must be followed by one `release()`.
    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives the slot to the longest waiter, or back to the pool.
    func release() {
        if waiters.isEmpty {
            free += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
