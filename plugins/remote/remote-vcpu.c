/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-vcpu.c — the calls on virtual CPUs and the host's
 * CPUs over RPC: CPU bitmaps as opaque bytes, vCPU records, the host's
 * counters as (field, value) pairs, a domain's CPU time per host CPU as
 * typed parameters. As libvirt's client, a request larger than the
 * protocol carries is refused before it is sent, and a reply larger than
 * the caller's room is refused. */
#include "remote.h"

#include <string.h>

static int too_big(const char *what, long long n, long long max)
{
    mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "%s: %lld > %lld", what, n, max);
    return -1;
}

int mv_remote_domain_get_vcpus(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                               unsigned char *cpumaps, int maplen)
{
    if (maxinfo > MV_REMOTE_VCPUINFO_MAX)
        return too_big("vCPU count exceeds maximum", maxinfo, MV_REMOTE_VCPUINFO_MAX);
    if ((long long)maxinfo * maplen > MV_REMOTE_CPUMAPS_MAX)
        return too_big("vCPU map buffer length exceeds maximum", (long long)maxinfo * maplen,
                       MV_REMOTE_CPUMAPS_MAX);
    mv_remote_domain_get_vcpus_args a;
    mv_remote_domain_get_vcpus_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.maxinfo = maxinfo;
    a.maplen = maplen;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_VCPUS,
                       mv_remote_domain_get_vcpus_args_xdr, &a,
                       mv_remote_domain_get_vcpus_ret_xdr, &r) < 0)
        return -1;
    int rc = -1;
    if (r.info.n > (uint32_t)maxinfo || r.cpumaps.n > (uint32_t)(maxinfo * maplen)) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "host reply too large: %u > %d",
                        r.info.n, maxinfo);
        goto out;
    }
    memset(info, 0, sizeof(*info) * maxinfo);
    for (uint32_t i = 0; i < r.info.n; i++) {
        info[i].number = r.info.v[i].number;
        info[i].state = r.info.v[i].state;
        info[i].cpuTime = r.info.v[i].cpu_time;
        info[i].cpu = r.info.v[i].cpu;
    }
    if (cpumaps) {
        memset(cpumaps, 0, (size_t)maxinfo * maplen);
        if (r.cpumaps.n)
            memcpy(cpumaps, r.cpumaps.v, r.cpumaps.n);
    }
    rc = (int)r.info.n;
out:
    mv_xdr_free(mv_remote_domain_get_vcpus_ret_xdr, &r);
    return rc;
}

/* FLAGS 0 goes as virDomainPinVcpu, for daemons that answer only that. */
int mv_remote_domain_pin_vcpu_flags(virDomainPtr dom, unsigned int vcpu,
                                    unsigned char *cpumap, int maplen, unsigned int flags)
{
    if (maplen > MV_REMOTE_CPUMAP_MAX)
        return too_big("map length greater than maximum", maplen, MV_REMOTE_CPUMAP_MAX);
    if (flags == 0) {
        mv_remote_domain_pin_vcpu_args a;
        memset(&a, 0, sizeof(a));
        mv_remote_domain_put(&a.dom, dom, false);
        a.vcpu = vcpu;
        a.cpumap.n = (uint32_t)maplen;
        a.cpumap.v = cpumap;
        return mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_PIN_VCPU,
                              mv_remote_domain_pin_vcpu_args_xdr, &a, mv_remote_void_xdr,
                              NULL);
    }
    mv_remote_domain_pin_vcpu_flags_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_domain_put(&a.dom, dom, false);
    a.vcpu = vcpu;
    a.cpumap.n = (uint32_t)maplen;
    a.cpumap.v = cpumap;
    a.flags = flags;
    return mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_PIN_VCPU_FLAGS,
                          mv_remote_domain_pin_vcpu_flags_args_xdr, &a, mv_remote_void_xdr,
                          NULL);
}

