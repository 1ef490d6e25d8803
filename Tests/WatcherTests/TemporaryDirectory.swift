import Foundation
import SystemPackage

/// A fresh directory under /tmp (or under `base`), removed when the value goes away.
final class TemporaryDirectory {
    let url: URL
    var path: FilePath { FilePath(url.path) }

    init(under base: String = NSTemporaryDirectory()) throws {
        url = URL(fileURLWithPath: base).appendingPathComponent("watcherd-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func write(_ name: String, _ text: String) throws {
        let target = file(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
    }
}
