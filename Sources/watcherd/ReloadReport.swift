import Foundation
import SystemPackage
import Watcher

/// What the daemon answers to a SIGHUP, kept in `state/reload.json` so that `watcherd reload` (systemd's
/// `ExecReload=`) can wait for the outcome and fail with the reason when a configuration is refused.
struct ReloadReport: Codable, Equatable {
    /// The daemon that answered; a report of another (older) process is never taken for this one's.
    var pid: Int32
    /// Hangups this process has answered so far; `reload` waits for it to grow past what it saw before sending.
    var count: Int
    /// `applied` or `refused`.
    var outcome: String
    /// A sentence for the operator: what was reloaded, or why the new configuration was refused.
    var message: String
    var at: String

    static func path(stateFolder: FilePath) -> FilePath { stateFolder.appending("reload.json") }

    static func read(stateFolder: FilePath) -> ReloadReport? {
        guard let data = FileManager.default.contents(atPath: path(stateFolder: stateFolder).string) else { return nil }
        return try? JSONDecoder().decode(ReloadReport.self, from: data)
    }

    func write(stateFolder: FilePath) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self) + Data("\n".utf8)
        try StateFile.write(Array(data), to: Self.path(stateFolder: stateFolder), mode: 0o640)
    }
}

/// `state/watcherd.pid`: the running daemon's process id, for `watcherd reload` outside systemd (logrotate, a shell).
enum PIDFile {
    static func path(stateFolder: FilePath) -> FilePath { stateFolder.appending("watcherd.pid") }

    static func write(stateFolder: FilePath) throws {
        try StateFile.write(Array("\(getpid())\n".utf8), to: path(stateFolder: stateFolder), mode: 0o644)
    }

    static func read(stateFolder: FilePath) -> Int32? {
        guard let data = FileManager.default.contents(atPath: path(stateFolder: stateFolder).string) else { return nil }
        return Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Removes the file at a clean stop, unless another daemon has written its own since.
    static func remove(stateFolder: FilePath) {
        guard read(stateFolder: stateFolder) == getpid() else { return }
        unlink(path(stateFolder: stateFolder).string)
    }
}
