/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/uri.h — a connection URI as the core parsed it.
 *
 * The core allocates and owns mv_uri; drivers only read it. The struct is
 * append-only (new fields go at the end), so drivers never copy it by value.
 */
#ifndef MODVIRT_PLUGIN_URI_H
#define MODVIRT_PLUGIN_URI_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Drivers index params[], so this struct's size is part of the ABI: it is
 * fixed for ABI major 1 (pinned by tests/abi/test-layout.c). */
typedef struct mv_uri_param {
    char *name;
    char *value;       /* "" when the query had "name" with no "=" */
} mv_uri_param;

typedef struct mv_uri {
    char *original;    /* the URI as the application gave it */
    char *scheme;      /* "qemu+ssh" */
    char *driver;      /* the scheme without "+transport": "qemu" */
    char *transport;   /* "ssh", or NULL */
    char *user;        /* or NULL */
    char *server;      /* or NULL for a local URI */
    int port;          /* 0 when absent */
    char *path;        /* "/system", "/default", "/abs/file.xml", or NULL */
    char *query;       /* raw query string without '?', or NULL */
    char *fragment;    /* or NULL */
    size_t nparams;    /* query parameters, decoded, in order */
    mv_uri_param *params;
} mv_uri;

/* Value of the last query parameter called NAME, or NULL. */
const char *mv_uri_get_param(const mv_uri *uri, const char *name);

#ifdef __cplusplus
}
#endif

#endif
