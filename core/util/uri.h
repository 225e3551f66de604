/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/uri.h — parsing connection URIs into mv_uri. */
#ifndef MV_URI_H
#define MV_URI_H

#include <modvirt-plugin/uri.h>

/* Parses STR (scheme[+transport]://[user@][host[:port]]/path[?query]).
 * NULL with VIR_ERR_NO_CONNECT reported when STR is not such a URI. */
mv_uri *mv_uri_parse(const char *str);
void mv_uri_free(mv_uri *uri);

#endif
