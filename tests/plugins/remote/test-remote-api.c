/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/remote/test-remote-api.c — the remote plugin through the
 * public API, against Debian's libvirtd (started by with-libvirtd.py):
 * the daemon's type and errors as in-process, events delivered on the
 * default event loop, many threads calling on one connection, and the
 * close callback and virConnectIsAlive when the daemon dies (last).
 */
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static char *uri;

static virConnectPtr open_remote(void)
{
    virConnectPtr c = virConnectOpen(uri);
    g_assert_nonnull(c);
    return c;
}

static void test_type_and_alive(void)
{
    virConnectPtr c = open_remote();
    g_assert_cmpstr(virConnectGetType(c), ==, "TEST");
    g_assert_cmpint(virConnectIsAlive(c), ==, 1);
    g_assert_cmpint(virConnectIsSecure(c), ==, 1);
    g_assert_cmpint(virConnectIsEncrypted(c), ==, 0);
    char *u = virConnectGetURI(c);
    g_assert_cmpstr(u, ==, uri);
    free(u);
    virConnectClose(c);
}

/* A missing domain: the same code, domain and message as in-process. */
static void test_errors_as_in_process(void)
{
    virConnectPtr local = virConnectOpen("test:///default");
    g_assert_nonnull(local);
    g_assert_null(virDomainLookupByName(local, "nonexistent"));
    virErrorPtr want = virSaveLastError();
    virConnectPtr c = open_remote();
    g_assert_null(virDomainLookupByName(c, "nonexistent"));
    virErrorPtr got = virGetLastError();
    g_assert_nonnull(got);
    g_assert_cmpint(got->code, ==, want->code);
    g_assert_cmpint(got->domain, ==, want->domain);
    g_assert_cmpstr(got->message, ==, want->message);
    g_assert_cmpint(got->code, ==, VIR_ERR_NO_DOMAIN);
    virFreeError(want);
    virConnectClose(c);
    virConnectClose(local);
}

/* The handles carry what the daemon said: id after start, -1 after destroy. */
static void test_handles(void)
{
    virConnectPtr c = open_remote();
    virDomainPtr d = virDomainDefineXML(c, "<domain type='test'><name>hdom</name>"
                                           "<memory>65536</memory><os><type>hvm</type></os>"
                                           "</domain>");
    g_assert_nonnull(d);
    g_assert_cmpint((int)virDomainGetID(d), ==, -1);
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_assert_cmpint((int)virDomainGetID(d), >, 0);
    virDomainInfo info;
    g_assert_cmpint(virDomainGetInfo(d, &info), ==, 0);
    g_assert_cmpint(info.state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    g_assert_cmpint((int)virDomainGetID(d), ==, -1);
    g_assert_cmpint(virDomainUndefine(d), ==, 0);
    virDomainFree(d);
    virDomainPtr *all = NULL;
    int n = virConnectListAllDomains(c, &all, 0);
    g_assert_cmpint(n, ==, 1);
    g_assert_cmpstr(virDomainGetName(all[0]), ==, "test");
    virDomainFree(all[0]);
    free(all);
    virConnectClose(c);
}

typedef struct {
    int lifecycle;
    int last_event;
    int net_events;
    bool timed_out;
} seen;

static void on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    seen *s = opaque;
    if (!strcmp(virDomainGetName(dom), "edom")) {
        s->lifecycle++;
        s->last_event = event;
    }
}

static void on_network(virConnectPtr conn, virNetworkPtr net, int event, int detail, void *opaque)
{
    seen *s = opaque;
    s->net_events++;
}

static void on_timeout(int timer, void *opaque)
{
    ((seen *)opaque)->timed_out = true;
}

/* Runs the event loop until COND holds (or 20 s have passed). */
#define RUN_UNTIL(s, cond) do { \
        int t_ = virEventAddTimeout(20000, on_timeout, &(s), NULL); \
        while (!(cond) && !(s).timed_out) \
            virEventRunDefaultImpl(); \
        virEventRemoveTimeout(t_); \
        g_assert_false((s).timed_out); \
    } while (0)

