/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-api.c — the public API on test:///default, one source built
 * twice: bench-api-modvirt links libmodvirt, bench-api-libvirt links
 * libvirt (when libvirt-dev is installed). compare-api.py runs both with
 * the same iteration counts and prints the comparison.
 *
 *   bench-api [--iters N] [--reps N] [--extra N]
 *
 * Each operation runs a warm-up loop, then REPS timed loops; the best loop
 * is reported in ns per operation. ITERS is the loop length of the cheap
 * calls; the heavier operations run a fixed fraction of it (see ops[]), the
 * same in both builds. One connection ("keeper") stays open for the whole
 * run: both libraries free the shared test:///default state when its last
 * connection closes, so without it open+close would also build and tear
 * down the default objects every time.
 *
 * Output: one line per operation, "NAME  NS ns/op  ITERS iters", which
 * compare-api.py parses; anything unexpected exits with status 2.
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

static virConnectPtr conn;     /* the keeper, open for the whole run */
static virDomainPtr dom_test;  /* the default domain "test" */
static long n_extra;
static char (*extra_names)[32];
static long cursor;            /* spreads lookups over the extra domains */

static const char def_xml[] =
    "<domain type='test'>"
    "<name>bench-def</name>"
    "<uuid>5b1d5c4a-0b8f-4c7e-9d1a-3f0e2a6c7b01</uuid>"
    "<memory unit='KiB'>1048576</memory>"
    "<vcpu>1</vcpu>"
    "<os><type arch='i686'>hvm</type></os>"
    "</domain>";

static const char create_xml[] =
    "<domain type='test'>"
    "<name>bench-create</name>"
    "<uuid>5b1d5c4a-0b8f-4c7e-9d1a-3f0e2a6c7b02</uuid>"
    "<memory unit='KiB'>1048576</memory>"
    "<vcpu>1</vcpu>"
    "<os><type arch='i686'>hvm</type></os>"
    "</domain>";

static void die_api(const char *what)
{
    bench_die("bench-api (%s): %s failed: %s", BENCH_API_LIB, what,
              virGetLastErrorMessage());
}

static void op_open_close(void)
{
    virConnectPtr c = virConnectOpen(URI);
    if (!c)
        die_api("virConnectOpen");
    if (virConnectClose(c) < 0)
        die_api("virConnectClose");
}

static void op_lookup(void)
{
    virDomainPtr d = virDomainLookupByName(conn, "test");
    if (!d)
        die_api("virDomainLookupByName(test)");
    virDomainFree(d);
}

static void op_get_info(void)
{
    virDomainInfo info;
    if (virDomainGetInfo(dom_test, &info) < 0 || info.state != VIR_DOMAIN_RUNNING)
        die_api("virDomainGetInfo");
}

static void op_dumpxml(void)
{
    char *xml = virDomainGetXMLDesc(dom_test, 0);
    if (!xml)
        die_api("virDomainGetXMLDesc");
    free(xml);
}

static void op_define_undefine(void)
{
    virDomainPtr d = virDomainDefineXML(conn, def_xml);
    if (!d)
        die_api("virDomainDefineXML");
    if (virDomainUndefine(d) < 0)
        die_api("virDomainUndefine");
    virDomainFree(d);
}

static void op_create_destroy(void)
{
    virDomainPtr d = virDomainCreateXML(conn, create_xml, 0);
    if (!d)
        die_api("virDomainCreateXML");
    if (virDomainDestroy(d) < 0)
        die_api("virDomainDestroy");
    virDomainFree(d);
}

static void op_list_all(void)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, 0);
    if (n != n_extra + 1)
        die_api("virConnectListAllDomains (count)");
    for (int i = 0; i < n; i++)
        virDomainFree(doms[i]);
    free(doms);
}

