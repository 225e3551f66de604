/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-stats.c — a container's statistics: the memory its
 * cgroup uses (next to the definition's current memory), its interfaces'
 * counters (the veth pairs' host ends, seen from the container), and the
 * bulk statistics groups state, cpu-total (the cgroup's CPU time) and
 * interface. */
#include "lxc.h"

#include <stdio.h>
#include <string.h>

int mv_lxc_interface_stats(virDomainPtr dom, const char *device,
                           virDomainInterfaceStatsPtr stats)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    const mv_domain_net_def *net = NULL;
    if (!mv_lxc_dom_active(d))
        mv_lxc_report_not_running();
    else if (!(net = mv_netdev_find(d->obj->def, device)))
        ;
    else if (!net->ifname)
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "'%s' is not a known interface",
                        device);
    else
        ret = mv_netdev_guest_counters(MV_LXC_ERR, net->ifname, stats);
    mv_lxc_unlock(st);
    return ret;
}

int mv_lxc_memory_stats(virDomainPtr dom, virDomainMemoryStatPtr stats, unsigned int nr_stats,
                        unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_LXC_ERR, "lxcDomainMemoryStats") < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int n = -1;
    if (!mv_lxc_dom_active(d)) {
        mv_lxc_report_not_running();
    } else {
        const virDomainMemoryStatStruct all[] = {
            { VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON, d->obj->def->current_memory },
            { VIR_DOMAIN_MEMORY_STAT_RSS, mv_cgroup_mem_kib(d->run.cg) },
        };
        for (n = 0; n < (int)nr_stats && n < (int)G_N_ELEMENTS(all); n++)
            stats[n] = all[n];
    }
    mv_lxc_unlock(st);
    return n;
}

#define STATS_SUPPORTED \
    (VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_INTERFACE)

static virDomainStatsRecordPtr record(virConnectPtr conn, mv_lxc_dom *d, unsigned int stats)
{
    virDomainStatsRecordPtr rec = g_new0(virDomainStatsRecord, 1);
    int max = 0;
    rec->dom = mv_lxc_dom_handle(conn, d);
    if (stats & VIR_DOMAIN_STATS_STATE) {
        virTypedParamsAddInt(&rec->params, &rec->nparams, &max, "state.state", d->obj->state);
        virTypedParamsAddInt(&rec->params, &rec->nparams, &max, "state.reason", d->obj->reason);
    }
    if (!mv_lxc_dom_active(d))
        return rec;
    if (stats & VIR_DOMAIN_STATS_CPU_TOTAL)
        virTypedParamsAddULLong(&rec->params, &rec->nparams, &max, "cpu.time",
                                mv_cgroup_cpu_ns(d->run.cg));
    if (stats & VIR_DOMAIN_STATS_INTERFACE) {
        const mv_domain_def *def = d->obj->def;
        virTypedParamsAddUInt(&rec->params, &rec->nparams, &max, "net.count",
                              (unsigned int)def->devices->nnets);
        for (size_t i = 0; i < def->devices->nnets; i++) {
            const mv_domain_net_def *net = def->devices->nets[i];
            virDomainInterfaceStatsStruct s;
            char name[VIR_TYPED_PARAM_FIELD_LENGTH];
            if (!net->ifname)
                continue;
            snprintf(name, sizeof(name), "net.%zu.name", i);
            virTypedParamsAddString(&rec->params, &rec->nparams, &max, name, net->ifname);
            if (mv_netdev_guest_counters(MV_LXC_ERR, net->ifname, &s) < 0) {
                mv_error_reset();
                continue;
            }
            const struct { const char *what; long long v; } c[] = {
                { "rx.bytes", s.rx_bytes }, { "rx.pkts", s.rx_packets },
                { "rx.errs", s.rx_errs }, { "rx.drop", s.rx_drop },
                { "tx.bytes", s.tx_bytes }, { "tx.pkts", s.tx_packets },
                { "tx.errs", s.tx_errs }, { "tx.drop", s.tx_drop },
            };
            for (size_t k = 0; k < G_N_ELEMENTS(c); k++) {
                snprintf(name, sizeof(name), "net.%zu.%s", i, c[k].what);
                virTypedParamsAddULLong(&rec->params, &rec->nparams, &max, name,
                                        (unsigned long long)c[k].v);
            }
        }
    }
    return rec;
}

int mv_lxc_get_all_domain_stats(virConnectPtr conn, virDomainPtr *doms, unsigned int ndoms,
                                unsigned int stats, virDomainStatsRecordPtr **retStats,
                                unsigned int flags)
{
    mv_lxc_state *st = mv_lxc_lock(conn);
    mv_domain_obj **objs = mv_domain_list_stats_select(st->doms, doms, ndoms, &stats,
                                                       STATS_SUPPORTED, flags, MV_LXC_ERR,
                                                       "lxcConnectGetAllDomainStats");
    if (!objs) {
        mv_lxc_unlock(st);
        return -1;
    }
    size_t n = 0;
    while (objs[n])
        n++;
    virDomainStatsRecordPtr *recs = g_new0(virDomainStatsRecordPtr, n + 1);
    for (size_t i = 0; i < n; i++)
        recs[i] = record(conn, objs[i]->priv, stats);
    mv_lxc_unlock(st);
    mv_domain_obj_list_free(objs);
    *retStats = recs;
    return (int)n;
}
