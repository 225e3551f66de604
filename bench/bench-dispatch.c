/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-dispatch.c — what a public call adds on top of the driver
 * slot it dispatches to.
 *
 *   bench-dispatch [--iters N] [--reps N] BENCH-DRIVER.so
 *
 * Opens bench:/// on bench-driver.so and times, in a tight loop (best of
 * REPS runs of ITERS calls), virConnectGetVersion and virDomainIsActive
 * against the same slots called through a function pointer (the floor: an
 * indirect call to the very same code, see bench-slots.h). The dispatch
 * overhead is the difference.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "bench-slots.h"
#include "bench-util.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TARGET_OVERHEAD_NS 50.0

/* Sets RESULT to the best ns per BODY over REPS loops of ITERS. */
#define BEST_NS_PER_OP(result, iters, reps, body) \
    do { \
        double best_ = 1e30; \
        for (int r_ = 0; r_ < (reps); r_++) { \
            uint64_t t0_ = bench_now_ns(); \
            for (long i_ = 0; i_ < (iters); i_++) { body; } \
            double ns_ = (double)(bench_now_ns() - t0_) / (double)(iters); \
            best_ = ns_ < best_ ? ns_ : best_; \
        } \
        (result) = best_; \
    } while (0)

int main(int argc, char **argv)
{
    static const char usage[] = "[--iters N] [--reps N] BENCH-DRIVER.so";
    long opt[] = { 10000000, 5 };  /* iters, reps */
    int a = bench_options(argc, argv, usage, (const char *const[]){ "--iters", "--reps", NULL }, opt);
    long iters = opt[0];
    int reps = (int)opt[1];
    if (a + 1 != argc)
        bench_die("usage: %s %s", argv[0], usage);

    char *dir = bench_dir_new(argv[a]);
    bench_dir_link(dir, argv[a]);
    g_setenv("MODVIRT_PLUGIN_DIR", dir, TRUE);
    virConnectPtr conn = virConnectOpen("bench:///");
    virDomainPtr dom = conn ? virDomainLookupByName(conn, "b1") : NULL;
    bench_dir_free(dir);
    if (!dom)
        bench_die("cannot open bench:/// on %s: %s", argv[a], virGetLastErrorMessage());

    /* volatile: reloaded and called indirectly every iteration, as the
     * core does with conn->hv->slot. */
    int (*volatile get_version)(virConnectPtr, unsigned long *) = bench_slot_get_version;
    int (*volatile is_active)(virDomainPtr) = bench_slot_is_active;
    unsigned long ver = 0;
    volatile long sink = 0;
    double direct_ver, api_ver, direct_active, api_active;
    BEST_NS_PER_OP(direct_ver, iters, reps, sink += get_version(conn, &ver));
    BEST_NS_PER_OP(api_ver, iters, reps, sink += virConnectGetVersion(conn, &ver));
    BEST_NS_PER_OP(direct_active, iters, reps, sink += is_active(dom));
    BEST_NS_PER_OP(api_active, iters, reps, sink += virDomainIsActive(dom));
    if (ver != 1000000 || sink != 2L * reps * iters)
        bench_die("unexpected results from the bench driver (version %lu)", ver);

    printf("dispatch into a driver slot, best of %d x %ld calls\n", reps, iters);
    printf("  %-22s %12s %12s %12s\n", "call", "public ns", "direct ns", "overhead ns");
    printf("  %-22s %12.2f %12.2f %12.2f\n", "virConnectGetVersion", api_ver, direct_ver,
           api_ver - direct_ver);
    printf("  %-22s %12.2f %12.2f %12.2f\n", "virDomainIsActive", api_active, direct_active,
           api_active - direct_active);
    double worst = MAX(api_ver - direct_ver, api_active - direct_active);
    printf("dispatch overhead: %.2f ns (worst of the two; target <= %.0f ns: %s)\n", worst,
           TARGET_OVERHEAD_NS, worst <= TARGET_OVERHEAD_NS ? "ok" : "OVER TARGET");
    virDomainFree(dom);
    virConnectClose(conn);
    return 0;
}