static void op_lookup_among(void)
{
    /* 617 is prime to any count below it that is not a multiple: the
     * names visited jump across the whole set instead of walking it. */
    cursor = (cursor + 617) % n_extra;
    virDomainPtr d = virDomainLookupByName(conn, extra_names[cursor]);
    if (!d)
        die_api("virDomainLookupByName (among the extra domains)");
    virDomainFree(d);
}

static void define_extra(void)
{
    extra_names = calloc((size_t)n_extra, sizeof(*extra_names));
    if (!extra_names)
        bench_die("out of memory");
    for (long i = 0; i < n_extra; i++) {
        char xml[512];
        snprintf(extra_names[i], sizeof(extra_names[i]), "bench-extra-%05ld", i);
        snprintf(xml, sizeof(xml),
                 "<domain type='test'><name>%s</name>"
                 "<uuid>6b1d5c4a-0b8f-4c7e-9d1a-%012ld</uuid>"
                 "<memory unit='KiB'>1048576</memory><vcpu>1</vcpu>"
                 "<os><type arch='i686'>hvm</type></os></domain>",
                 extra_names[i], i);
        virDomainPtr d = virDomainDefineXML(conn, xml);
        if (!d)
            die_api("virDomainDefineXML (extra domains)");
        virDomainFree(d);
    }
}

static void undefine_extra(void)
{
    for (long i = 0; i < n_extra; i++) {
        virDomainPtr d = virDomainLookupByName(conn, extra_names[i]);
        if (!d || virDomainUndefine(d) < 0)
            die_api("virDomainUndefine (extra domains)");
        virDomainFree(d);
    }
    free(extra_names);
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

/* DIV: the loop is ITERS / DIV long (heavier calls). EXTRA: needs the
 * extra domains defined first. */
static const struct {
    const char *name;
    void (*fn)(void);
    long div;
    int extra;
} ops[] = {
    { "open+close", op_open_close, 10, 0 },
    { "lookup by name", op_lookup, 1, 0 },
    { "get info", op_get_info, 1, 0 },
    { "dumpxml", op_dumpxml, 4, 0 },
    { "define+undefine", op_define_undefine, 20, 0 },
    { "createXML+destroy", op_create_destroy, 20, 0 },
    { "list-all (+N extra)", op_list_all, 1000, 1 },
    { "lookup among N", op_lookup_among, 1, 1 },
};

int main(int argc, char **argv)
{
    static const char usage[] = "[--iters N] [--reps N] [--extra N]";
    long opt[] = { 100000, 5, 1000 };
    int a = bench_options(argc, argv, usage,
                          (const char *const[]){ "--iters", "--reps", "--extra", NULL }, opt);
    if (a != argc)
        bench_die("usage: %s %s", argv[0], usage);
    long iters = opt[0], reps = opt[1];
    n_extra = opt[2];

    unsigned long ver = 0;
    virGetVersion(&ver, NULL, NULL);
    conn = virConnectOpen(URI);
    if (!conn)
        die_api("virConnectOpen(" URI ")");
    dom_test = virDomainLookupByName(conn, "test");
    if (!dom_test)
        die_api("virDomainLookupByName(test)");

    printf("bench-api: %s (virGetVersion %lu.%lu.%lu) on %s, best of %ld, %ld extra domains\n",
           BENCH_API_LIB,
           ver / 1000000, ver / 1000 % 1000, ver % 1000, URI, reps, n_extra);
    int extra_defined = 0;
    for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        if (ops[k].extra && !extra_defined) {
            define_extra();
            extra_defined = 1;
        }
        long n = iters / ops[k].div > 0 ? iters / ops[k].div : 1;
        double ns = best_ns_per_op(ops[k].fn, n, reps);
        printf("%-22s %14.1f ns/op %10ld iters\n", ops[k].name, ns, n);
        fflush(stdout);
    }
    undefine_extra();

    virDomainFree(dom_test);
    if (virConnectClose(conn) != 0)
        bench_die("bench-api (%s): the keeper connection still has references", BENCH_API_LIB);
    return 0;
}
