#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SystemPackage
import Watcher

/// `watcherd reload`: asks the running daemon to reopen its logs and reload its configuration, and waits for the
/// answer. systemd runs it as `ExecReload=`, so `systemctl reload` is synchronous and fails with the reason when the
/// new configuration is refused.
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Make the running daemon reopen its logs and reload its configuration; wait for the outcome.",
        discussion: """
            Sends SIGHUP to the daemon ($MAINPID under systemd, else the PID in the state folder's watcherd.pid) and \
            waits for its answer in state/reload.json. Exits 0 when the configuration was applied, 1 with the reason \
            when it was refused or no answer came in time, 3 when no daemon is running (0 with --if-running).
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The daemon's process id (default: $MAINPID, then state/watcherd.pid).", valueName: "pid"))
    var pid: Int32?

    @Option(help: ArgumentHelp("Seconds to wait for the daemon's answer.", valueName: "s"))
    var timeout: Double = 30

    @Flag(name: .customLong("if-running"), help: "Exit 0 quietly when no daemon is running (for logrotate).")
    var ifRunning = false

    func run() throws {
        // The daemon answers in its state folder. A configuration with an error still names it (read leniently),
        // and the HUP is sent all the same: it reopens the logs, and the daemon's answer states the error.
        let configProblem: ConfigError?
        let folder: FilePath
        do {
            folder = try options.load().stateFolder
            configProblem = nil
        } catch {
            configProblem = error
            folder = options.stateFolder.map { FilePath($0) }
                ?? options.config.flatMap(ConfigLoader.stateFolderHint(path:)) ?? WatcherConfig().stateFolder
        }
        let stateFolder = ConfigLoader.absolute(folder)
        let environment = ProcessInfo.processInfo.environment
        let target = pid ?? environment["MAINPID"].flatMap { Int32($0) } ?? PIDFile.read(stateFolder: stateFolder)
        guard let target, target > 0, Self.isWatcherd(target) else {
            if ifRunning { return }
            printError("watcherd reload: no running watcherd found (no $MAINPID, and \(PIDFile.path(stateFolder: stateFolder)) names no live watcherd process). Start it first, or pass --pid.")
            throw ExitCode(3)
        }
        let before = ReloadReport.read(stateFolder: stateFolder).flatMap { $0.pid == target ? $0.count : nil } ?? 0
        guard kill(target, SIGHUP) == 0 else {
            printError("watcherd reload: cannot signal process \(target): \(String(cString: strerror(errno))). Run it as the daemon's user or as root.")
            throw ExitCode.failure
        }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let report = ReloadReport.read(stateFolder: stateFolder), report.pid == target, report.count > before {
                if report.outcome == "applied" {
                    print("watcherd reload: \(report.message)")
                    return
                }
                printError("watcherd reload: \(report.message)")
                throw ExitCode.failure
            }
            guard kill(target, 0) == 0 || errno == EPERM else {
                printError("watcherd reload: process \(target) exited before it answered; see its log (journalctl -u watcherd).")
                throw ExitCode.failure
            }
            usleep(20_000)
        }
        if let configProblem {
            printError("watcherd reload: the configuration has an error, so the daemon keeps the one in force: \(configProblem)")
        }
        printError("watcherd reload: process \(target) did not answer within \(Int(timeout)) s; \(ReloadReport.path(stateFolder: stateFolder)) is unchanged. See its log (journalctl -u watcherd).")
        throw ExitCode.failure
    }

    /// Whether `pid` is alive and a watcherd, so a stale PID file never makes us signal an unrelated process: named
    /// `watcherd…`, or as this command's own binary (installed under another name), the rule `status` uses.
    static func isWatcherd(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        // Under ProtectProc=invisible another user's /proc entry is hidden; the daemon and ExecReload share a user.
        guard let comm = FileManager.default.contents(atPath: "/proc/\(pid)/comm") else { return true }
        return StatusCommand.isWatcherd(named: String(decoding: comm, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
