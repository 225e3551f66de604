/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-vcpu.c — the procedures on virtual CPUs and the host's CPUs,
 * whose CPU bitmaps, vCPU records, counters and per-CPU typed parameters
 * the generated handlers do not carry. The bounds are libvirt's: a call
 * asking for more than the protocol can carry is refused before the
 * driver sees it, as libvirt's daemon refuses it. */
#include "daemon.h"

#include <limits.h>
#include <string.h>

#define PROTO_LIMIT(cond, text) \
    do { \
        if (cond) { \
            mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", text); \
            return -1; \
        } \
    } while (0)

static virDomainPtr domain_of(virConnectPtr conn, mv_remote_domain *wire)
{
    if (!mvd_need_conn(conn))
        return NULL;
    return mv_remote_domain_get(conn, wire);
}

int mv_rpcd_custom_domain_get_vcpus(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                    void *ret)
{
    (void)call;
    mv_remote_domain_get_vcpus_args *a = args;
    mv_remote_domain_get_vcpus_ret *r = ret;
    PROTO_LIMIT(a->maxinfo > MV_REMOTE_VCPUINFO_MAX, "maxinfo > REMOTE_VCPUINFO_MAX");
    PROTO_LIMIT(a->maplen > 0 && (long long)a->maxinfo * a->maplen > MV_REMOTE_CPUMAPS_MAX,
                "maxinfo * maplen > REMOTE_CPUMAPS_MAX");
    virDomainPtr dom = domain_of(conn, &a->dom);
    if (!dom)
        return -1;
    int maxinfo = a->maxinfo > 0 ? a->maxinfo : 1;
    size_t maplen = a->maplen > 0 ? (size_t)a->maplen : 0;
    virVcpuInfo *info = g_new0(virVcpuInfo, maxinfo);
    unsigned char *maps = maplen ? g_malloc0((size_t)maxinfo * maplen) : NULL;
    int n = virDomainGetVcpus(dom, info, a->maxinfo, maps, a->maplen);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (n < 0) {
        g_free(info);
        g_free(maps);
        return -1;
    }
    r->info.n = (uint32_t)n;
    r->info.v = g_new0(mv_remote_vcpu_info, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        r->info.v[i].number = info[i].number;
        r->info.v[i].state = info[i].state;
        r->info.v[i].cpu_time = info[i].cpuTime;
        r->info.v[i].cpu = info[i].cpu;
    }
    g_free(info);
    r->cpumaps.n = maps ? (uint32_t)(a->maxinfo * maplen) : 0;
    r->cpumaps.v = maps;
    return 0;
}

static int pin_vcpu(virConnectPtr conn, mv_remote_domain *wire, unsigned int vcpu,
                    uint8_t *map, uint32_t maplen, long flags)
{
    virDomainPtr dom = domain_of(conn, wire);
    if (!dom)
        return -1;
    unsigned char none = 0;
    int rc = flags < 0 ? virDomainPinVcpu(dom, vcpu, map ? map : &none, (int)maplen)
                       : virDomainPinVcpuFlags(dom, vcpu, map ? map : &none, (int)maplen,
                                               (unsigned int)flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    return rc;
}

int mv_rpcd_custom_domain_pin_vcpu(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                   void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_pin_vcpu_args *a = args;
    return pin_vcpu(conn, &a->dom, a->vcpu, a->cpumap.v, a->cpumap.n, -1);
}

int mv_rpcd_custom_domain_pin_vcpu_flags(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                         void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_pin_vcpu_flags_args *a = args;
    return pin_vcpu(conn, &a->dom, a->vcpu, a->cpumap.v, a->cpumap.n, a->flags);
}

int mv_rpcd_custom_domain_get_vcpu_pin_info(mv_rpcd_call *call, virConnectPtr conn,
                                            void *args, void *ret)
{
    (void)call;
    mv_remote_domain_get_vcpu_pin_info_args *a = args;
    mv_remote_domain_get_vcpu_pin_info_ret *r = ret;
    PROTO_LIMIT(a->ncpumaps > MV_REMOTE_VCPUINFO_MAX, "ncpumaps > REMOTE_VCPUINFO_MAX");
    PROTO_LIMIT((long long)a->ncpumaps * a->maplen > MV_REMOTE_CPUMAPS_MAX,
                "maxinfo * maplen > REMOTE_CPUMAPS_MAX");
    virDomainPtr dom = domain_of(conn, &a->dom);
    if (!dom)
        return -1;
    size_t len = a->ncpumaps > 0 && a->maplen > 0 ? (size_t)a->ncpumaps * a->maplen : 0;
    unsigned char *maps = g_malloc0(len ? len : 1);
    int n = virDomainGetVcpuPinInfo(dom, a->ncpumaps, maps, a->maplen, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (n < 0) {
        g_free(maps);
        return -1;
    }
    r->num = n;
    r->cpumaps.n = (uint32_t)len;
    r->cpumaps.v = maps;
    return 0;
}

int mv_rpcd_custom_domain_pin_emulator(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                       void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_pin_emulator_args *a = args;
    virDomainPtr dom = domain_of(conn, &a->dom);
    if (!dom)
        return -1;
    unsigned char none = 0;
    int rc = virDomainPinEmulator(dom, a->cpumap.v ? a->cpumap.v : &none, (int)a->cpumap.n,
                                  a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    return rc;
}

int mv_rpcd_custom_domain_get_emulator_pin_info(mv_rpcd_call *call, virConnectPtr conn,
                                                void *args, void *ret)
{
    (void)call;
    mv_remote_domain_get_emulator_pin_info_args *a = args;
    mv_remote_domain_get_emulator_pin_info_ret *r = ret;
    PROTO_LIMIT(a->maplen > MV_REMOTE_CPUMAPS_MAX, "maplen > REMOTE_CPUMAPS_MAX");
    virDomainPtr dom = domain_of(conn, &a->dom);
    if (!dom)
        return -1;
    size_t len = a->maplen > 0 ? (size_t)a->maplen : 0;
    unsigned char *map = g_malloc0(len ? len : 1);
    int n = virDomainGetEmulatorPinInfo(dom, map, a->maplen, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (n < 0) {
        g_free(map);
        return -1;
    }
    r->ret = n;
    r->cpumaps.n = (uint32_t)len;
    r->cpumaps.v = map;
    return 0;
}

/* The parameters of the first CPUs that have any, the first PER of each:
 * the driver leaves the others empty, and the client spreads these back
 * at its own stride. */
int mv_rpcd_custom_domain_get_cpu_stats(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                        void *ret)
{
    (void)call;
    mv_remote_domain_get_cpu_stats_args *a = args;
    mv_remote_domain_get_cpu_stats_ret *r = ret;
    PROTO_LIMIT(a->nparams > MV_REMOTE_NODE_CPU_STATS_MAX, "nparams too large");
    PROTO_LIMIT(a->ncpus > MV_REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX, "ncpus too large");
    virDomainPtr dom = domain_of(conn, &a->dom);
    if (!dom)
        return -1;
    size_t total = (size_t)a->nparams * a->ncpus;
    virTypedParameter *params = total ? g_new0(virTypedParameter, total) : NULL;
    int per = virDomainGetCPUStats(dom, params, a->nparams, a->start_cpu, a->ncpus, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (per < 0) {
        g_free(params);
        return -1;
    }
    r->nparams = per;
    if (!params)
        return 0;
    unsigned int cpus = a->ncpus;
    while (cpus > 0 && !params[(cpus - 1) * a->nparams].field[0])
        cpus--;
    r->params.v = g_new0(virTypedParameter, (size_t)cpus * per + 1);
    for (unsigned int c = 0; c < cpus; c++)
        for (int i = 0; i < per; i++)
            r->params.v[r->params.n++] = params[c * a->nparams + i];
    g_free(params);   /* the strings moved to the reply */
    return 0;
}

/* The host's counters: *NPARAMS 0 asks how many there are. */
static int node_stats(virConnectPtr conn, int which, int nparams, unsigned int flags,
                      bool memory, int *count, uint32_t *n, mv_remote_node_stat **out)
{
    if (!mvd_need_conn(conn))
        return -1;
    int max = memory ? MV_REMOTE_NODE_MEMORY_STATS_MAX : MV_REMOTE_NODE_CPU_STATS_MAX;
    PROTO_LIMIT(nparams > max, "nparams too large");
    /* Both public structs are a field name and a value, alike. */
    virNodeCPUStats *params = g_new0(virNodeCPUStats, nparams > 0 ? nparams : 1);
    int rc = memory ? virNodeGetMemoryStats(conn, which, (virNodeMemoryStatsPtr)params,
                                            &nparams, flags)
                    : virNodeGetCPUStats(conn, which, params, &nparams, flags);
    if (rc < 0) {
        g_free(params);
        return -1;
    }
    *count = nparams;
    if (nparams > 0 && params[0].field[0]) {
        *out = g_new0(mv_remote_node_stat, nparams);
        for (int i = 0; i < nparams; i++) {
            (*out)[i].field = g_strdup(params[i].field);
            (*out)[i].value = params[i].value;
        }
        *n = (uint32_t)nparams;
    }
    g_free(params);
    return 0;
}

int mv_rpcd_custom_node_get_cpu_stats(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                      void *ret)
{
    (void)call;
    mv_remote_node_get_cpu_stats_args *a = args;
    mv_remote_node_get_cpu_stats_ret *r = ret;
    return node_stats(conn, a->cpuNum, a->nparams, a->flags, false, &r->nparams,
                      &r->params.n, &r->params.v);
}

int mv_rpcd_custom_node_get_memory_stats(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                         void *ret)
{
    (void)call;
    mv_remote_node_get_memory_stats_args *a = args;
    mv_remote_node_get_memory_stats_ret *r = ret;
    return node_stats(conn, a->cellNum, a->nparams, a->flags, true, &r->nparams,
                      &r->params.n, &r->params.v);
}

int mv_rpcd_custom_node_get_cpu_map(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                    void *ret)
{
    (void)call;
    mv_remote_node_get_cpu_map_args *a = args;
    mv_remote_node_get_cpu_map_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    unsigned char *map = NULL;
    unsigned int online = 0;
    int n = virNodeGetCPUMap(conn, a->need_map ? &map : NULL, a->need_online ? &online : NULL,
                             a->flags);
    if (n < 0)
        return -1;
    r->ret = n;
    r->online = online;
    if (map) {
        r->cpumap.n = (uint32_t)VIR_CPU_MAPLEN(n);
        r->cpumap.v = g_memdup2(map, r->cpumap.n);
        free(map);
    }
    return 0;
}
