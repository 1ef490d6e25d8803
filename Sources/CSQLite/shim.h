#ifndef WATCHERD_CSQLITE_SHIM_H
#define WATCHERD_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
