#ifndef WATCHERD_CLIBXML2_SHIM_H
#define WATCHERD_CLIBXML2_SHIM_H
// libxml2's forgiving HTML parser (Debian libxml2-dev); headers live under /usr/include/libxml2 (pkg-config).
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose headers would clash with the copy inside Swift's Foundation. Only the
// encoding handler struct (never touched from Swift) depends on it, so the ICU parts are left out here.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#endif
