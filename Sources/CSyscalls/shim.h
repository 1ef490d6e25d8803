#ifndef WATCHERD_CSYSCALLS_SHIM_H
#define WATCHERD_CSYSCALLS_SHIM_H
// Linux system calls that glibc's headers only declare under _GNU_SOURCE, which Swift's Glibc module does not set.
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

/// rename(2) that fails with EEXIST instead of replacing the target (renameat2 with RENAME_NOREPLACE).
static inline int watcherd_rename_noreplace(const char *from, const char *to) {
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1 /* RENAME_NOREPLACE */);
}
#endif
