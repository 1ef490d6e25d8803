#include "early_signals.h"
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

static atomic_int hangups, terminations, interrupts;

static void count_signal(int signal) {
    switch (signal) {
    case SIGHUP: atomic_fetch_add(&hangups, 1); break;
    case SIGTERM: atomic_fetch_add(&terminations, 1); break;
    default: atomic_fetch_add(&interrupts, 1); break;
    }
}

// Priority 101: before the default-priority initialisers linked into the binary (the Swift runtime, Foundation).
__attribute__((constructor(101))) static void watcherd_early_signals_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = count_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
}

int watcherd_early_hangups_take(void) { return atomic_exchange(&hangups, 0); }

int watcherd_early_stops(void) { return atomic_load(&terminations) + atomic_load(&interrupts); }

void watcherd_early_signals_release(void) {
    signal(SIGHUP, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    if (atomic_load(&interrupts) > 0) raise(SIGINT);
    if (atomic_load(&terminations) > 0) raise(SIGTERM);
    if (atomic_load(&hangups) > 0) raise(SIGHUP);
}
