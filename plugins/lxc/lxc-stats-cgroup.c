/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-stats-cgroup.c — a running container's CPU and block
 * I/O statistics from its cgroup, as libvirt's lxc driver answers
 * virDomainGetCPUStats, virDomainBlockStats and virDomainBlockStatsFlags:
 * the CPU time in total and per host CPU, and the block I/O of the whole
 * container (the path ""; a container has no disks of its own). The
 * reading is the plugin API's (mv_cgroup_*_cpu_stats,
 * mv_cgroup_get_blkio_stats). */
#include "lxc.h"

/* libvirt's LXC_NB_DOMAIN_BLOCK_STAT_PARAM */
#define NB_BLOCK_STATS 4

int mv_lxc_get_cpu_stats(virDomainPtr dom, virTypedParameterPtr params, unsigned int nparams,
                         int start_cpu, unsigned int ncpus, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_TYPED_PARAM_STRING_OKAY, MV_LXC_ERR,
                             "lxcDomainGetCPUStats") < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int r = -1;
    if (!mv_lxc_dom_active(d))
        mv_lxc_report_not_running();
    else if (start_cpu == -1)
        r = mv_cgroup_total_cpu_stats(d->run.cg, MV_LXC_ERR, params, (int)nparams);
    else
        r = mv_cgroup_percpu_stats(d->run.cg, MV_LXC_ERR, NULL, 0, params, nparams, start_cpu,
                                   ncpus);
    mv_lxc_unlock(st);
    return r;
}

/* The counters of PATH: the running container's whole block I/O for "",
 * libvirt's "invalid path" for anything else. The lock is held. */
static int block_counters(mv_lxc_dom *d, const char *path, long long *rd_bytes,
                          long long *wr_bytes, long long *rd_req, long long *wr_req,
                          bool *read_failed)
{
    *read_failed = false;
    if (!mv_lxc_dom_active(d)) {
        mv_lxc_report_not_running();
        return -1;
    }
    mv_cgroup *cg = d->run.cg;
    if (!cg || !cg->dir[MV_CGROUP_BLKIO]) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID, "%s",
                        "blkio cgroup isn't mounted");
        return -1;
    }
    if (*path) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INVALID_ARG, "invalid path: %s", path);
        return -1;
    }
    if (mv_cgroup_get_blkio_stats(cg, rd_bytes, wr_bytes, rd_req, wr_req) < 0) {
        *read_failed = true;
        return -1;
    }
    return 0;
}

int mv_lxc_block_stats(virDomainPtr dom, const char *path, virDomainBlockStatsPtr stats)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    bool failed;
    int r = block_counters(d, path, &stats->rd_bytes, &stats->wr_bytes, &stats->rd_req,
                           &stats->wr_req, &failed);
    mv_lxc_unlock(st);
    return r;
}

int mv_lxc_block_stats_flags(virDomainPtr dom, const char *path, virTypedParameterPtr params,
                             int *nparams, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_TYPED_PARAM_STRING_OKAY, MV_LXC_ERR,
                             "lxcDomainBlockStatsFlags") < 0)
        return -1;
    if (*nparams == 0) {
        *nparams = NB_BLOCK_STATS;
        return 0;
    }
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    long long rd_bytes = -1, wr_bytes = -1, rd_req = -1, wr_req = -1;
    bool failed;
    int r = block_counters(d, path, &rd_bytes, &wr_bytes, &rd_req, &wr_req, &failed);
    mv_lxc_unlock(st);
    if (r < 0) {
        /* libvirt replaces the cgroup's error with its own */
        if (failed)
            mv_error_report(MV_LXC_ERR, VIR_ERR_INTERNAL_ERROR, "%s",
                            "domain stats query failed");
        return -1;
    }
    const struct { const char *field; long long v; } all[NB_BLOCK_STATS] = {
        { VIR_DOMAIN_BLOCK_STATS_WRITE_BYTES, wr_bytes },
        { VIR_DOMAIN_BLOCK_STATS_WRITE_REQ, wr_req },
        { VIR_DOMAIN_BLOCK_STATS_READ_BYTES, rd_bytes },
        { VIR_DOMAIN_BLOCK_STATS_READ_REQ, rd_req },
    };
    int n = 0;
    for (int i = 0; i < NB_BLOCK_STATS && n < *nparams; i++) {
        if (all[i].v == -1)
            continue;
        g_strlcpy(params[n].field, all[i].field, VIR_TYPED_PARAM_FIELD_LENGTH);
        params[n].type = VIR_TYPED_PARAM_LLONG;
        params[n].value.l = all[i].v;
        n++;
    }
    *nparams = n;
    return 0;
}
