/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-qemu.c — real QEMU guests through the public API (the qemu
 * plugin's targets), one source built twice: bench-qemu-modvirt links libmodvirt,
 * bench-qemu-libvirt links libvirt (when libvirt-dev is installed).
 * compare-qemu.py runs both and prints the comparison.
 *
 *   bench-qemu [--rounds N] [--iters N] [--reps N] [--guests N] URI
 *
 * URI is qemu:///embed?root=DIR for both (compare-qemu.py makes DIR), or
 * qemu:///system. The guest is diskless: <domain type='qemu'>, 64 MiB,
 * one vCPU, machine 'pc', no device but the emulator (and what each
 * library adds by default). Measured:
 *
 *   - process-level, ROUNDS times after one warm-up round that is not
 *     counted (the first start probes the QEMU binary's capabilities):
 *       define+start  virDomainDefineXML + virDomainCreate, until Create
 *                     returns and virDomainGetState says RUNNING;
 *       destroy       virDomainDestroy, until it returns;
 *       undefine      virDomainUndefine of the shut-off guest.
 *     Each gets a "median" and a "best" line.
 *   - per call, with GUESTS guests defined and running: virDomainGetInfo
 *     on one of them (checks RUNNING) and virConnectListAllDomains (checks
 *     the count, frees every handle), and virConnectGetAllDomainStats of
 *     every group (checks a record per guest; ITERS / 1000). A warm-up
 *     loop, then REPS loops of ITERS (list: ITERS / 10); the best loop
 *     gives ns/op.
 *
 * Both libraries get the default event loop registered and run by a thread
 * (libvirt's embedded qemu driver refuses to open without one).
 *
 * Output: one line per figure, "NAME  NS ns/op  N iters", which
 * compare-qemu.py parses; N is the number of samples (process-level) or
 * the loop length. Anything unexpected exits with status 2, after
 * destroying and undefining every guest this run made.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "bench-util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BENCH_API_LIB
#define BENCH_API_LIB "?"
#endif

#define NAME_PREFIX "bench-qemu-"

static virConnectPtr conn;

static void die_api(const char *what)
{
    bench_die("bench-qemu (%s): %s failed: %s", BENCH_API_LIB, what,
              virGetLastErrorMessage());
}

static void domain_xml(char *buf, size_t len, const char *name)
{
    snprintf(buf, len,
             "<domain type='qemu'>"
             "<name>%s</name>"
             "<memory unit='MiB'>64</memory>"
             "<vcpu>1</vcpu>"
             "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
             "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices>"
             "</domain>", name);
}

/* Destroys and undefines every domain whose name starts with NAME_PREFIX:
 * at exit, so that a failed run leaves no QEMU behind. */
static void cleanup(void)
{
    if (!conn)
        return;
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, 0);
    for (int i = 0; i < n; i++) {
        const char *name = virDomainGetName(doms[i]);
        if (name && !strncmp(name, NAME_PREFIX, strlen(NAME_PREFIX))) {
            if (virDomainIsActive(doms[i]) == 1)
                virDomainDestroy(doms[i]);
            virDomainUndefine(doms[i]);
        }
        virDomainFree(doms[i]);
    }
    free(doms);
    virConnectClose(conn);
    conn = NULL;
}

static void *event_loop(void *arg)
{
    (void)arg;
    for (;;)
        if (virEventRunDefaultImpl() < 0)
            break;
    return NULL;
}

static virDomainPtr define_start(const char *name)
{
    char xml[1024];
    domain_xml(xml, sizeof(xml), name);
    virDomainPtr d = virDomainDefineXML(conn, xml);
    if (!d)
        die_api("virDomainDefineXML");
    if (virDomainCreate(d) < 0)
        die_api("virDomainCreate");
    int state = -1, reason;
    if (virDomainGetState(d, &state, &reason, 0) < 0 || state != VIR_DOMAIN_RUNNING)
        die_api("virDomainGetState (not running after virDomainCreate)");
    return d;
}

static void print_samples(const char *name, uint64_t *s, size_t n)
{
    char label[64];
    double med = bench_median(s, n);
    snprintf(label, sizeof(label), "%s median", name);
    printf("%-22s %14.1f ns/op %10zu iters\n", label, med, n);
    snprintf(label, sizeof(label), "%s best", name);
    printf("%-22s %14.1f ns/op %10zu iters\n", label, (double)s[0], n);
    fflush(stdout);
}

static void lifecycle(long rounds)
{
    uint64_t *start = calloc((size_t)rounds, sizeof(uint64_t));
    uint64_t *destroy = calloc((size_t)rounds, sizeof(uint64_t));
    uint64_t *undefine = calloc((size_t)rounds, sizeof(uint64_t));
    if (!start || !destroy || !undefine)
        bench_die("out of memory");
    for (long r = -1; r < rounds; r++) {      /* round -1: the warm-up */
        uint64_t t0 = bench_now_ns();
        virDomainPtr d = define_start(NAME_PREFIX "life");
        uint64_t t1 = bench_now_ns();
        if (virDomainDestroy(d) < 0)
            die_api("virDomainDestroy");
        uint64_t t2 = bench_now_ns();
        if (virDomainUndefine(d) < 0)
            die_api("virDomainUndefine");
        uint64_t t3 = bench_now_ns();
        virDomainFree(d);
        if (r >= 0) {
            start[r] = t1 - t0;
            destroy[r] = t2 - t1;
            undefine[r] = t3 - t2;
        }
    }
    print_samples("define+start", start, (size_t)rounds);
    print_samples("destroy", destroy, (size_t)rounds);
    print_samples("undefine", undefine, (size_t)rounds);
    free(start);
    free(destroy);
    free(undefine);
}

static virDomainPtr info_dom;
static long n_guests;

static void op_get_info(void)
{
    virDomainInfo info;
    if (virDomainGetInfo(info_dom, &info) < 0 || info.state != VIR_DOMAIN_RUNNING)
        die_api("virDomainGetInfo");
}

static void op_list_all(void)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, 0);
    if (n != n_guests)
        die_api("virConnectListAllDomains (count)");
    for (int i = 0; i < n; i++)
        virDomainFree(doms[i]);
    free(doms);
}

