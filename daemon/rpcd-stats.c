/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-stats.c — the statistics procedures the generated handlers
 * do not carry: block and interface counters (the whole struct goes back,
 * the client copies what its caller has room for), the typed parameter
 * reads (room for as many as the client has; 0 asks how many there are),
 * the block I/O tune set, and the bulk statistics of every domain or of
 * the client's domains, as libvirt's daemon serves them. */
#include "daemon.h"

#include <string.h>

int mv_rpcd_custom_domain_block_stats(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                      void *ret)
{
    (void)call;
    mv_remote_domain_block_stats_args *a = args;
    mv_remote_domain_block_stats_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    virDomainBlockStatsStruct st;
    int rc = virDomainBlockStats(dom, a->path, &st, sizeof(st));
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (rc < 0)
        return -1;
    r->rd_req = st.rd_req;
    r->rd_bytes = st.rd_bytes;
    r->wr_req = st.wr_req;
    r->wr_bytes = st.wr_bytes;
    r->errs = st.errs;
    return 0;
}

int mv_rpcd_custom_domain_interface_stats(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                          void *ret)
{
    (void)call;
    mv_remote_domain_interface_stats_args *a = args;
    mv_remote_domain_interface_stats_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    virDomainInterfaceStatsStruct st;
    int rc = virDomainInterfaceStats(dom, a->device, &st, sizeof(st));
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (rc < 0)
        return -1;
    r->rx_bytes = st.rx_bytes;
    r->rx_packets = st.rx_packets;
    r->rx_errs = st.rx_errs;
    r->rx_drop = st.rx_drop;
    r->tx_bytes = st.tx_bytes;
    r->tx_packets = st.tx_packets;
    r->tx_errs = st.tx_errs;
    r->tx_drop = st.tx_drop;
    return 0;
}

int mvd_read_params(virConnectPtr conn, mv_remote_domain *wire, const char *what, int nparams,
                    unsigned int flags, int max, mvd_params_read_fn read, int *count,
                    virTypedParameter **out, uint32_t *n)
{
    if (!mvd_need_conn(conn))
        return -1;
    if (nparams > max) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "nparams too large");
        return -1;
    }
    virDomainPtr dom = mv_remote_domain_get(conn, wire);
    if (!dom)
        return -1;
    virTypedParameter *params = nparams > 0 ? g_new0(virTypedParameter, nparams) : NULL;
    int got = nparams;
    int rc = read(dom, what, params, &got, flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (rc < 0) {
        g_free(params);
        return -1;
    }
    if (nparams == 0) {
        *count = got;
        return 0;
    }
    *out = params;
    *n = (uint32_t)got;
    return 0;
}

int mv_rpcd_custom_domain_block_stats_flags(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                            void *ret)
{
    (void)call;
    mv_remote_domain_block_stats_flags_args *a = args;
    mv_remote_domain_block_stats_flags_ret *r = ret;
    return mvd_read_params(conn, &a->dom, a->path, a->nparams, a->flags,
                       MV_REMOTE_DOMAIN_BLOCK_STATS_PARAMETERS_MAX, virDomainBlockStatsFlags,
                       &r->nparams, &r->params.v, &r->params.n);
}

int mv_rpcd_custom_domain_get_block_io_tune(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                            void *ret)
{
    (void)call;
    mv_remote_domain_get_block_io_tune_args *a = args;
    mv_remote_domain_get_block_io_tune_ret *r = ret;
    return mvd_read_params(conn, &a->dom, a->disk, a->nparams, a->flags,
                       MV_REMOTE_DOMAIN_BLOCK_IO_TUNE_PARAMETERS_MAX, virDomainGetBlockIoTune,
                       &r->nparams, &r->params.v, &r->params.n);
}

int mv_rpcd_custom_domain_set_block_io_tune(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                            void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_set_block_io_tune_args *a = args;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    virTypedParameter none;
    int rc = virDomainSetBlockIoTune(dom, a->disk, a->params.n ? a->params.v : &none,
                                     (int)a->params.n, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    return rc;
}

int mv_rpcd_custom_connect_get_all_domain_stats(mv_rpcd_call *call, virConnectPtr conn,
                                                void *args, void *ret)
{
    (void)call;
    mv_remote_connect_get_all_domain_stats_args *a = args;
    mv_remote_connect_get_all_domain_stats_ret *r = ret;
    virDomainStatsRecordPtr *stats = NULL;
    int n;
    if (!mvd_need_conn(conn))
        return -1;
    if (a->doms.n) {
        virDomainPtr *doms = g_new0(virDomainPtr, a->doms.n + 1);
        uint32_t got = 0;
        for (; got < a->doms.n; got++)
            if (!(doms[got] = mv_remote_domain_get(conn, &a->doms.v[got])))
                break;
        n = got == a->doms.n ? virDomainListGetStats(doms, a->stats, &stats, a->flags) : -1;
        for (uint32_t i = 0; i < got; i++)
            MVD_KEEP_ERROR(virDomainFree(doms[i]));
        g_free(doms);
    } else {
        n = virConnectGetAllDomainStats(conn, a->stats, &stats, a->flags);
    }
    if (n < 0)
        return -1;
    if (n > MV_REMOTE_DOMAIN_LIST_MAX) {
        MVD_KEEP_ERROR(virDomainStatsRecordListFree(stats));
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                        "Number of domain stats records is %d, which exceeds max limit: %d", n,
                        MV_REMOTE_DOMAIN_LIST_MAX);
        return -1;
    }
    /* The reply takes the records' parameters; the handles go as names. */
    r->retStats.v = g_new0(mv_remote_domain_stats_record, n > 0 ? n : 1);
    r->retStats.n = (uint32_t)n;
    for (int i = 0; i < n; i++) {
        mv_remote_domain_stats_record *w = &r->retStats.v[i];
        mv_remote_domain_put(&w->dom, stats[i]->dom, true);
        w->params.v = g_steal_pointer(&stats[i]->params);
        w->params.n = (uint32_t)stats[i]->nparams;
        stats[i]->nparams = 0;
    }
    virDomainStatsRecordListFree(stats);
    return 0;
}
