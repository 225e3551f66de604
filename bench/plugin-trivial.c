/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/plugin-trivial.c — the plugins the benchmarks load.
 *
 * Default build ("trivial.so"): the smallest valid plugin, one connect
 * driver whose connectOpen declines. Its name and URI scheme are the marker
 * TRIVIAL_MARK; bench-init copies the module N times and rewrites the marker
 * in each copy (trivial-0001, ...) because the core refuses duplicate plugin
 * names and schemes. One compile, N distinct files: see README.md.
 *
 * With -DBENCH_DISPATCH ("bench-driver.so"): scheme bench://, accepts every
 * open, and serves the trivial slots of bench-slots.h for bench-dispatch.
 */
#include <modvirt-plugin/plugin.h>

#include "bench-slots.h"

#ifdef BENCH_DISPATCH
# define BENCH_PLUGIN_NAME "bench-driver"
# define BENCH_SCHEME "bench"
#else
# define BENCH_PLUGIN_NAME TRIVIAL_MARK
# define BENCH_SCHEME TRIVIAL_MARK
#endif

static mv_open_status bench_open(virConnectPtr conn, const mv_uri *uri,
                                 virConnectAuthPtr auth, unsigned int flags)
{
#ifdef BENCH_DISPATCH
    return MV_OPEN_SUCCESS;
#else
    return MV_OPEN_DECLINED;
#endif
}

#ifdef BENCH_DISPATCH
static virDomainPtr bench_lookup(virConnectPtr conn, const char *name)
{
    static const unsigned char uuid[VIR_UUID_BUFLEN] = { 0xbe, 0x9c };
    return mv_domain_new(conn, name, uuid, 1);
}
#endif

static const mv_hypervisor_driver bench_hv = {
    .size = sizeof(mv_hypervisor_driver),
    .connectOpen = bench_open,
#ifdef BENCH_DISPATCH
    .connectGetVersion = bench_slot_get_version,
    .domainLookupByName = bench_lookup,
    .domainIsActive = bench_slot_is_active,
#endif
};

static const char *const bench_schemes[] = { BENCH_SCHEME, NULL };

static const mv_connect_driver bench_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "BENCH",
    .uri_schemes = bench_schemes,
    .hypervisor = &bench_hv,
};

static int bench_init(mv_plugin_ctx *ctx)
{
    return mv_plugin_register_connect(ctx, &bench_connect);
}

static const mv_plugin_descriptor bench_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = BENCH_PLUGIN_NAME,
    .version = "1.0",
    .description = "benchmark plugin",
    .license = "LGPL-2.1-or-later",
    .init = bench_init,
};

MV_PLUGIN_DEFINE(bench_descriptor)
