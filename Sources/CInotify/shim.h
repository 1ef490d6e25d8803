#ifndef WATCHERD_CINOTIFY_SHIM_H
#define WATCHERD_CINOTIFY_SHIM_H
// <inotifytools/inotifytools.h> only forward-declares struct inotify_event: the kernel header must come first.
#include <sys/inotify.h>
#include <inotifytools/inotifytools.h>
#endif
