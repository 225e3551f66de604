/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-events.c — the event loop and event delivery: the default
 * loop's watches and timers (also added from another thread while the loop
 * runs), lifecycle events from a driver reaching callbacks on the
 * application's loop in order (also when queued from another thread),
 * filters, duplicate and unknown registrations, legacy callbacks, free
 * callbacks, and the close callback. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <glib.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

typedef struct { char name[32]; int event, detail; } seen_event;
static GArray *seen;
static bool timed_out;

static void on_deadline(int timer, void *opaque) { timed_out = true; }

/* Runs the default loop until N events were seen or two seconds passed. */
static void run_until_seen(guint n)
{
    timed_out = false;
    int t = virEventAddTimeout(2000, on_deadline, NULL, NULL);
    g_assert_cmpint(t, >, 0);
    while (seen->len < n && !timed_out)
        virEventRunDefaultImpl();
    virEventRemoveTimeout(t);
    if (seen->len < n)
        g_error("only %u of %u events arrived", seen->len, n);
}

static int on_lifecycle(virConnectPtr c, virDomainPtr d, int event, int detail, void *opaque)
{
    seen_event e = { .event = event, .detail = detail };
    g_strlcpy(e.name, virDomainGetName(d), sizeof(e.name));
    g_array_append_val(seen, e);
    if (opaque)
        (*(int *)opaque)++;
    return 0;
}

static void assert_seen(guint i, const char *name, int event, int detail)
{
    g_assert_cmpuint(seen->len, >, i);
    seen_event *e = &g_array_index(seen, seen_event, i);
    g_assert_cmpstr(e->name, ==, name);
    g_assert_cmpint(e->event, ==, event);
    g_assert_cmpint(e->detail, ==, detail);
}

static void test_no_loop(void)
{
    /* Before any loop is registered, as in libvirt. */
    virConnectPtr c = virConnectOpen("fixture:///default");
    g_assert_cmpint(virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                     VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle),
                                                     NULL, NULL), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INTERNAL_ERROR);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "internal error: could not initialize domain event timer");
    g_assert_cmpint(virEventAddTimeout(0, on_deadline, NULL, NULL), ==, -1);
    virConnectClose(c);
    g_assert_cmpint(virEventRegisterDefaultImpl(), ==, 0);
}

static int ticks;
static void on_tick(int timer, void *opaque)
{
    if (++ticks == 3)
        virEventRemoveTimeout(timer);   /* removing itself from its callback */
}

static int freed;
static void on_free(void *opaque) { freed++; }

static void on_readable(int watch, int fd, int events, void *opaque)
{
    char b;
    g_assert_true(events & VIR_EVENT_HANDLE_READABLE);
    g_assert_cmpint(read(fd, &b, 1), ==, 1);
    *(char *)opaque = b;
}

static void test_loop(void)
{
    int t = virEventAddTimeout(1, on_tick, NULL, on_free);
    g_assert_cmpint(t, >, 0);
    while (ticks < 3)
        virEventRunDefaultImpl();
    g_assert_cmpint(ticks, ==, 3);
    /* The free callback runs on a later iteration. */
    for (int i = 0; i < 3 && !freed; i++)
        g_main_context_iteration(NULL, FALSE);
    g_assert_cmpint(freed, ==, 1);
    g_assert_cmpint(virEventRemoveTimeout(t), ==, -1);

    int fds[2];
    g_assert_cmpint(pipe(fds), ==, 0);
    char got = 0;
    int w = virEventAddHandle(fds[0], VIR_EVENT_HANDLE_READABLE, on_readable, &got, NULL);
    g_assert_cmpint(w, >, 0);
    g_assert_cmpint(write(fds[1], "x", 1), ==, 1);
    while (!got)
        virEventRunDefaultImpl();
    g_assert_cmpint(got, ==, 'x');
    g_assert_cmpint(virEventRemoveHandle(w), ==, 0);
    close(fds[0]);
    close(fds[1]);
}

/* Timers added from another thread while the loop thread runs them, as a
 * daemon's workers do: each gets its own id (though it may have run and
 * been freed before the add returns), runs once and is freed. */
#define RACE_TIMERS 2000
static gint loop_running;
static GMutex race_lock;
static GCond race_cond;
static int race_freed;

