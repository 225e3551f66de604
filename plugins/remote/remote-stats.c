/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-stats.c — the statistics calls over RPC that are
 * written by hand: block and interface counters, the typed parameter reads
 * and the block I/O tune set, and the bulk statistics, whose records come
 * back as domains and typed parameters. Replies with more than the caller
 * has room for are refused, as libvirt's client refuses them. */
#include "remote.h"

#include <string.h>

int mv_remote_domain_block_stats(virDomainPtr dom, const char *path,
                                 virDomainBlockStatsPtr stats)
{
    mv_remote_domain_block_stats_args a;
    mv_remote_domain_block_stats_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.path = (char *)path;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_BLOCK_STATS,
                       mv_remote_domain_block_stats_args_xdr, &a,
                       mv_remote_domain_block_stats_ret_xdr, &r) < 0)
        return -1;
    stats->rd_req = r.rd_req;
    stats->rd_bytes = r.rd_bytes;
    stats->wr_req = r.wr_req;
    stats->wr_bytes = r.wr_bytes;
    stats->errs = r.errs;
    return 0;
}

int mv_remote_domain_interface_stats(virDomainPtr dom, const char *device,
                                     virDomainInterfaceStatsPtr stats)
{
    mv_remote_domain_interface_stats_args a;
    mv_remote_domain_interface_stats_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.device = (char *)device;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_INTERFACE_STATS,
                       mv_remote_domain_interface_stats_args_xdr, &a,
                       mv_remote_domain_interface_stats_ret_xdr, &r) < 0)
        return -1;
    stats->rx_bytes = r.rx_bytes;
    stats->rx_packets = r.rx_packets;
    stats->rx_errs = r.rx_errs;
    stats->rx_drop = r.rx_drop;
    stats->tx_bytes = r.tx_bytes;
    stats->tx_packets = r.tx_packets;
    stats->tx_errs = r.tx_errs;
    stats->tx_drop = r.tx_drop;
    return 0;
}

int mv_remote_domain_block_stats_flags(virDomainPtr dom, const char *path,
                                       virTypedParameterPtr params, int *nparams,
                                       unsigned int flags)
{
    mv_remote_domain_block_stats_flags_args a;
    mv_remote_domain_block_stats_flags_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.path = (char *)path;
    a.nparams = *nparams;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_BLOCK_STATS_FLAGS,
                       mv_remote_domain_block_stats_flags_args_xdr, &a,
                       mv_remote_domain_block_stats_flags_ret_xdr, &r) < 0)
        return -1;
    return mv_remote_params_take(r.params.v, r.params.n, r.nparams, params, nparams);
}

int mv_remote_domain_get_block_io_tune(virDomainPtr dom, const char *disk,
                                       virTypedParameterPtr params, int *nparams,
                                       unsigned int flags)
{
    mv_remote_domain_get_block_io_tune_args a;
    mv_remote_domain_get_block_io_tune_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.disk = (char *)disk;
    a.nparams = *nparams;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_BLOCK_IO_TUNE,
                       mv_remote_domain_get_block_io_tune_args_xdr, &a,
                       mv_remote_domain_get_block_io_tune_ret_xdr, &r) < 0)
        return -1;
    return mv_remote_params_take(r.params.v, r.params.n, r.nparams, params, nparams);
}

int mv_remote_domain_set_block_io_tune(virDomainPtr dom, const char *disk,
                                       virTypedParameterPtr params, int nparams,
                                       unsigned int flags)
{
    if (!mv_remote_params_fit(nparams, MV_REMOTE_DOMAIN_BLOCK_IO_TUNE_PARAMETERS_MAX))
        return -1;
    mv_remote_domain_set_block_io_tune_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_domain_put(&a.dom, dom, false);
    a.disk = (char *)disk;
    a.params.n = (uint32_t)nparams;
    a.params.v = params;
    a.flags = flags;
    return mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_SET_BLOCK_IO_TUNE,
                          mv_remote_domain_set_block_io_tune_args_xdr, &a, mv_remote_void_xdr,
                          NULL);
}

int mv_remote_connect_get_all_domain_stats(virConnectPtr conn, virDomainPtr *doms,
                                           unsigned int ndoms, unsigned int stats,
                                           virDomainStatsRecordPtr **retStats,
                                           unsigned int flags)
{
    if (ndoms > MV_REMOTE_DOMAIN_LIST_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "too many domains '%u' for limit '%d'",
                        ndoms, MV_REMOTE_DOMAIN_LIST_MAX);
        return -1;
    }
    mv_remote_connect_get_all_domain_stats_args a;
    mv_remote_connect_get_all_domain_stats_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    a.doms.n = ndoms;
    a.doms.v = ndoms ? g_new0(mv_remote_domain, ndoms) : NULL;
    for (unsigned int i = 0; i < ndoms; i++)
        mv_remote_domain_put(&a.doms.v[i], doms[i], false);
    a.stats = stats;
    a.flags = flags;
    int rc = mv_remote_call(conn, MV_REMOTE_PROC_CONNECT_GET_ALL_DOMAIN_STATS,
                            mv_remote_connect_get_all_domain_stats_args_xdr, &a,
                            mv_remote_connect_get_all_domain_stats_ret_xdr, &r);
    g_free(a.doms.v);
    if (rc < 0)
        return -1;
    virDomainStatsRecordPtr *out = g_new0(virDomainStatsRecordPtr, r.retStats.n + 1);
    uint32_t i = 0;
    for (; i < r.retStats.n; i++) {
        mv_remote_domain_stats_record *w = &r.retStats.v[i];
        virDomainPtr dom = mv_remote_domain_get(conn, &w->dom);
        if (!dom)
            break;
        out[i] = g_new0(virDomainStatsRecord, 1);
        out[i]->dom = dom;
        out[i]->params = g_steal_pointer(&w->params.v);
        out[i]->nparams = (int)w->params.n;
        w->params.n = 0;
    }
    bool ok = i == r.retStats.n;
    mv_xdr_free(mv_remote_connect_get_all_domain_stats_ret_xdr, &r);
    if (!ok) {
        /* Freeing handles is a public call, which resets the error. */
        virErrorPtr err = virSaveLastError();
        virDomainStatsRecordListFree(out);
        if (err)
            mv_error_relay(err);
        virFreeError(err);
        return -1;
    }
    *retStats = out;
    return (int)i;
}