int mv_remote_domain_get_vcpu_pin_info(virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                       int maplen, unsigned int flags)
{
    if (ncpumaps > MV_REMOTE_VCPUINFO_MAX)
        return too_big("vCPU count exceeds maximum", ncpumaps, MV_REMOTE_VCPUINFO_MAX);
    if ((long long)ncpumaps * maplen > MV_REMOTE_CPUMAPS_MAX)
        return too_big("vCPU map buffer length exceeds maximum", (long long)ncpumaps * maplen,
                       MV_REMOTE_CPUMAPS_MAX);
    mv_remote_domain_get_vcpu_pin_info_args a;
    mv_remote_domain_get_vcpu_pin_info_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.ncpumaps = ncpumaps;
    a.maplen = maplen;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_VCPU_PIN_INFO,
                       mv_remote_domain_get_vcpu_pin_info_args_xdr, &a,
                       mv_remote_domain_get_vcpu_pin_info_ret_xdr, &r) < 0)
        return -1;
    int rc = -1;
    if (r.num > ncpumaps || r.cpumaps.n > (uint32_t)(ncpumaps * maplen)) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "host reply too large: %d > %d", r.num,
                        ncpumaps);
        goto out;
    }
    memset(cpumaps, 0, (size_t)ncpumaps * maplen);
    if (r.cpumaps.n)
        memcpy(cpumaps, r.cpumaps.v, r.cpumaps.n);
    rc = r.num;
out:
    mv_xdr_free(mv_remote_domain_get_vcpu_pin_info_ret_xdr, &r);
    return rc;
}

int mv_remote_domain_pin_emulator(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                  unsigned int flags)
{
    if (maplen > MV_REMOTE_CPUMAP_MAX)
        return too_big("map length greater than maximum", maplen, MV_REMOTE_CPUMAP_MAX);
    mv_remote_domain_pin_emulator_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_domain_put(&a.dom, dom, false);
    a.cpumap.n = (uint32_t)maplen;
    a.cpumap.v = cpumap;
    a.flags = flags;
    return mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_PIN_EMULATOR,
                          mv_remote_domain_pin_emulator_args_xdr, &a, mv_remote_void_xdr, NULL);
}

int mv_remote_domain_get_emulator_pin_info(virDomainPtr dom, unsigned char *cpumap,
                                           int maplen, unsigned int flags)
{
    if (maplen > MV_REMOTE_CPUMAPS_MAX)
        return too_big("vCPU map buffer length exceeds maximum", maplen, MV_REMOTE_CPUMAPS_MAX);
    mv_remote_domain_get_emulator_pin_info_args a;
    mv_remote_domain_get_emulator_pin_info_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.maplen = maplen;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_EMULATOR_PIN_INFO,
                       mv_remote_domain_get_emulator_pin_info_args_xdr, &a,
                       mv_remote_domain_get_emulator_pin_info_ret_xdr, &r) < 0)
        return -1;
    int rc = -1;
    if (r.cpumaps.n > (uint32_t)maplen) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "host reply too large: %u > %d",
                        r.cpumaps.n, maplen);
        goto out;
    }
    memset(cpumap, 0, maplen);
    if (r.cpumaps.n)
        memcpy(cpumap, r.cpumaps.v, r.cpumaps.n);
    rc = r.ret;
out:
    mv_xdr_free(mv_remote_domain_get_emulator_pin_info_ret_xdr, &r);
    return rc;
}

/* The reply leaves out the empty parameters at the end and carries the
 * NPARAMS filled per CPU; they go back at the caller's stride. */
int mv_remote_domain_get_cpu_stats(virDomainPtr dom, virTypedParameterPtr params,
                                   unsigned int nparams, int start_cpu, unsigned int ncpus,
                                   unsigned int flags)
{
    if ((unsigned long long)nparams * ncpus > MV_REMOTE_DOMAIN_GET_CPU_STATS_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "nparams * ncpus exceeds maximum: %u * %u > %d",
                        nparams, ncpus, MV_REMOTE_DOMAIN_GET_CPU_STATS_MAX);
        return -1;
    }
    if (ncpus > MV_REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX)
        return too_big("ncpus exceeds maximum", ncpus, MV_REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX);
    mv_remote_domain_get_cpu_stats_args a;
    mv_remote_domain_get_cpu_stats_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.nparams = nparams;
    a.start_cpu = start_cpu;
    a.ncpus = ncpus;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_CPU_STATS,
                       mv_remote_domain_get_cpu_stats_args_xdr, &a,
                       mv_remote_domain_get_cpu_stats_ret_xdr, &r) < 0)
        return -1;
    if (r.params.n > nparams * ncpus ||
        (r.params.n && (r.nparams <= 0 || (unsigned int)r.nparams > nparams ||
                        r.params.n % (uint32_t)r.nparams))) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC,
                        "remoteDomainGetCPUStats: returned number of stats exceeds limit");
        mv_xdr_free(mv_remote_domain_get_cpu_stats_ret_xdr, &r);
        return -1;
    }
    int rc = r.nparams;
    if (nparams) {
        memset(params, 0, sizeof(*params) * nparams * ncpus);
        for (uint32_t i = 0; i < r.params.n; i++) {
            uint32_t cpu = i / (uint32_t)r.nparams, k = i % (uint32_t)r.nparams;
            params[cpu * nparams + k] = r.params.v[i];   /* strings move to the caller */
        }
        g_free(r.params.v);
        r.params.v = NULL;
        r.params.n = 0;
    }
    mv_xdr_free(mv_remote_domain_get_cpu_stats_ret_xdr, &r);
    return rc;
}

