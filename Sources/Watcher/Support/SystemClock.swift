/// The monotonic clock the watchdog and systemd's MONOTONIC_USEC use.
public enum SystemClock {
    public static func monotonicMicroseconds() -> UInt64 { Syscalls.monotonicMicroseconds() }
}
