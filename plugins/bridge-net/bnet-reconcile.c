/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-reconcile.c — networks recorded as running,
 * checked against the host when a state is loaded (after a crash or a
 * restart) and at each later open. As libvirt: a network whose bridge is
 * gone is torn down and marked inactive; one whose dnsmasq is gone gets
 * it restarted (and its nft table reapplied). Then autostart. */
#include "bnet-net.h"

#include <net/if.h>
#include <string.h>

/* The network named NAME, or NULL (nothing reported). */
static mv_bnet_net *bnet_find_quiet(mv_bnet_state *st, const char *name)
{
    return mv_object_find_name(&mv_bnet_net_kind, st->nets->pdata, st->nets->len, name);
}

/* One RUN/NAME.status (TEXT); NULL (logged) when unusable. */
static mv_network_def *bnet_status_read(mv_bnet_state *st, const char *name, const char *text,
                                        mv_bnet_run *run)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    if (!g_key_file_load_from_data(kf, text, (gsize)-1, 0, NULL)) {
        g_autofree char *path = mv_bnet_run_path(st, name, ".status");
        mv_log(MV_LOG_WARN, MV_BNET_SRC, "cannot read status file %s: not a key file", path);
        return NULL;
    }
    g_autofree char *xml = g_key_file_get_string(kf, "status", "xml", NULL);
    mv_network_def *def = xml ? mv_network_def_parse(xml, 0) : NULL;
    if (!def) {
        g_autofree char *path = mv_bnet_run_path(st, name, ".status");
        mv_log(MV_LOG_WARN, MV_BNET_SRC, "bad status file %s", path);
        mv_error_reset();
        return NULL;
    }
    run->bridge = g_key_file_get_string(kf, "status", "bridge", NULL);
    if (run->bridge && !run->bridge[0])
        g_clear_pointer(&run->bridge, g_free);
    run->created = g_key_file_get_boolean(kf, "status", "created", NULL);
    run->firewall = g_key_file_get_boolean(kf, "status", "firewall", NULL);
    run->dnsmasq = (pid_t)g_key_file_get_int64(kf, "status", "dnsmasq", NULL);
    run->pidfd = -1;
    return def;
}

/* Marks N inactive after its host side is gone; a transient one goes. */
static void bnet_mark_inactive(mv_bnet_state *st, mv_bnet_net *n)
{
    mv_bnet_run_teardown(st, n->def->name, &n->run);
    mv_bnet_status_remove(st, n->def->name);
    n->active = false;
    mv_bnet_event(st, n, VIR_NETWORK_EVENT_STOPPED);
    if (n->newdef) {
        mv_network_def_free(n->def);
        n->def = g_steal_pointer(&n->newdef);
    }
    if (!n->persistent)
        mv_bnet_net_remove(st, n);
}

/* One running network: 0 fine or repaired, -1 marked inactive. */
static int bnet_check_one(mv_bnet_state *st, mv_bnet_net *n)
{
    if (!mv_bnet_net_has_host_side(n->def))
        return 0;
    const char *name = n->def->name;
    if (!n->run.bridge || !mv_bnet_link_exists(n->run.bridge)) {
        mv_log(MV_LOG_WARN, MV_BNET_SRC,
               "network '%s': bridge '%s' is gone; marking the network inactive", name,
               n->run.bridge ? n->run.bridge : "?");
        bnet_mark_inactive(st, n);
        return -1;
    }
    bool changed = false;
    if (mv_bnet_dnsmasq_needed(n->def) && !mv_bnet_dnsmasq_alive(&n->run)) {
        mv_log(MV_LOG_WARN, MV_BNET_SRC, "network '%s': dnsmasq is gone; restarting it", name);
        mv_bnet_dnsmasq_stop(&n->run);
        if (mv_bnet_dnsmasq_start(st, n->def, &n->run) < 0) {
            mv_log(MV_LOG_WARN, MV_BNET_SRC, "network '%s': cannot restart dnsmasq: %s",
                   name, virGetLastErrorMessage());
            mv_error_reset();
            bnet_mark_inactive(st, n);
            return -1;
        }
        changed = true;
    }
    if (changed || !n->run.firewall) {
        if (mv_bnet_nft_apply(n->def, n->run.bridge) < 0) {
            mv_log(MV_LOG_WARN, MV_BNET_SRC, "network '%s': cannot reapply firewall: %s",
                   name, virGetLastErrorMessage());
            mv_error_reset();
        } else {
            n->run.firewall = true;
        }
        /* The old status still names the bridge, so the next check finds
         * the network again and redoes what is missing; a dnsmasq it does
         * not name would be started a second time, so it goes. */
        if (mv_bnet_status_save(st, n) < 0) {
            mv_log(MV_LOG_WARN, MV_BNET_SRC, "%s", virGetLastErrorMessage());
            mv_error_reset();
            if (changed)
                mv_bnet_dnsmasq_stop(&n->run);
        }
    }
    return 0;
}

