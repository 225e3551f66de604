/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/domain-vcpu.c — libvirt's calls on virtual CPUs and the host's
 * CPUs: the vCPUs' state and pinning, the emulator's pinning, a domain's
 * CPU time per host CPU, and the host's CPU and memory counters. Each
 * checks its arguments as libvirt's entry point does (the same codes and
 * texts, in the same order) before the driver sees them. */
#include "core/api/api-internal.h"

#include <limits.h>

#define MV_FROM_THIS VIR_FROM_DOMAIN

/* "NAME in FUNC must be greater than zero" when VALUE is not. */
static bool positive(virConnectPtr conn, long long value, const char *name, const char *func)
{
    if (value > 0)
        return true;
    mv_api_bad_arg(conn, MV_FROM_THIS, func, "%s in %s must be greater than zero", name, func);
    return false;
}

/* VIR_ERR_OVERFLOW when A * B does not fit an int. */
static bool fits(virConnectPtr conn, int a, int b)
{
    if ((long long)a * b <= INT_MAX)
        return true;
    mv_error_report(MV_FROM_THIS, VIR_ERR_OVERFLOW, "input too large: %d * %d", a, b);
    mv_error_dispatch(conn);
    return false;
}

int virDomainGetVcpus(virDomainPtr domain, virVcpuInfoPtr info, int maxinfo,
                      unsigned char *cpumaps, int maplen)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_NONNULL(info, -1);
    if (!positive(conn_, maxinfo, "maxinfo", __func__))
        return -1;
    /* Without maps, MAPLEN must be 0: libvirt's text says "not zero". */
    if (cpumaps && !positive(conn_, maplen, "maplen", __func__))
        return -1;
    if (!cpumaps && maplen != 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "maplen in %s must not be zero",
                       __func__);
        return -1;
    }
    if (cpumaps && !fits(conn_, maxinfo, maplen))
        return -1;
    MV_API_DISPATCH_INT(hv, domainGetVcpus, (domain, info, maxinfo, cpumaps, maplen));
}

static int pin_vcpu(virDomainPtr domain, unsigned int vcpu, unsigned char *cpumap,
                    int maplen, unsigned int flags, const char *func)
{
    MV_API_DOMAIN(domain, -1);
    if (mv_api_denied(conn_, MV_FROM_THIS, func))
        return -1;
    if (!cpumap) {
        mv_api_null_arg(conn_, MV_FROM_THIS, "cpumap", func);
        return -1;
    }
    if (!positive(conn_, maplen, "maplen", func))
        return -1;
    if (!conn_->hv->domainPinVcpuFlags) {
        mv_api_unsupported(conn_, MV_FROM_THIS, func);
        return -1;
    }
    return mv_api_result_int(conn_, conn_->hv->domainPinVcpuFlags(domain, vcpu, cpumap,
                                                                   maplen, flags));
}

int virDomainPinVcpu(virDomainPtr domain, unsigned int vcpu, unsigned char *cpumap,
                     int maplen)
{
    return pin_vcpu(domain, vcpu, cpumap, maplen, 0, __func__);
}

int virDomainPinVcpuFlags(virDomainPtr domain, unsigned int vcpu, unsigned char *cpumap,
                          int maplen, unsigned int flags)
{
    return pin_vcpu(domain, vcpu, cpumap, maplen, flags, __func__);
}

int virDomainGetVcpuPinInfo(virDomainPtr domain, int ncpumaps, unsigned char *cpumaps,
                            int maplen, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_NONNULL(cpumaps, -1);
    if (!positive(conn_, ncpumaps, "ncpumaps", __func__) ||
        !positive(conn_, maplen, "maplen", __func__) || !fits(conn_, ncpumaps, maplen) ||
        MV_API_EXCLUSIVE(conn_, flags, VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainGetVcpuPinInfo, (domain, ncpumaps, cpumaps, maplen, flags));
}

int virDomainPinEmulator(virDomainPtr domain, unsigned char *cpumap, int maplen,
                         unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    MV_API_NONNULL(cpumap, -1);
    if (!positive(conn_, maplen, "maplen", __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainPinEmulator, (domain, cpumap, maplen, flags));
}

int virDomainGetEmulatorPinInfo(virDomainPtr domain, unsigned char *cpumap, int maplen,
                                unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_NONNULL(cpumap, -1);
    if (!positive(conn_, maplen, "maplen", __func__) || MV_API_EXCLUSIVE(conn_, flags, VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainGetEmulatorPinInfo, (domain, cpumap, maplen, flags));
}

/* Per host CPU (START_CPU >= 0, NCPUS of them) or the total (START_CPU -1,
 * NCPUS 1): NPARAMS 0 asks how many parameters there are per CPU, NCPUS 0
 * how many host CPUs. */
int virDomainGetCPUStats(virDomainPtr domain, virTypedParameterPtr params,
                         unsigned int nparams, int start_cpu, unsigned int ncpus,
                         unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    if (start_cpu == -1) {
        if (ncpus != 1) {
            mv_api_bad_arg(conn_, MV_FROM_THIS, __func__,
                           "ncpus must be 1 when start_cpu is -1");
            return -1;
        }
    } else if (start_cpu < 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__,
                       "start_cpu in %s must be zero or greater", __func__);
        return -1;
    }
    if (nparams)
        MV_API_NONNULL(params, -1);
    else if (params) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "params in %s must be NULL", __func__);
        return -1;
    }
    if (ncpus == 0 && params) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "params in %s must be NULL", __func__);
        return -1;
    }
    if (nparams && ncpus > UINT_MAX / nparams) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_OVERFLOW, "input too large: %u * %u",
                        nparams, ncpus);
        mv_error_dispatch(conn_);
        return -1;
    }
    MV_API_DISPATCH_INT(hv, domainGetCPUStats,
                        (domain, params, nparams, start_cpu, ncpus,
                         flags | VIR_TYPED_PARAM_STRING_OKAY));
}

/* The host calls: *NPARAMS 0 asks how many counters there are. */
static bool node_args_ok(virConnectPtr conn, int which, int *nparams, const char *name,
                         const char *func)
{
    if (!nparams) {
        mv_api_null_arg(conn, MV_FROM_THIS, "nparams", func);
        return false;
    }
    if (*nparams < 0) {
        mv_api_bad_arg(conn, MV_FROM_THIS, func, "*nparams in %s must be zero or greater",
                       func);
        return false;
    }
    if (which < 0 && which != -1) {
        mv_api_bad_arg(conn, MV_FROM_THIS, func, "%s in %s only accepts %d as a negative value",
                       name, func, -1);
        return false;
    }
    return true;
}

int virNodeGetCPUStats(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr params,
                       int *nparams, unsigned int flags)
{
    MV_API_CONN(conn, -1);
    if (!node_args_ok(conn_, cpuNum, nparams, "cpuNum", __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, nodeGetCPUStats, (conn, cpuNum, params, nparams, flags));
}

int virNodeGetMemoryStats(virConnectPtr conn, int cellNum, virNodeMemoryStatsPtr params,
                          int *nparams, unsigned int flags)
{
    MV_API_CONN(conn, -1);
    if (!node_args_ok(conn_, cellNum, nparams, "cellNum", __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, nodeGetMemoryStats, (conn, cellNum, params, nparams, flags));
}

int virNodeGetCPUMap(virConnectPtr conn, unsigned char **cpumap, unsigned int *online,
                     unsigned int flags)
{
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RO, hv, nodeGetCPUMap, (conn, cpumap, online, flags));
}
