#ifndef WATCHERD_CSYSCALLS_SHIM_H
#define WATCHERD_CSYSCALLS_SHIM_H
// Linux calls that glibc declares only under _GNU_SOURCE, which Swift's Glibc module does not set.
#include <fcntl.h>
#include <sys/prctl.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

/// rename(2) that fails with EEXIST instead of replacing the target (renameat2 with RENAME_NOREPLACE).
static inline int watcherd_rename_noreplace(const char *from, const char *to) {
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1 /* RENAME_NOREPLACE */);
}

// glibc >= 2.34 (Debian 12 has 2.36).
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

/// Makes a spawned child close every descriptor from `from` up, whatever the parent left without close-on-exec.
static inline int watcherd_spawn_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
/// The file system type (statfs f_type magic) of `path`, or -1 with errno set.
static inline long watcherd_filesystem_type(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    return (long)(unsigned int)info.f_type;
}

/// Names the calling thread (what top, perf and /proc/PID/task/TID/comm show; at most 15 bytes are kept).
static inline int watcherd_set_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}
#endif