/* The host's counters, into the public struct (both kinds are a field
 * name and a value). */
static int node_stats(virConnectPtr conn, bool memory, int which, virNodeCPUStats *params,
                      int *nparams, unsigned int flags)
{
    mv_remote_node_get_cpu_stats_ret r;   /* the memory reply has the same layout */
    memset(&r, 0, sizeof(r));
    int rc;
    if (memory) {
        mv_remote_node_get_memory_stats_args a = { .nparams = *nparams, .cellNum = which,
                                                    .flags = flags };
        rc = mv_remote_call(conn, MV_REMOTE_PROC_NODE_GET_MEMORY_STATS,
                            mv_remote_node_get_memory_stats_args_xdr, &a,
                            mv_remote_node_get_memory_stats_ret_xdr, &r);
    } else {
        mv_remote_node_get_cpu_stats_args a = { .cpuNum = which, .nparams = *nparams,
                                                 .flags = flags };
        rc = mv_remote_call(conn, MV_REMOTE_PROC_NODE_GET_CPU_STATS,
                            mv_remote_node_get_cpu_stats_args_xdr, &a,
                            mv_remote_node_get_cpu_stats_ret_xdr, &r);
    }
    if (rc < 0)
        return -1;
    int max = memory ? MV_REMOTE_NODE_MEMORY_STATS_MAX : MV_REMOTE_NODE_CPU_STATS_MAX;
    rc = -1;
    if (r.params.n > (uint32_t)*nparams || r.params.n > (uint32_t)max) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "%s: returned number of stats exceeds limit",
                        memory ? "remoteNodeGetMemoryStats" : "remoteNodeGetCPUStats");
        goto out;
    }
    if (*nparams == 0) {
        *nparams = r.nparams;
        rc = 0;
        goto out;
    }
    for (uint32_t i = 0; i < r.params.n; i++) {
        if (g_strlcpy(params[i].field, r.params.v[i].field, sizeof(params[i].field)) >=
            sizeof(params[i].field)) {
            mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                            "Stats %s too big for destination", r.params.v[i].field);
            goto out;
        }
        params[i].value = r.params.v[i].value;
    }
    *nparams = (int)r.params.n;
    rc = 0;
out:
    mv_xdr_free(mv_remote_node_get_cpu_stats_ret_xdr, &r);
    return rc;
}

int mv_remote_node_get_cpu_stats(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr params,
                                 int *nparams, unsigned int flags)
{
    return node_stats(conn, false, cpuNum, params, nparams, flags);
}

int mv_remote_node_get_memory_stats(virConnectPtr conn, int cellNum,
                                    virNodeMemoryStatsPtr params, int *nparams,
                                    unsigned int flags)
{
    return node_stats(conn, true, cellNum, (virNodeCPUStats *)params, nparams, flags);
}

int mv_remote_node_get_cpu_map(virConnectPtr conn, unsigned char **cpumap,
                               unsigned int *online, unsigned int flags)
{
    mv_remote_node_get_cpu_map_args a = { .need_map = !!cpumap, .need_online = !!online,
                                          .flags = flags };
    mv_remote_node_get_cpu_map_ret r;
    memset(&r, 0, sizeof(r));
    if (mv_remote_call(conn, MV_REMOTE_PROC_NODE_GET_CPU_MAP,
                       mv_remote_node_get_cpu_map_args_xdr, &a,
                       mv_remote_node_get_cpu_map_ret_xdr, &r) < 0)
        return -1;
    if (r.ret < 0) {
        mv_xdr_free(mv_remote_node_get_cpu_map_ret_xdr, &r);
        return -1;
    }
    if (cpumap) {
        *cpumap = g_malloc0(r.cpumap.n ? r.cpumap.n : 1);
        if (r.cpumap.n)
            memcpy(*cpumap, r.cpumap.v, r.cpumap.n);
    }
    if (online)
        *online = r.online;
    int n = r.ret;
    mv_xdr_free(mv_remote_node_get_cpu_map_ret_xdr, &r);
    return n;
}
