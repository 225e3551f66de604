/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-run.c — starting and stopping a network, with
 * the state lock held: checks first (nothing changes on a refusal), then
 * bridge, forwarding, nft table, dnsmasq, status file; any failure undoes
 * what was done. mode='bridge' only records the host bridge it names. */
#include "bnet-net.h"

#include <string.h>

/* Modes for which we build a bridge, a firewall and dnsmasq. */
bool mv_bnet_net_has_host_side(const mv_network_def *def)
{
    switch (def->forward->mode) {
    case MV_NETWORK_FORWARD_NONE:
    case MV_NETWORK_FORWARD_NAT:
    case MV_NETWORK_FORWARD_ROUTE:
    case MV_NETWORK_FORWARD_OPEN:
        return true;
    default:
        return false;
    }
}

/* With RETIRE (destroy: the live definition), once dnsmasq has exited and
 * the nft table is gone, the bridge is set down, stripped of RETIRE's
 * addresses and renamed to a reserved name, and the state's worker
 * deletes it (~40 ms in the kernel): when this returns its name is free
 * and nothing of the network is reachable. Otherwise (failed start,
 * reconcile), or if that fails, the bridge is deleted here. */
static void bnet_run_teardown(mv_bnet_state *st, const char *name, mv_bnet_run *run,
                              const mv_network_def *retire)
{
    /* dnsmasq exits while the nft table goes; reaped after */
    mv_bnet_dnsmasq_signal(run);
    if (run->firewall && run->bridge)
        mv_bnet_nft_remove(run->bridge);
    run->firewall = false;
    if (retire)
        mv_bnet_dnsmasq_stop(run);
    if (run->created && run->bridge) {
        char *retired = NULL;
        if (retire && mv_bnet_link_retire(retire, run->bridge, &retired) == 0) {
            if (retired)
                mv_bnet_reap_link(st, retired);
        } else if (mv_bnet_link_delete(run->bridge) < 0) {
            /* cleanup logs its own failures: an error being reported stays */
            mv_log(MV_LOG_WARN, MV_BNET_SRC, "network '%s': bridge '%s' left behind",
                   name, run->bridge);
        }
    }
    run->created = false;
    g_clear_pointer(&run->bridge, g_free);
    mv_bnet_dnsmasq_stop(run);
}

void mv_bnet_run_teardown(mv_bnet_state *st, const char *name, mv_bnet_run *run)
{
    bnet_run_teardown(st, name, run, NULL);
}

static int bnet_start_host_side(mv_bnet_state *st, mv_bnet_net *n)
{
    const mv_network_def *def = n->def;
    if (mv_bnet_check_start(st, n) < 0)
        return -1;
    if (mv_bnet_bridge_create(def, def->bridge) < 0)
        return -1;
    n->run.bridge = g_strdup(def->bridge);
    n->run.created = true;
    if (mv_bnet_ip_forward_enable(def) < 0)
        goto fail;
    /* Mark before applying: a half-applied table is still ours to delete. */
    n->run.firewall = true;
    if (mv_bnet_nft_apply(def, def->bridge) < 0)
        goto fail;
    if (mv_bnet_dnsmasq_needed(def) && mv_bnet_dnsmasq_start(st, def, &n->run) < 0)
        goto fail;
    return 0;

fail:
    mv_bnet_run_teardown(st, def->name, &n->run);
    mv_bnet_dnsmasq_files_remove(st, def->name, false);
    return -1;
}

int mv_bnet_net_start(mv_bnet_state *st, mv_bnet_net *n)
{
    const mv_network_def *def = n->def;
    if (n->active) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_OPERATION_INVALID,
                        "network '%s' is already active", def->name);
        return -1;
    }
    if (mv_bnet_net_has_host_side(def)) {
        if (bnet_start_host_side(st, n) < 0)
            return -1;
    } else if (def->forward->mode == MV_NETWORK_FORWARD_BRIDGE && def->bridge) {
        n->run.bridge = g_strdup(def->bridge);
    } else {
        mv_error_report(MV_BNET_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "network '%s': forward mode '%s' is not supported by the bridge-net "
                        "driver (use nat, route, open, bridge with a bridge name, or no <forward>)",
                        def->name, mv_network_forward_mode_to_string(def->forward->mode));
        return -1;
    }
    /* A network no status file names would run on unseen by every other
     * process (its bridge, firewall and dnsmasq never cleaned up), so a
     * start that cannot record it fails and undoes it all. */
    if (mv_bnet_status_save(st, n) < 0) {
        mv_bnet_run_teardown(st, def->name, &n->run);
        mv_bnet_dnsmasq_files_remove(st, def->name, false);
        return -1;
    }
    n->active = true;
    mv_log(MV_LOG_DEBUG, MV_BNET_SRC, "network '%s' started on '%s'", def->name,
           n->run.bridge ? n->run.bridge : "");
    return 0;
}

void mv_bnet_net_stop(mv_bnet_state *st, mv_bnet_net *n)
{
    const char *name = n->def->name;
    bnet_run_teardown(st, name, &n->run, n->def);
    mv_bnet_dnsmasq_files_remove(st, name, !n->persistent);
    mv_bnet_status_remove(st, name);
    n->active = false;
    if (n->newdef) {
        mv_network_def_free(n->def);
        n->def = g_steal_pointer(&n->newdef);
    }
}
