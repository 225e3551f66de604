/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-stats.c — the bulk statistics on test:///default with many
 * running domains, one source built twice (bench-stats-modvirt links
 * libmodvirt, bench-stats-libvirt libvirt), compared by compare-api.py.
 *
 *   bench-stats [--iters N] [--reps N] [--extra N]
 *
 * EXTRA domains are created (running) besides "test"; each operation runs
 * a warm-up loop, then REPS timed loops of ITERS / DIV calls, and prints
 * its best loop as "NAME  NS ns/op  ITERS iters" (compare-api.py's format).
 * Every call's result is checked: a record per domain, state first.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "bench-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BENCH_API_LIB
#define BENCH_API_LIB "?"
#endif

#define URI "test:///default"

static virConnectPtr conn;
static long n_extra;
static virDomainPtr *extra;     /* the running extra domains, NULL-terminated */

static void die_api(const char *what)
{
    const char *msg = virGetLastErrorMessage();
    bench_die("bench-stats (%s): %s failed: %s", BENCH_API_LIB, what, msg ? msg : "?");
}

static void check_records(virDomainStatsRecordPtr *recs, int n, long want, const char *what)
{
    if (n != want)
        die_api(what);
    for (int i = 0; i < n; i++)
        if (recs[i]->nparams < 2 || strcmp(recs[i]->params[0].field, "state.state") != 0)
            die_api(what);
    virDomainStatsRecordListFree(recs);
}

static void op_all_stats(void)
{
    virDomainStatsRecordPtr *recs = NULL;
    int n = virConnectGetAllDomainStats(conn, 0, &recs, 0);
    check_records(recs, n, n_extra + 1, "virConnectGetAllDomainStats");
}

static void op_all_stats_running(void)
{
    virDomainStatsRecordPtr *recs = NULL;
    int n = virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_STATE, &recs,
                                        VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING);
    check_records(recs, n, n_extra + 1, "virConnectGetAllDomainStats (running)");
}

static void op_list_stats(void)
{
    virDomainStatsRecordPtr *recs = NULL;
    int n = virDomainListGetStats(extra, VIR_DOMAIN_STATS_STATE, &recs, 0);
    check_records(recs, n, n_extra, "virDomainListGetStats");
}

static void create_extra(void)
{
    extra = calloc((size_t)n_extra + 1, sizeof(*extra));
    if (!extra)
        bench_die("out of memory");
    for (long i = 0; i < n_extra; i++) {
        char xml[512];
        snprintf(xml, sizeof(xml),
                 "<domain type='test'><name>bench-stats-%05ld</name>"
                 "<uuid>7b1d5c4a-0b8f-4c7e-9d1a-%012ld</uuid>"
                 "<memory unit='KiB'>1048576</memory><vcpu>1</vcpu>"
                 "<os><type arch='i686'>hvm</type></os></domain>", i, i);
        if (!(extra[i] = virDomainCreateXML(conn, xml, 0)))
            die_api("virDomainCreateXML (extra domains)");
    }
}

static void destroy_extra(void)
{
    for (long i = 0; i < n_extra; i++) {
        if (virDomainDestroy(extra[i]) < 0)
            die_api("virDomainDestroy (extra domains)");
        virDomainFree(extra[i]);
    }
    free(extra);
}

static double best_ns_per_op(void (*fn)(void), long iters, long reps)
{
    long warm = iters / 10 > 0 ? iters / 10 : 1;
    for (long i = 0; i < warm; i++)
        fn();
    double best = 1e30;
    for (long r = 0; r < reps; r++) {
        uint64_t t0 = bench_now_ns();
        for (long i = 0; i < iters; i++)
            fn();
        double ns = (double)(bench_now_ns() - t0) / (double)iters;
        best = ns < best ? ns : best;
    }
    return best;
}

static const struct {
    const char *name;
    void (*fn)(void);
    long div;
} ops[] = {
    { "all stats (N+1 running)", op_all_stats, 100 },
    { "running, state group", op_all_stats_running, 100 },
    { "list of N, state group", op_list_stats, 100 },
};

int main(int argc, char **argv)
{
    static const char usage[] = "[--iters N] [--reps N] [--extra N]";
    long opt[] = { 100000, 5, 100 };
    int a = bench_options(argc, argv, usage,
                          (const char *const[]){ "--iters", "--reps", "--extra", NULL }, opt);
    if (a != argc || opt[2] < 1)
        bench_die("usage: %s %s", argv[0], usage);
    long iters = opt[0], reps = opt[1];
    n_extra = opt[2];

    unsigned long ver = 0;
    virGetVersion(&ver, NULL, NULL);
    conn = virConnectOpen(URI);
    if (!conn)
        die_api("virConnectOpen(" URI ")");
    printf("bench-api: %s (virGetVersion %lu.%lu.%lu) on %s, best of %ld, %ld extra running "
           "domains\n", BENCH_API_LIB, ver / 1000000, ver / 1000 % 1000, ver % 1000, URI, reps,
           n_extra);
    create_extra();
    for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        long n = iters / ops[k].div > 0 ? iters / ops[k].div : 1;
        double ns = best_ns_per_op(ops[k].fn, n, reps);
        printf("%-24s %14.1f ns/op %10ld iters\n", ops[k].name, ns, n);
        fflush(stdout);
    }
    destroy_extra();
    if (virConnectClose(conn) != 0)
        bench_die("bench-stats (%s): the connection still has references", BENCH_API_LIB);
    return 0;
}
