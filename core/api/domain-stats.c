/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/domain-stats.c — libvirt's statistics calls on domains: the
 * balloon's memory statistics and their collection period, block and
 * interface counters, a block device's sizes and throttling, and the bulk
 * statistics of many domains at once (what monitoring exporters read).
 * Argument checks, read-only refusals and the copying of fixed structs to
 * callers with older (smaller) ones are libvirt's; drivers see the calls
 * as drivers.h describes them. */
#include "core/api/api-internal.h"

#include <string.h>

#define MV_FROM_THIS VIR_FROM_DOMAIN

int virDomainMemoryStats(virDomainPtr dom, virDomainMemoryStatPtr stats, unsigned int nr_stats,
                         unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    /* No room asks for nothing; more room than there are tags is capped. */
    if (!stats || nr_stats == 0)
        return 0;
    if (nr_stats > VIR_DOMAIN_MEMORY_STAT_NR)
        nr_stats = VIR_DOMAIN_MEMORY_STAT_NR;
    MV_API_DISPATCH_INT(hv, domainMemoryStats, (dom, stats, nr_stats, flags));
}

int virDomainSetMemoryStatsPeriod(virDomainPtr domain, int period, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    if (period < 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "period in %s must be zero or greater",
                       __func__);
        return -1;
    }
    MV_API_DISPATCH_INT(hv, domainSetMemoryStatsPeriod, (domain, period, flags));
}

int virDomainBlockStats(virDomainPtr dom, const char *disk, virDomainBlockStatsPtr stats,
                        size_t size)
{
    /* as libvirt: what a driver does not count stays -1 */
    virDomainBlockStatsStruct full = { -1, -1, -1, -1, -1 };
    MV_API_DOMAIN(dom, -1);
    MV_API_NONNULL(disk, -1);
    MV_API_NONNULL(stats, -1);
    if (size > sizeof(full)) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "size must not exceed %zu",
                       sizeof(full));
        return -1;
    }
    if (!conn_->hv->domainBlockStats) {
        mv_api_unsupported(conn_, MV_FROM_THIS, __func__);
        return -1;
    }
    if (conn_->hv->domainBlockStats(dom, disk, &full) < 0)
        return mv_api_result_int(conn_, -1);
    memcpy(stats, &full, size);
    return 0;
}

int virDomainBlockStatsFlags(virDomainPtr dom, const char *disk, virTypedParameterPtr params,
                             int *nparams, unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    MV_API_NONNULL(disk, -1);
    MV_API_NONNULL(nparams, -1);
    if (*nparams < 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "*nparams in %s must be zero or greater",
                       __func__);
        return -1;
    }
    if (*nparams != 0)
        MV_API_NONNULL(params, -1);
    flags |= VIR_TYPED_PARAM_STRING_OKAY;
    MV_API_DISPATCH_INT(hv, domainBlockStatsFlags, (dom, disk, params, nparams, flags));
}

int virDomainInterfaceStats(virDomainPtr dom, const char *device,
                            virDomainInterfaceStatsPtr stats, size_t size)
{
    virDomainInterfaceStatsStruct full;
    MV_API_DOMAIN(dom, -1);
    MV_API_NONNULL(device, -1);
    MV_API_NONNULL(stats, -1);
    if (size > sizeof(full)) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "size must not exceed %zu",
                       sizeof(full));
        return -1;
    }
    if (!conn_->hv->domainInterfaceStats) {
        mv_api_unsupported(conn_, MV_FROM_THIS, __func__);
        return -1;
    }
    memset(&full, 0, sizeof(full));
    if (conn_->hv->domainInterfaceStats(dom, device, &full) < 0)
        return mv_api_result_int(conn_, -1);
    memcpy(stats, &full, size);
    return 0;
}

int virDomainGetBlockInfo(virDomainPtr dom, const char *disk, virDomainBlockInfoPtr info,
                          unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    MV_API_NONNULL(disk, -1);
    MV_API_NONNULL(info, -1);
    memset(info, 0, sizeof(*info));
    MV_API_DISPATCH_INT(hv, domainGetBlockInfo, (dom, disk, info, flags));
}

int virDomainSetBlockIoTune(virDomainPtr dom, const char *disk, virTypedParameterPtr params,
                            int nparams, unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    MV_API_WRITABLE(-1);
    MV_API_NONNULL(disk, -1);
    if (nparams <= 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "nparams in %s must be greater than zero",
                       __func__);
        return -1;
    }
    MV_API_NONNULL(params, -1);
    if (!MV_API_PARAM_NAMES_OK(conn_, params, nparams, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainSetBlockIoTune, (dom, disk, params, nparams, flags));
}

int virDomainGetBlockIoTune(virDomainPtr dom, const char *disk, virTypedParameterPtr params,
                            int *nparams, unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    MV_API_NONNULL(nparams, -1);
    if (*nparams < 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "*nparams in %s must be zero or greater",
                       __func__);
        return -1;
    }
    if (*nparams != 0) {
        MV_API_NONNULL(params, -1);
        MV_API_NONNULL(disk, -1);
    }
    flags |= VIR_TYPED_PARAM_STRING_OKAY;
    if (MV_API_EXCLUSIVE(conn_, flags, VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainGetBlockIoTune, (dom, disk, params, nparams, flags));
}

int virConnectGetAllDomainStats(virConnectPtr conn, unsigned int stats,
                                virDomainStatsRecordPtr **retStats, unsigned int flags)
{
    if (retStats)
        *retStats = NULL;
    MV_API_CONN(conn, -1);
    MV_API_NONNULL(retStats, -1);
    MV_API_DISPATCH_INT(hv, connectGetAllDomainStats, (conn, NULL, 0, stats, retStats, flags));
}

int virDomainListGetStats(virDomainPtr *doms, unsigned int stats,
                          virDomainStatsRecordPtr **retStats, unsigned int flags)
{
    mv_error_reset_last();
    if (retStats)
        *retStats = NULL;
    if (!retStats || !doms) {
        mv_api_null_arg(NULL, MV_FROM_THIS, !retStats ? "retStats" : "doms", __func__);
        return -1;
    }
    if (!doms[0]) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_INVALID_ARG,
                        "doms array in %s must contain at least one domain", __func__);
        mv_error_dispatch(NULL);
        return -1;
    }
    virDomainPtr first = doms[0];
    MV_API_DOMAIN(first, -1);
    unsigned int ndoms = 0;
    for (virDomainPtr *next = doms; *next; next++, ndoms++) {
        if (!mv_domain_ok(*next)) {
            mv_api_invalid_handle(VIR_FROM_DOM, VIR_ERR_INVALID_DOMAIN, __func__);
            return -1;
        }
        if ((*next)->conn != conn_) {
            mv_error_report(MV_FROM_THIS, VIR_ERR_INVALID_ARG,
                            "domains in 'doms' array must belong to a single connection");
            mv_error_dispatch(conn_);
            return -1;
        }
    }
    MV_API_DISPATCH_INT(hv, connectGetAllDomainStats,
                        (conn_, doms, ndoms, stats, retStats, flags));
}

void virDomainStatsRecordListFree(virDomainStatsRecordPtr *stats)
{
    if (!stats)
        return;
    for (virDomainStatsRecordPtr *next = stats; *next; next++) {
        virTypedParamsFree((*next)->params, (*next)->nparams);
        if ((*next)->dom)
            virDomainFree((*next)->dom);
        g_free(*next);
    }
    g_free(stats);
}
