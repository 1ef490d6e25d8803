#ifndef WATCHERD_CZLIB_SHIM_H
#define WATCHERD_CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro that Swift cannot call: this inflates gzip or zlib streams, told apart by their header.
static inline int watcherd_inflate_init_auto(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
#endif
