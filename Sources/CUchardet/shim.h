#ifndef WATCHERD_CUCHARDET_SHIM_H
#define WATCHERD_CUCHARDET_SHIM_H
#include <uchardet/uchardet.h>
#endif
