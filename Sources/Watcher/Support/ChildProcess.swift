#if canImport(Glibc)
import Glibc
#endif
import CSyscalls

/// A program started with `posix_spawn` in its own process group, stdin and stdout/stderr on pipes, every signal
/// reset to its default: so a timeout can kill it and everything it started, and it never inherits the daemon's
/// ignored signals. Reaped with `waitpid`, never left a zombie.
package struct ChildProcess: Sendable {
    package let pid: pid_t
    private let input: Int32
    private let output: Int32

    /// How a run ended.
    package enum Exit: Sendable, Equatable {
        case status(Int32)
        case signal(Int32)
        case timedOut
    }

    /// Starts `command[0]` (an absolute path, no shell, no PATH search) with the rest as arguments, in the daemon's
    /// environment with `environment` (`NAME=value` pairs) set over it.
    package static func spawn(_ command: [String], environment: [String: String] = [:]) throws(SystemError) -> ChildProcess {
        var stdinPipe: [Int32] = [0, 0], outputPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0 else { throw SystemError(call: "pipe", errno: .init(rawValue: errno)) }
        guard pipe(&outputPipe) == 0 else {
            close(stdinPipe[0]); close(stdinPipe[1])
            throw SystemError(call: "pipe", errno: .init(rawValue: errno))
        }
        // Close-on-exec everywhere: the spawned program gets only the dup2'd copies, other hooks none of these.
        for fd in stdinPipe + outputPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], STDERR_FILENO)
        // Nothing else of the daemon's leaks in: not its logs, not the inotify descriptor, not a supervisor's pipe
        // whose holder would look like the daemon still running.
        watcherd_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var variables: [UnsafeMutablePointer<CChar>?] = []
        var inherited = environ
        while let entry = inherited.pointee {
            let name = String(cString: entry).prefix { $0 != "=" }
            if environment[String(name)] == nil { variables.append(strdup(entry)) }
            inherited += 1
        }
        variables += environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for variable in variables { free(variable) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, command[0], &actions, &attributes, &arguments, &variables)
        close(stdinPipe[0])
        close(outputPipe[1])
        guard rc == 0 else {
            close(stdinPipe[1]); close(outputPipe[0])
            throw SystemError(call: "posix_spawn", path: .init(command[0]), errno: .init(rawValue: rc))
        }
        _ = fcntl(stdinPipe[1], F_SETFL, O_NONBLOCK)
        _ = fcntl(outputPipe[0], F_SETFL, O_NONBLOCK)
        return ChildProcess(pid: pid, input: stdinPipe[1], output: outputPipe[0])
    }

    /// Feeds `input`, collects up to `outputLimit` bytes of output, and waits for the exit, killing the whole process
    /// group at `timeout`. Requires SIGPIPE to be ignored (a program may exit without reading its input).
    package func run(input: [UInt8], timeout: Duration, outputLimit: Int) async -> (exit: Exit, output: [UInt8]) {
        var written = 0
        var inputOpen = true
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var exit: Exit?
        while exit == nil {
            if inputOpen {
                if written < input.count {
                    let n = input.withUnsafeBytes { write(self.input, $0.baseAddress! + written, input.count - written) }
                    if n > 0 { written += n } else if n < 0 && errno != EAGAIN && errno != EINTR { written = input.count }
                }
                if written >= input.count {
                    close(self.input)
                    inputOpen = false
                }
            }
            while true {
                let n = read(output, &buffer, buffer.count)
                guard n > 0 else { break }
                if collected.count < outputLimit { collected += buffer[0..<min(n, outputLimit - collected.count)] }
            }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                exit = Self.decode(status)
                break
            }
            if clock.now >= deadline {
                kill(-pid, SIGTERM)
                try? await Task.sleep(for: .milliseconds(300))
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                exit = .timedOut
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        if inputOpen { close(self.input) }
        // Whatever the group left behind (a daemonised grandchild) goes with it.
        kill(-pid, SIGKILL)
        close(output)
        return (exit ?? .timedOut, collected)
    }

    private static func decode(_ status: Int32) -> Exit {
        let signal = status & 0x7F
        return signal == 0 ? .status((status >> 8) & 0xFF) : .signal(signal)
    }
}
