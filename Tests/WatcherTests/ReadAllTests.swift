import Foundation
import SystemPackage
import Testing
import Watcher

/// `Syscalls.readAll` reads a file straight into its array when told the size: every byte must still arrive when the
/// size is wrong (the file grew or shrank after `fstat`), and the limit must hold.
@Suite struct ReadAllTests {
    private func withFile(_ bytes: [UInt8], _ body: (FileDescriptor, FilePath) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("readall-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let path = FilePath(url.path)
        let fd = try FileDescriptor.open(path, .readOnly)
        defer { try? fd.close() }
        try body(fd, path)
    }

    private let content = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }

    @Test(arguments: [0, 1, 4_095, 4_096, 100_000, 199_999, 200_000, 300_000])
    func everyByteArrivesWhateverTheHint(hint: Int) throws {
        try withFile(content) { fd, path in
            let read = try Syscalls.readAll(fd, path: path, limit: 1 << 20, sizeHint: hint)
            #expect(read == content)
        }
    }

    @Test func theLimitHolds() throws {
        try withFile(content) { fd, path in
            let hinted = try Syscalls.readAll(fd, path: path, limit: 150_001, sizeHint: content.count)
            #expect(hinted == Array(content[..<150_001]))
            _ = try fd.seek(offset: 0, from: .start)
            let short = try Syscalls.readAll(fd, path: path, limit: 150_001, sizeHint: 10)
            #expect(short == Array(content[..<150_001]))
        }
    }

    @Test func anEmptyFileIsEmpty() throws {
        try withFile([]) { fd, path in
            let read = try Syscalls.readAll(fd, path: path, limit: 1 << 20, sizeHint: 0)
            #expect(read.isEmpty)
        }
    }
}
