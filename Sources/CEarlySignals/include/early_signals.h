#ifndef WATCHERD_EARLY_SIGNALS_H
#define WATCHERD_EARLY_SIGNALS_H
// SIGHUP, SIGTERM and SIGINT are counted from a constructor that runs before main (before any Swift code), so a
// signal sent while the daemon starts is acted on later instead of killing it with the default action.

/// Hangups counted so far; resets the count.
int watcherd_early_hangups_take(void);
/// SIGTERMs and SIGINTs counted so far.
int watcherd_early_stops(void);
/// For the commands that are not the daemon: the default actions come back, and a signal that arrived early is
/// delivered now, so Ctrl-C during start-up still ends a `tail`.
void watcherd_early_signals_release(void);
#endif