static void test_events(void)
{
    seen s = { 0 };
    virConnectPtr c = open_remote();
    int id = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), &s, NULL);
    g_assert_cmpint(id, >=, 0);
    int nid = virConnectNetworkEventRegisterAny(c, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                                VIR_NETWORK_EVENT_CALLBACK(on_network), &s, NULL);
    g_assert_cmpint(nid, >=, 0);
    /* The change comes from another connection. */
    virConnectPtr other = open_remote();
    virDomainPtr d = virDomainDefineXML(other, "<domain type='test'><name>edom</name>"
                                               "<memory>65536</memory><os><type>hvm</type></os>"
                                               "</domain>");
    g_assert_nonnull(d);
    RUN_UNTIL(s, s.lifecycle >= 1);
    g_assert_cmpint(s.last_event, ==, VIR_DOMAIN_EVENT_DEFINED);
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    RUN_UNTIL(s, s.lifecycle >= 2);
    g_assert_cmpint(s.last_event, ==, VIR_DOMAIN_EVENT_STARTED);
    virNetworkPtr net = virNetworkLookupByName(other, "default");
    g_assert_nonnull(net);
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    RUN_UNTIL(s, s.net_events >= 1);
    g_assert_cmpint(virNetworkCreate(net), ==, 0);
    virNetworkFree(net);
    /* Once deregistered, nothing more arrives. */
    g_assert_cmpint(virConnectDomainEventDeregisterAny(c, id), ==, 0);
    g_assert_cmpint(virConnectNetworkEventDeregisterAny(c, nid), ==, 0);
    int before = s.lifecycle;
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    g_assert_cmpint(virDomainUndefine(d), ==, 0);
    /* A round trip after the change: its event would have come first. */
    g_assert_cmpint(virConnectNumOfDomains(c), >=, 0);
    g_assert_cmpint(s.lifecycle, ==, before);
    virDomainFree(d);
    virConnectClose(other);
    virConnectClose(c);
}

#define THREADS 8
#define CALLS 500

static gpointer caller(gpointer data)
{
    virConnectPtr c = data;
    for (int i = 0; i < CALLS; i++) {
        virDomainPtr d = virDomainLookupByName(c, "test");
        if (!d)
            return GINT_TO_POINTER(1);
        virDomainInfo info;
        int rc = virDomainGetInfo(d, &info);
        virDomainFree(d);
        if (rc < 0 || info.state != VIR_DOMAIN_RUNNING)
            return GINT_TO_POINTER(1);
        if (virDomainLookupByName(c, "nonexistent") || virGetLastErrorCode() != VIR_ERR_NO_DOMAIN)
            return GINT_TO_POINTER(1);
    }
    return NULL;
}

/* Many threads on one connection: every reply reaches its caller. */
static void test_threads(void)
{
    virConnectPtr c = open_remote();
    GThread *t[THREADS];
    for (int i = 0; i < THREADS; i++)
        t[i] = g_thread_new("caller", caller, c);
    int failed = 0;
    for (int i = 0; i < THREADS; i++)
        failed += GPOINTER_TO_INT(g_thread_join(t[i]));
    g_assert_cmpint(failed, ==, 0);
    virConnectClose(c);
}

static GMutex closed_lock;
static GCond closed_cond;
static int closed_reason = -1;
static int closed_calls;

/* Runs on the thread that saw the daemon go. */
static void on_close(virConnectPtr conn, int reason, void *opaque)
{
    g_mutex_lock(&closed_lock);
    closed_reason = reason;
    closed_calls++;
    g_cond_signal(&closed_cond);
    g_mutex_unlock(&closed_lock);
}

/* The daemon killed: the close callback runs (EOF), the connection says it
 * is dead, calls fail with libvirt's error. */
static void test_daemon_dies(void)
{
    const char *pid = g_getenv("MV_TEST_LIBVIRTD_PID");
    virConnectPtr c = open_remote();
    g_assert_cmpint(virConnectRegisterCloseCallback(c, on_close, NULL, NULL), ==, 0);
    g_assert_cmpint(kill(atoi(pid), SIGKILL), ==, 0);
    gint64 deadline = g_get_monotonic_time() + 20 * G_TIME_SPAN_SECOND;
    g_mutex_lock(&closed_lock);
    while (!closed_calls && g_cond_wait_until(&closed_cond, &closed_lock, deadline))
        ;
    g_mutex_unlock(&closed_lock);
    g_assert_cmpint(closed_calls, ==, 1);
    g_assert_cmpint(closed_reason, ==, VIR_CONNECT_CLOSE_REASON_EOF);
    g_assert_cmpint(virConnectIsAlive(c), ==, 0);
    g_assert_null(virDomainLookupByName(c, "test"));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INTERNAL_ERROR);
    g_assert_cmpint(virGetLastErrorDomain(), ==, VIR_FROM_RPC);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "internal error: client socket is closed");
    virConnectClose(c);
    g_assert_cmpint(closed_calls, ==, 1);
}

static void quiet(void *opaque, virErrorPtr err)
{
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    const char *sock = g_getenv("MV_TEST_LIBVIRTD_SOCKET");
    if (!sock) {
        g_print("1..0 # SKIP no libvirtd (run through with-libvirtd.py)\n");
        return 0;
    }
    uri = g_strdup_printf("test+unix:///default?socket=%s", sock);
    virSetErrorFunc(NULL, quiet);
    virEventRegisterDefaultImpl();
    g_test_add_func("/remote/type-and-alive", test_type_and_alive);
    g_test_add_func("/remote/errors-as-in-process", test_errors_as_in_process);
    g_test_add_func("/remote/handles", test_handles);
    g_test_add_func("/remote/events", test_events);
    g_test_add_func("/remote/threads", test_threads);
    g_test_add_func("/remote/daemon-dies", test_daemon_dies);
    int rc = g_test_run();
    g_free(uri);
    return rc;
}
