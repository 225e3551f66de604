/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-threads.c — many threads opening, looking up, using and
 * closing connections at once, sharing handles across threads, and keeping
 * their own last errors. Meant to run under the sanitizers too. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 8
#define ROUNDS 2000

static virConnectPtr shared_conn;

static gpointer worker(gpointer data)
{
    int n = GPOINTER_TO_INT(data);
    for (int i = 0; i < ROUNDS; i++) {
        /* A private connection per round: open, look up, close. */
        virConnectPtr c = virConnectOpen(i % 3 ? "fixture:///default" : "small:///default");
        g_assert_nonnull(c);
        if (i % 3) {
            virDomainPtr d = virDomainLookupByName(c, "fx1");
            g_assert_nonnull(d);
            g_assert_cmpstr(virDomainGetName(d), ==, "fx1");
            virDomainFree(d);
        }
        g_assert_cmpint(virConnectClose(c), ==, 0);

        /* The shared connection: handles outlive each other's threads. */
        virDomainPtr s = virDomainLookupByName(shared_conn, n % 2 ? "fx1" : "fx2");
        g_assert_nonnull(s);
        virDomainInfo info;
        g_assert_cmpint(virDomainGetInfo(s, &info), ==, 0);
        virDomainFree(s);

        /* Each thread sees its own last error. */
        g_assert_null(virDomainLookupByName(shared_conn, "missing"));
        g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_DOMAIN);
        g_assert_null(virConnectGetType(NULL));
        g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_CONN);
        virResetLastError();
    }
    return NULL;
}

static void quiet(void *ud, virErrorPtr e) { }

static void test_concurrent(void)
{
    virSetErrorFunc(NULL, quiet);
    shared_conn = virConnectOpen("fixture:///default");
    g_assert_nonnull(shared_conn);
    GThread *t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        t[i] = g_thread_new("worker", worker, GINT_TO_POINTER(i));
    for (int i = 0; i < NTHREADS; i++)
        g_thread_join(t[i]);
    g_assert_cmpint(virConnectClose(shared_conn), ==, 0);
}

/* The first calls of a process race into virInitialize from many threads. */
static gpointer first_touch(gpointer data)
{
    virConnectPtr c = virConnectOpen("fixture:///default");
    g_assert_nonnull(c);
    virConnectClose(c);
    return NULL;
}

static void test_init_race(void)
{
    GThread *t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        t[i] = g_thread_new("first", first_touch, NULL);
    for (int i = 0; i < NTHREADS; i++)
        g_thread_join(t[i]);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("MODVIRT_PLUGIN_DIR", g_getenv("MV_TEST_FIXTURE_DIR"), TRUE);
    g_test_add_func("/threads/init-race", test_init_race);
    g_test_add_func("/threads/concurrent", test_concurrent);
    return g_test_run();
}