static gpointer loop_thread(gpointer unused)
{
    while (g_atomic_int_get(&loop_running))
        virEventRunDefaultImpl();
    return NULL;
}

static void on_once(int timer, void *opaque)
{
    virEventRemoveTimeout(timer);
}

static void on_once_free(void *opaque)
{
    g_mutex_lock(&race_lock);
    race_freed++;
    g_cond_signal(&race_cond);
    g_mutex_unlock(&race_lock);
}

static void test_add_from_thread(void)
{
    g_atomic_int_set(&loop_running, 1);
    GThread *t = g_thread_new("loop", loop_thread, NULL);
    int last = 0;
    for (int i = 0; i < RACE_TIMERS; i++) {
        int id = virEventAddTimeout(0, on_once, NULL, on_once_free);
        g_assert_cmpint(id, >, last);
        last = id;
    }
    g_mutex_lock(&race_lock);
    while (race_freed < RACE_TIMERS)
        g_cond_wait(&race_cond, &race_lock);
    g_mutex_unlock(&race_lock);
    /* One more timer wakes the loop thread to see that it is done. */
    g_atomic_int_set(&loop_running, 0);
    g_assert_cmpint(virEventAddTimeout(0, on_once, NULL, NULL), >, last);
    g_thread_join(t);
}

static void test_lifecycle(void)
{
    virConnectPtr c = virConnectOpen("fixture:///default");
    int count = 0;
    int id = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle),
                                              &count, on_free);
    g_assert_cmpint(id, >=, 0);
    virDomainPtr d = virDomainLookupByName(c, "fx1");
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_array_set_size(seen, 0);
    run_until_seen(2);
    /* In order, with libvirt's numbers. */
    assert_seen(0, "fx1", VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
    assert_seen(1, "fx1", VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
    g_assert_cmpint(count, ==, 2);

    /* The same registration twice is refused. */
    g_assert_cmpint(virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                     VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle),
                                                     &count, NULL), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "invalid argument: event callback already tracked");
    g_assert_cmpint(virConnectDomainEventRegisterAny(c, NULL, 9999,
                                                     VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle),
                                                     NULL, NULL), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);

    freed = 0;
    g_assert_cmpint(virConnectDomainEventDeregisterAny(c, id), ==, 0);
    g_assert_cmpint(freed, ==, 1);
    g_assert_cmpint(virConnectDomainEventDeregisterAny(c, id), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);

    /* Nobody listens: nothing queued, nothing delivered. */
    g_array_set_size(seen, 0);
    virDomainDestroy(d);
    virDomainCreate(d);
    for (int i = 0; i < 5; i++)
        g_main_context_iteration(NULL, FALSE);
    g_assert_cmpuint(seen->len, ==, 0);
    virDomainFree(d);
    g_assert_cmpint(virConnectClose(c), ==, 0);
}

static void test_filter_and_two_connections(void)
{
    virConnectPtr a = virConnectOpen("fixture:///default");
    virConnectPtr b = virConnectOpen("fixture:///default");
    virDomainPtr fx2 = virDomainLookupByName(a, "fx2");
    int ca = 0, cb = 0;
    int ida = virConnectDomainEventRegisterAny(a, fx2, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                               VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), &ca, NULL);
    int idb = virConnectDomainEventRegisterAny(b, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                               VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), &cb, NULL);
    g_assert_cmpint(ida, >=, 0);
    g_assert_cmpint(idb, >=, 0);
    /* A callback on a connection keeps it open, as in libvirt. */
    g_assert_cmpint(virConnectClose(b), ==, 1);
    virDomainPtr fx1 = virDomainLookupByName(a, "fx1");
    virDomainDestroy(fx1);      /* only b hears this */
    virDomainCreate(fx1);
    if (virDomainIsActive(fx2) != 1)
        virDomainCreate(fx2);   /* both hear this */
    else
        virDomainDestroy(fx2);
    g_array_set_size(seen, 0);
    run_until_seen(4);
    g_assert_cmpint(ca, ==, 1);
    g_assert_cmpint(cb, ==, 3);
    virConnectDomainEventDeregisterAny(a, ida);
    virConnectDomainEventDeregisterAny(b, idb);   /* drops b's last reference */
    virDomainFree(fx1);
    virDomainFree(fx2);
    g_assert_cmpint(virConnectClose(a), ==, 0);
}

