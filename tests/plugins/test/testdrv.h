/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/test/testdrv.h — what the test driver's test programs
 * share: the URI of the default test state, and checking the last error's
 * code, domain and text. */
#ifndef TESTDRV_H
#define TESTDRV_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <glib.h>
#include <string.h>

/* test:///default, or the URI in MV_TEST_DEFAULT_URI: the same state
 * through modvirtd (test+unix:///default?socket=...), so that the same
 * programs prove the remote path gives the same results and errors. */
static inline const char *testdrv_default_uri(void)
{
    const char *uri = g_getenv("MV_TEST_DEFAULT_URI");
    return uri && *uri ? uri : "test:///default";
}

/* MSG NULL: any text. */
static inline void assert_error(int code, int domain, const char *msg)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    if (e->code != code || e->domain != domain || (msg && strcmp(e->message, msg) != 0))
        g_error("expected code %d domain %d '%s', got code %d domain %d '%s'",
                code, domain, msg ? msg : "*", e->code, e->domain, e->message);
}

#endif