/* Whether a network recorded running has lost what it runs on: its bridge
 * (a host reboot, someone deleted it). */
static bool bnet_host_side_gone(const mv_network_def *def, const mv_bnet_run *run)
{
    return mv_bnet_net_has_host_side(def) && (!run->bridge || !mv_bnet_link_exists(run->bridge));
}

static void bnet_status_file(mv_driver_state *root, const char *name, const char *text,
                             void *opaque)
{
    mv_bnet_state *st = opaque;
    bool writable = mv_driver_state_writable(root);
    mv_bnet_net *known = bnet_find_quiet(st, name);
    if (known && known->active)
        return;   /* attached already (a second load) */
    mv_bnet_run run = { 0 };
    mv_network_def *def = bnet_status_read(st, name, text, &run);
    if (!def || (!writable && bnet_host_side_gone(def, &run))) {
        /* a read-only load neither shows it running nor cleans up */
        mv_network_def_free(def);
        g_free(run.bridge);
        return;
    }
    mv_bnet_net *n = bnet_find_quiet(st, def->name);
    if (n) {
        n->newdef = n->def;
        n->def = def;
    } else {
        n = mv_bnet_net_add(st, def);
    }
    n->run = run;
    n->active = true;
    if (mv_bnet_net_has_host_side(def) && run.dnsmasq &&
        !mv_bnet_dnsmasq_attach(st, def->name, &n->run))
        n->run.dnsmasq = 0;
    if (writable)
        bnet_check_one(st, n);
}

void mv_bnet_reconcile_load(mv_bnet_state *st)
{
    mv_driver_state_foreach_file(st->root, MV_PATH_RUN, ".status", bnet_status_file, st);
}

void mv_bnet_reap_leftovers(mv_bnet_state *st)
{
    struct if_nameindex *links = if_nameindex();
    for (struct if_nameindex *l = links; l && l->if_index; l++)
        if (mv_bnet_link_is_retired(l->if_name)) {
            mv_log(MV_LOG_INFO, MV_BNET_SRC, "deleting leftover retired bridge '%s'", l->if_name);
            mv_bnet_reap_link(st, g_strdup(l->if_name));
        }
    if (links)
        if_freenameindex(links);
}

void mv_bnet_reconcile(mv_bnet_state *st)
{
    /* backwards: a check may remove a transient network */
    for (guint i = st->nets->len; i-- > 0;) {
        mv_bnet_net *n = st->nets->pdata[i];
        if (n->active)
            bnet_check_one(st, n);
    }
}

/* Whether this state runs autostart: once per boot and root, whichever
 * process opens it first read-write (as libvirt's daemon, when it starts).
 * A claim that cannot be recorded starts nothing: every process would
 * start the networks again. */
static bool bnet_autostart_ours(mv_bnet_state *st)
{
    if (st->autostart_checked)
        return false;
    st->autostart_checked = true;
    int claimed = mv_driver_state_autostart_claim(st->root);
    if (claimed < 0) {
        mv_log(MV_LOG_WARN, MV_BNET_SRC, "autostart skipped: %s", virGetLastErrorMessage());
        mv_error_reset();
    }
    return claimed == 1;
}

void mv_bnet_autostart_all(mv_bnet_state *st)
{
    if (!bnet_autostart_ours(st))
        return;
    for (guint i = 0; i < st->nets->len; i++) {
        mv_bnet_net *n = st->nets->pdata[i];
        if (!n->autostart || n->active)
            continue;
        if (mv_bnet_net_start(st, n) < 0) {
            mv_log(MV_LOG_WARN, MV_BNET_SRC, "autostart of network '%s' failed: %s",
                   n->def->name, virGetLastErrorMessage());
            mv_error_reset();
        }
    }
}
