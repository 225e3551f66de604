/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/test/objects-common.h — what the network, storage and
 * interface tests of the test driver share: error checks (code, domain and
 * text as libvirt 9.0 reports them), a fresh test:///default connection,
 * and collecting events from the default event loop. */
#ifndef MV_TESTS_OBJECTS_COMMON_H
#define MV_TESTS_OBJECTS_COMMON_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "testdrv.h"

#include <glib.h>
#include <string.h>

static inline void obj_assert_error(int code, int domain, const char *msg)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    if (e->code != code || e->domain != domain || (msg && strcmp(e->message, msg) != 0))
        g_error("expected code %d domain %d '%s', got code %d domain %d '%s'",
                code, domain, msg ? msg : "*", e->code, e->domain, e->message);
}

/* libvirt reports "unsupported flags (0x..) in function F" as the whole
 * message; modvirt's core prefixes the code's text ("invalid argument: "),
 * so only the libvirt part is compared. */
static inline void obj_assert_flags_error(const char *msg)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->code, ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpint(e->domain, ==, VIR_FROM_TEST);
    if (strcmp(e->message, msg) != 0)
        g_error("expected '%s', got '%s'", msg, e->message);
}

/* For g_ptr_array_sort over strings. */
static inline gint obj_strcmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* NAMES (g_free'd strings) sorted and joined with ','; frees NAMES. */
static inline char *obj_join_sorted(GPtrArray *names)
{
    g_ptr_array_sort(names, obj_strcmp);
    g_ptr_array_add(names, NULL);
    char *s = g_strjoinv(",", (char **)names->pdata);
    g_ptr_array_free(names, TRUE);
    return s;
}

/* test:///default: each test closes its connection, so the next one starts
 * from libvirt's default objects again. */
static inline virConnectPtr obj_open(void)
{
    virConnectPtr c = virConnectOpen(testdrv_default_uri());
    g_assert_nonnull(c);
    return c;
}

/* Events seen, as "name:event:detail" lines. */
static GString *obj_events;

static inline void obj_timer(int timer, void *opaque)
{
    (void)timer;
    (void)opaque;
}

/* Runs the default loop until it has delivered WANT event lines. */
static inline void obj_wait_events(guint want)
{
    int t = virEventAddTimeout(5, obj_timer, NULL, NULL);
    for (int i = 0; i < 400; i++) {
        guint n = 0;
        for (const char *p = obj_events->str; *p; p++)
            n += *p == '\n';
        if (n >= want)
            break;
        virEventRunDefaultImpl();
    }
    virEventRemoveTimeout(t);
}

static inline void obj_init(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    virEventRegisterDefaultImpl();
    obj_events = g_string_new(NULL);
}

#endif