static void op_all_stats(void)
{
    virDomainStatsRecordPtr *recs = NULL;
    int n = virConnectGetAllDomainStats(conn, 0, &recs, 0);
    if (n != n_guests || recs[0]->nparams < 2)
        die_api("virConnectGetAllDomainStats (count)");
    virDomainStatsRecordListFree(recs);
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

static void calls(long iters, long reps)
{
    virDomainPtr *doms = calloc((size_t)n_guests, sizeof(*doms));
    if (!doms)
        bench_die("out of memory");
    for (long i = 0; i < n_guests; i++) {
        char name[32];
        snprintf(name, sizeof(name), NAME_PREFIX "%02ld", i);
        doms[i] = define_start(name);
    }
    info_dom = doms[0];

    long list_iters = iters / 10 > 0 ? iters / 10 : 1;
    double ns = best_ns_per_op(op_get_info, iters, reps);
    printf("%-22s %14.1f ns/op %10ld iters\n", "get info", ns, iters);
    ns = best_ns_per_op(op_list_all, list_iters, reps);
    printf("%-22s %14.1f ns/op %10ld iters\n", "list-all", ns, list_iters);
    /* Every group of every guest: QMP queries for each. */
    long stats_iters = iters / 1000 > 0 ? iters / 1000 : 1;
    ns = best_ns_per_op(op_all_stats, stats_iters, reps);
    printf("%-22s %14.1f ns/op %10ld iters\n", "all domain stats", ns, stats_iters);
    fflush(stdout);

    for (long i = 0; i < n_guests; i++) {
        if (virDomainDestroy(doms[i]) < 0)
            die_api("virDomainDestroy");
        if (virDomainUndefine(doms[i]) < 0)
            die_api("virDomainUndefine");
        virDomainFree(doms[i]);
    }
    free(doms);
}

int main(int argc, char **argv)
{
    static const char usage[] = "[--rounds N] [--iters N] [--reps N] [--guests N] URI";
    long opt[] = { 10, 100000, 5, 3 };
    int a = bench_options(argc, argv, usage,
                          (const char *const[]){ "--rounds", "--iters", "--reps", "--guests", NULL },
                          opt);
    if (a != argc - 1)
        bench_die("usage: %s %s", argv[0], usage);
    long rounds = opt[0], iters = opt[1], reps = opt[2];
    n_guests = opt[3];
    const char *uri = argv[a];

    if (virEventRegisterDefaultImpl() < 0)
        die_api("virEventRegisterDefaultImpl");
    pthread_t loop;
    if (pthread_create(&loop, NULL, event_loop, NULL) != 0)
        bench_die("bench-qemu: pthread_create failed");
    pthread_detach(loop);

    unsigned long ver = 0, hv = 0;
    virGetVersion(&ver, NULL, NULL);
    conn = virConnectOpen(uri);
    if (!conn)
        die_api("virConnectOpen");
    atexit(cleanup);
    if (virConnectGetVersion(conn, &hv) < 0)
        die_api("virConnectGetVersion");
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, 0);
    if (n < 0)
        die_api("virConnectListAllDomains");
    for (int i = 0; i < n; i++)
        virDomainFree(doms[i]);
    free(doms);
    if (n != 0)
        bench_die("bench-qemu (%s): %s already has %d domain(s); use an empty root",
                  BENCH_API_LIB, uri, n);

    printf("bench-qemu: %s (virGetVersion %lu.%lu.%lu, QEMU %lu.%lu.%lu) on %s, "
           "%ld rounds, best of %ld, %ld guests\n",
           BENCH_API_LIB, ver / 1000000, ver / 1000 % 1000, ver % 1000,
           hv / 1000000, hv / 1000 % 1000, hv % 1000, uri, rounds, reps, n_guests);
    fflush(stdout);
    lifecycle(rounds);
    calls(iters, reps);
    return 0;   /* cleanup() closes the connection */
}
