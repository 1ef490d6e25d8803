#ifndef WATCHERD_CZLIB_SHIM_H
#define WATCHERD_CZLIB_SHIM_H
#include <zlib.h>
#endif
