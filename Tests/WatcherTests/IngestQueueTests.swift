import SystemPackage
import Testing
import Watcher

@Suite struct IngestQueueTests {
    @Test func aPathWaitingIsOfferedOnce() async {
        let queue = IngestQueue()
        queue.offer("/d/a", origin: .event)
        queue.offer("/d/a", origin: .event)
        queue.offer("/d/b", origin: .scan)
        #expect(queue.depth == 2)
        let first = await queue.next()
        #expect(first?.path == "/d/a")
        #expect(queue.inFlightCount == 1)
    }

    @Test func aPathOfferedWhileInFlightComesBackWhenDone() async {
        let queue = IngestQueue()
        queue.offer("/d/a", origin: .event)
        let item = await queue.next()
        queue.offer("/d/a", origin: .event)
        #expect(queue.depth == 0, "not queued twice while being processed")
        queue.done(item!.path)
        #expect(queue.depth == 1, "offered again once done: it may be a new file under the same name")
    }

    @Test func closeReleasesWaitingWorkersAndDropsPending() async {
        let queue = IngestQueue()
        async let waiting = queue.next()
        try? await Task.sleep(for: .milliseconds(50))
        queue.close()
        #expect(await waiting == nil)
        queue.offer("/d/x", origin: .event)
        #expect(queue.depth == 0)
    }

    @Test func aWaitingWorkerGetsTheNextOffer() async {
        let queue = IngestQueue()
        async let waiting = queue.next()
        try? await Task.sleep(for: .milliseconds(50))
        queue.offer("/d/late", origin: .event)
        #expect(await waiting?.path == "/d/late")
    }

    @Test func tenThousandOffersOfOneHundredFilesHoldOneHundredEntries() {
        let queue = IngestQueue()
        for i in 0..<10_000 { queue.offer(FilePath("/d/f\(i % 100)"), origin: .event) }
        #expect(queue.depth == 100)
    }

    /// A file seen created stays marked open until its close event (an `.event` offer); a full listing forgets the
    /// marks of files it did not find, but not of files marked after it began.
    @Test func openMarksLastUntilTheCloseAndArePrunedByListings() {
        let queue = IngestQueue()
        queue.noteOpened("/d/a")
        queue.noteOpened("/d/gone")
        queue.offer("/d/a", origin: .scan)
        #expect(queue.openedForWriting("/d/a") != nil, "a listing's offer is not a close")
        let listing = ContinuousClock.now
        queue.noteOpened("/d/new")
        queue.pruneOpened(keeping: ["/d/a"], listedSince: listing)
        #expect(queue.openedForWriting("/d/gone") == nil)
        #expect(queue.openedForWriting("/d/new") != nil)
        queue.offer("/d/a", origin: .event)
        #expect(queue.openedForWriting("/d/a") == nil)
    }
}

