#if canImport(Glibc)
import Glibc
#endif
import CSyscalls
import SystemPackage

/// `watch:`: how new files are noticed. inotify sees only what this host's kernel writes, so on network and FUSE
/// file systems (NFS, SMB/CIFS, FUSE, 9p, …) files written by other machines are found by listing the folder.
public enum WatchSetting: String, Sendable, CaseIterable {
    /// inotify, unless the drop folder's file system is one inotify cannot see other hosts' writes on.
    case auto
    case inotify
    case poll
}

/// The mode in force and the sentence that says why, for the start log and `check-config`.
public struct WatchDecision: Sendable, Equatable {
    public enum Mode: String, Sendable { case inotify, poll }
    public let mode: Mode
    public let reason: String

    /// File systems whose writes from other hosts never reach this host's inotify, by `statfs` magic number.
    static let remoteFileSystems: [Int: String] = [
        0x6969: "NFS", 0x517B: "SMB", 0xFF53_4D42: "CIFS", 0xFE53_4D42: "SMB2", 0x6573_5546: "FUSE",
        0x0102_1997: "9p", 0x00C3_6400: "Ceph", 0x5346_414F: "AFS", 0x6B41_4653: "kAFS", 0x0BD0_0BD0: "Lustre",
        0x4750_4653: "GPFS", 0x7461_636F: "OCFS2",
    ]

    /// Decides for `folder` (which must exist for `auto` to look at it).
    public static func decide(_ setting: WatchSetting, folder: FilePath) -> WatchDecision {
        switch setting {
        case .inotify: return WatchDecision(mode: .inotify, reason: "watch: inotify in the configuration")
        case .poll: return WatchDecision(mode: .poll, reason: "watch: poll in the configuration")
        case .auto:
            guard let type = fileSystemType(folder) else {
                return WatchDecision(mode: .inotify, reason: "watch: auto, and the drop folder's file system could not be determined; using inotify")
            }
            if let name = remoteFileSystems[type] {
                return WatchDecision(mode: .poll, reason: "watch: auto, and the drop folder is on \(name), where inotify misses other hosts' writes")
            }
            return WatchDecision(mode: .inotify, reason: "watch: auto, and the drop folder is on a local file system (type 0x\(String(type, radix: 16)))")
        }
    }

    static func fileSystemType(_ folder: FilePath) -> Int? {
        let type = folder.withPlatformString { watcherd_filesystem_type($0) }
        return type < 0 ? nil : Int(type)
    }
}
