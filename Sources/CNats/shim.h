#ifndef WATCHERD_CNATS_SHIM_H
#define WATCHERD_CNATS_SHIM_H
// The NATS C client (Debian libnats-dev): connections, JetStream publish and stream management.
#include <nats/nats.h>
#endif
