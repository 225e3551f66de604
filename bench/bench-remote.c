/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-remote.c — remote connections: the round trip of
 * virDomainLookupByName, open+close, and many clients at once.
 *
 * One source, built against modvirt (the remote plugin) and against
 * libvirt, run on the same daemon URIs (compare-remote.py runs both on
 * libvirtd's test driver and on modvirtd). For each URI it prints one
 * line per measure: the median and minimum over --reps repetitions, and
 * for the concurrent case the failures and the calls per second.
 *
 * usage: bench-remote [--iters N] [--reps R] [--clients C] [--calls K] URI...
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "bench-util.h"

#ifndef BENCH_REMOTE_LIB
# define BENCH_REMOTE_LIB "modvirt"
#endif

static void quiet(void *opaque, virErrorPtr err)
{
}

static double round_trip(virConnectPtr c, long iters)
{
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < iters; i++) {
        virDomainPtr d = virDomainLookupByName(c, "test");
        if (!d)
            bench_die("lookup failed: %s", virGetLastErrorMessage());
        virDomainFree(d);
    }
    return (double)(bench_now_ns() - t0) / (double)iters;
}

static double open_close(const char *uri, long iters)
{
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < iters; i++) {
        virConnectPtr c = virConnectOpen(uri);
        if (!c)
            bench_die("open %s failed: %s", uri, virGetLastErrorMessage());
        virConnectClose(c);
    }
    return (double)(bench_now_ns() - t0) / (double)iters;
}

typedef struct {
    const char *uri;
    long calls;
    long failures;
    GMutex *start_lock;
    GCond *start_cond;
    bool *go;
} client;

static gpointer client_run(gpointer data)
{
    client *cl = data;
    virConnectPtr c = virConnectOpen(cl->uri);
    g_mutex_lock(cl->start_lock);
    while (!*cl->go)
        g_cond_wait(cl->start_cond, cl->start_lock);
    g_mutex_unlock(cl->start_lock);
    if (!c) {
        cl->failures = cl->calls;
        return NULL;
    }
    for (long i = 0; i < cl->calls; i++) {
        virDomainPtr d = virDomainLookupByName(c, "test");
        if (d)
            virDomainFree(d);
        else
            cl->failures++;
    }
    virConnectClose(c);
    return NULL;
}

/* CLIENTS threads, each with its own connection, CALLS lookups each. */
static void concurrent(const char *uri, long clients, long calls, long *failures, double *rate)
{
    GMutex lock;
    GCond cond;
    bool go = false;
    g_mutex_init(&lock);
    g_cond_init(&cond);
    client *cl = g_new0(client, clients);
    GThread **t = g_new0(GThread *, clients);
    for (long i = 0; i < clients; i++) {
        cl[i] = (client){ uri, calls, 0, &lock, &cond, &go };
        t[i] = g_thread_new("client", client_run, &cl[i]);
    }
    uint64_t t0 = bench_now_ns();
    g_mutex_lock(&lock);
    go = true;
    g_cond_broadcast(&cond);
    g_mutex_unlock(&lock);
    *failures = 0;
    for (long i = 0; i < clients; i++) {
        g_thread_join(t[i]);
        *failures += cl[i].failures;
    }
    double secs = (double)(bench_now_ns() - t0) / 1e9;
    *rate = (double)(clients * calls - *failures) / secs;
    g_free(cl);
    g_free(t);
    g_mutex_clear(&lock);
    g_cond_clear(&cond);
}

int main(int argc, char **argv)
{
    static const char *const names[] = { "--iters", "--reps", "--clients", "--calls", NULL };
    long values[] = { 20000, 5, 100, 1000 };
    int first = bench_options(argc, argv,
                              "bench-remote [--iters N] [--reps R] [--clients C] [--calls K] URI...",
                              names, values);
    if (first >= argc)
        bench_die("usage: bench-remote [--iters N] [--reps R] [--clients C] [--calls K] URI...");
    long iters = values[0], reps = values[1], clients = values[2], calls = values[3];
    virSetErrorFunc(NULL, quiet);
    for (int u = first; u < argc; u++) {
        const char *uri = argv[u];
        virConnectPtr c = virConnectOpen(uri);
        if (!c)
            bench_die("open %s failed: %s", uri, virGetLastErrorMessage());
        round_trip(c, iters / 10 + 1);
        uint64_t *rt = g_new0(uint64_t, reps), *oc = g_new0(uint64_t, reps);
        for (long r = 0; r < reps; r++) {
            rt[r] = (uint64_t)round_trip(c, iters);
            oc[r] = (uint64_t)open_close(uri, iters / 20 + 1);
        }
        virConnectClose(c);
        double rt_med = bench_median(rt, (size_t)reps), oc_med = bench_median(oc, (size_t)reps);
        printf("%s\t%s\tlookup-by-name\t%.2f\t%.2f\tus\n", BENCH_REMOTE_LIB, uri,
               rt_med / 1000.0, (double)rt[0] / 1000.0);
        printf("%s\t%s\topen-close\t%.2f\t%.2f\tus\n", BENCH_REMOTE_LIB, uri,
               oc_med / 1000.0, (double)oc[0] / 1000.0);
        long failures;
        double rate;
        concurrent(uri, clients, calls, &failures, &rate);
        printf("%s\t%s\tconcurrent-%ldx%ld\t%.0f\t%ld\tcalls/s failures\n", BENCH_REMOTE_LIB, uri,
               clients, calls, rate, failures);
        fflush(stdout);
        g_free(rt);
        g_free(oc);
    }
    return 0;
}
