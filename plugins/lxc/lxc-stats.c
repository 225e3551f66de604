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
#define STATS_FILTERS \
    (VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE | VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE | \
     VIR_CONNECT_GET_ALL_DOMAINS_STATS_PERSISTENT | VIR_CONNECT_GET_ALL_DOMAINS_STATS_TRANSIENT | \
     VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING | VIR_CONNECT_GET_ALL_DOMAINS_STATS_PAUSED | \
     VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF | VIR_CONNECT_GET_ALL_DOMAINS_STATS_OTHER)

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
    if (mv_error_check_flags(flags, STATS_FILTERS | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT |
                             VIR_CONNECT_GET_ALL_DOMAINS_STATS_BACKING |
                             VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS,
                             MV_LXC_ERR, "lxcConnectGetAllDomainStats") < 0)
        return -1;
    if ((flags & VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS) &&
        (stats & ~STATS_SUPPORTED)) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "Stats types bits 0x%x are not supported by this daemon",
                        stats & ~STATS_SUPPORTED);
        return -1;
    }
    if (!stats)
        stats = STATS_SUPPORTED;
    unsigned char (*uuids)[VIR_UUID_BUFLEN] = g_malloc0_n(ndoms + 1, VIR_UUID_BUFLEN);
    for (unsigned int i = 0; i < ndoms; i++)
        virDomainGetUUID(doms[i], uuids[i]);
    mv_lxc_state *st = mv_lxc_lock(conn);
    GPtrArray *out = g_ptr_array_new();
    mv_domain_obj **all = NULL;
    unsigned int filters = flags & STATS_FILTERS;
    if (doms) {
        for (unsigned int i = 0; i < ndoms; i++) {
            mv_domain_obj *o = mv_domain_list_find_uuid(st->doms, uuids[i]);
            if (o && mv_domain_obj_matches(o, filters))
                g_ptr_array_add(out, record(conn, o->priv, stats));
        }
    } else {
        all = mv_domain_list_collect(st->doms, filters, NULL);
        for (mv_domain_obj **o = all; *o; o++)
            g_ptr_array_add(out, record(conn, (*o)->priv, stats));
    }
    mv_lxc_unlock(st);
    mv_domain_obj_list_free(all);
    g_free(uuids);
    int n = (int)out->len;
    g_ptr_array_add(out, NULL);
    *retStats = (virDomainStatsRecordPtr *)g_ptr_array_free(out, FALSE);
    return n;
}