typedef struct { virConnectPtr c; } thread_arg;
static gpointer cycle_thread(gpointer data)
{
    virConnectPtr c = data;
    virDomainPtr d = virDomainLookupByName(c, "fx1");
    for (int i = 0; i < 50; i++) {
        virDomainDestroy(d);
        virDomainCreate(d);
    }
    virDomainFree(d);
    return NULL;
}

/* Events queued from a driver thread arrive on the loop's thread, all of
 * them, in order. */
static void test_from_thread(void)
{
    virConnectPtr c = virConnectOpen("fixture:///default");
    int id = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), NULL, NULL);
    g_array_set_size(seen, 0);
    GThread *t = g_thread_new("cycle", cycle_thread, c);
    g_thread_join(t);
    run_until_seen(100);
    for (guint i = 0; i < 100; i++)
        assert_seen(i, "fx1", i % 2 ? VIR_DOMAIN_EVENT_STARTED : VIR_DOMAIN_EVENT_STOPPED,
                    i % 2 ? VIR_DOMAIN_EVENT_STARTED_BOOTED : VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
    virConnectDomainEventDeregisterAny(c, id);
    virConnectClose(c);
}

static void test_legacy(void)
{
    virConnectPtr c = virConnectOpen("fixture:///default");
    g_assert_cmpint(virConnectDomainEventRegister(c, on_lifecycle, NULL, NULL), ==, 0);
    virDomainPtr d = virDomainLookupByName(c, "fx1");
    virDomainDestroy(d);
    g_array_set_size(seen, 0);
    run_until_seen(1);
    assert_seen(0, "fx1", VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
    g_assert_cmpint(virConnectDomainEventDeregister(c, on_lifecycle), ==, 0);
    g_assert_cmpint(virConnectDomainEventDeregister(c, on_lifecycle), ==, -1);
    virDomainCreate(d);
    virDomainFree(d);
    virConnectClose(c);
}

static void net_cb(virConnectPtr c, virNetworkPtr n, int e, int d, void *o) { }
static void close_cb(virConnectPtr c, int reason, void *o) { }
static void other_close_cb(virConnectPtr c, int reason, void *o) { }

static void test_unsupported_and_close(void)
{
    virConnectPtr c = virConnectOpen("fixture:///default");
    /* The fixture has no network driver, so no network event source. */
    g_assert_cmpint(virConnectNetworkEventRegisterAny(c, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                                      VIR_NETWORK_EVENT_CALLBACK(net_cb),
                                                      NULL, NULL), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_SUPPORT);

    freed = 0;
    g_assert_cmpint(virConnectRegisterCloseCallback(c, close_cb, NULL, on_free), ==, 0);
    g_assert_cmpint(virConnectRegisterCloseCallback(c, other_close_cb, NULL, NULL), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpint(virConnectUnregisterCloseCallback(c, other_close_cb), ==, -1);
    g_assert_cmpint(virConnectUnregisterCloseCallback(c, close_cb), ==, 0);
    g_assert_cmpint(freed, ==, 1);
    g_assert_cmpint(virConnectRegisterCloseCallback(c, close_cb, NULL, on_free), ==, 0);
    g_assert_cmpint(virConnectClose(c), ==, 0);   /* frees the close callback */
    g_assert_cmpint(freed, ==, 2);
}

static void quiet(void *ud, virErrorPtr e) { }

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("MODVIRT_PLUGIN_DIR", g_getenv("MV_TEST_FIXTURE_DIR"), TRUE);
    virSetErrorFunc(NULL, quiet);
    seen = g_array_new(FALSE, TRUE, sizeof(seen_event));
    g_test_add_func("/events/no-loop", test_no_loop);
    g_test_add_func("/events/loop", test_loop);
    g_test_add_func("/events/add-from-thread", test_add_from_thread);
    g_test_add_func("/events/lifecycle", test_lifecycle);
    g_test_add_func("/events/filter-two-connections", test_filter_and_two_connections);
    g_test_add_func("/events/from-thread", test_from_thread);
    g_test_add_func("/events/legacy", test_legacy);
    g_test_add_func("/events/unsupported-and-close", test_unsupported_and_close);
    int rc = g_test_run();
    g_array_free(seen, TRUE);
    return rc;
}
