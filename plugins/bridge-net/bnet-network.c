/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-network.c — network slots that list, find,
 * define, create and undefine, with libvirt's network driver semantics:
 * identity checks on name and UUID, a redefinition of a running network
 * waits for its next stop, undefining a running network makes it
 * transient. Start, stop and properties are in bnet-network-ops.c. */
#include "bnet-net.h"

#include <stdlib.h>
#include <string.h>

#define BNET_LIST_FLAGS (VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_INACTIVE | \
                         VIR_CONNECT_LIST_NETWORKS_PERSISTENT | VIR_CONNECT_LIST_NETWORKS_TRANSIENT | \
                         VIR_CONNECT_LIST_NETWORKS_AUTOSTART | VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART)

int mv_bnet_list_all(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags)
{
    if (mv_error_check_flags(flags, BNET_LIST_FLAGS, MV_BNET_ERR,
                             "networkConnectListAllNetworks") < 0)
        return -1;
    mv_bnet_state *st = mv_bnet_lock(conn);
    int n = mv_object_list_all(conn, &mv_bnet_net_kind, st->nets->pdata, st->nets->len,
                               (void ***)nets, flags);
    mv_bnet_unlock(st);
    return n;
}

virNetworkPtr mv_bnet_lookup_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    mv_bnet_state *st = mv_bnet_lock(conn);
    mv_bnet_net *n = mv_bnet_find_uuid(st, uuid);
    virNetworkPtr ret = n ? mv_bnet_handle(conn, n) : NULL;
    mv_bnet_unlock(st);
    return ret;
}

virNetworkPtr mv_bnet_lookup_name(virConnectPtr conn, const char *name)
{
    mv_bnet_state *st = mv_bnet_lock(conn);
    mv_bnet_net *n = mv_bnet_find_name(st, name);
    virNetworkPtr ret = n ? mv_bnet_handle(conn, n) : NULL;
    mv_bnet_unlock(st);
    return ret;
}

/* Parses and checks XML, locks, finds the network it names (*SAME or
 * NULL) and fills the defaults. NULL with an error, nothing changed. */
static mv_bnet_state *bnet_parse(virConnectPtr conn, const char *xml, unsigned int flags,
                                 const char *func, mv_network_def **out, mv_bnet_net **same)
{
    *same = NULL;
    mv_network_def *def = NULL;
    if (mv_error_check_flags(flags, VIR_NETWORK_CREATE_VALIDATE, MV_BNET_ERR, func) < 0 ||
        !(def = mv_network_def_parse(xml, 0)))
        return NULL;
    if (mv_bnet_check_def(def) < 0) {
        mv_network_def_free(def);
        return NULL;
    }
    mv_bnet_state *st = mv_bnet_lock(conn);
    for (guint i = 0; i < st->nets->len; i++) {
        mv_bnet_net *n = st->nets->pdata[i];
        int r = mv_network_def_same_identity(n->def, def);
        if (r < 0)
            goto fail;
        if (r > 0) {
            *same = n;
            break;
        }
    }
    if (mv_bnet_assign_bridge(st, def) < 0 || mv_bnet_check_bridge_unique(st, def) < 0)
        goto fail;
    *out = def;
    return st;
fail:
    mv_bnet_unlock(st);
    mv_network_def_free(def);
    return NULL;
}

virNetworkPtr mv_bnet_define_xml(virConnectPtr conn, const char *xml, unsigned int flags)
{
    mv_network_def *def;
    mv_bnet_net *n;
    mv_bnet_state *st = bnet_parse(conn, xml, flags, "networkDefineXMLFlags", &def, &n);
    if (!st)
        return NULL;
    if (mv_bnet_config_save(st, def) < 0) {
        mv_bnet_unlock(st);
        mv_network_def_free(def);
        return NULL;
    }
    if (!n) {
        n = mv_bnet_net_add(st, def);
    } else if (n->active) {
        mv_network_def_free(n->newdef);
        n->newdef = def;
    } else {
        mv_network_def_free(n->def);
        n->def = def;
    }
    n->persistent = true;
    mv_bnet_event(st, n, VIR_NETWORK_EVENT_DEFINED);
    virNetworkPtr ret = mv_bnet_handle(conn, n);
    mv_bnet_unlock(st);
    return ret;
}

virNetworkPtr mv_bnet_create_xml(virConnectPtr conn, const char *xml, unsigned int flags)
{
    mv_network_def *def;
    mv_bnet_net *n;
    mv_bnet_state *st = bnet_parse(conn, xml, flags, "networkCreateXMLFlags", &def, &n);
    if (!st)
        return NULL;
    virNetworkPtr ret = NULL;
    if (n && n->active) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_OPERATION_INVALID,
                        "network is already active as '%s'", n->def->name);
        mv_network_def_free(def);
        goto out;
    }
    bool added = !n;
    if (added) {
        n = mv_bnet_net_add(st, def);
    } else {
        /* the transient definition runs; the persistent one waits */
        n->newdef = n->def;
        n->def = def;
    }
    if (mv_bnet_net_start(st, n) < 0) {
        if (added) {
            mv_bnet_net_remove(st, n);
        } else {
            mv_network_def_free(n->def);
            n->def = g_steal_pointer(&n->newdef);
        }
        goto out;
    }
    mv_bnet_event(st, n, VIR_NETWORK_EVENT_STARTED);
    ret = mv_bnet_handle(conn, n);
out:
    mv_bnet_unlock(st);
    return ret;
}

int mv_bnet_undefine(virNetworkPtr net)
{
    MV_BNET_BEGIN(net, st, n, -1);
    int ret = -1;
    if (!n->persistent) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_OPERATION_INVALID,
                        "network '%s' is not persistent", n->def->name);
    } else if (mv_bnet_config_remove(st, n->def->name) == 0) {
        n->persistent = false;
        n->autostart = false;
        g_clear_pointer(&n->newdef, mv_network_def_free);
        mv_bnet_event(st, n, VIR_NETWORK_EVENT_UNDEFINED);
        if (n->active)
            mv_bnet_status_save(st, n);
        else
            mv_bnet_net_remove(st, n);
        ret = 0;
    }
    mv_bnet_unlock(st);
    return ret;
}
