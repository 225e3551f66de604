/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-network-ops.c — network slots on one network:
 * start and destroy (with events), XML, bridge name, autostart, state
 * queries and DHCP leases (the table is in bnet-plugin.c). */
#include "bnet-net.h"

#include <string.h>

int mv_bnet_create(virNetworkPtr net)
{
    MV_BNET_BEGIN(net, st, n, -1);
    int ret = mv_bnet_net_start(st, n);
    if (ret == 0)
        mv_bnet_event(st, n, VIR_NETWORK_EVENT_STARTED);
    mv_bnet_unlock(st);
    return ret;
}

int mv_bnet_destroy(virNetworkPtr net)
{
    MV_BNET_BEGIN(net, st, n, -1);
    int ret = -1;
    if (!n->active) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_OPERATION_INVALID,
                        "network '%s' is not active", n->def->name);
    } else {
        mv_bnet_net_stop(st, n);
        mv_bnet_event(st, n, VIR_NETWORK_EVENT_STOPPED);
        if (!n->persistent)
            mv_bnet_net_remove(st, n);
        ret = 0;
    }
    mv_bnet_unlock(st);
    return ret;
}

char *mv_bnet_get_xml(virNetworkPtr net, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_NETWORK_XML_INACTIVE, MV_BNET_ERR, "networkGetXMLDesc") < 0)
        return NULL;
    MV_BNET_BEGIN(net, st, n, NULL);
    const mv_network_def *def = (flags & VIR_NETWORK_XML_INACTIVE) && n->newdef ? n->newdef : n->def;
    char *xml = mv_network_def_format(def, flags);
    mv_bnet_unlock(st);
    return xml;
}

char *mv_bnet_get_bridge(virNetworkPtr net)
{
    MV_BNET_BEGIN(net, st, n, NULL);
    const char *br = n->run.bridge ? n->run.bridge : n->def->bridge;
    char *ret = NULL;
    if (!br)
        mv_error_report(MV_BNET_ERR, VIR_ERR_INTERNAL_ERROR,
                        "network '%s' does not have a bridge name.", n->def->name);
    else
        ret = g_strdup(br);
    mv_bnet_unlock(st);
    return ret;
}

int mv_bnet_get_autostart(virNetworkPtr net, int *autostart)
{
    MV_BNET_BEGIN(net, st, n, -1);
    *autostart = n->autostart;
    mv_bnet_unlock(st);
    return 0;
}

int mv_bnet_set_autostart(virNetworkPtr net, int autostart)
{
    MV_BNET_BEGIN(net, st, n, -1);
    int ret = -1;
    if (!n->persistent)
        mv_error_report(MV_BNET_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot set autostart for transient network");
    else if (mv_bnet_autostart_set(st, n->def->name, autostart != 0) == 0) {
        n->autostart = autostart != 0;
        ret = 0;
    }
    mv_bnet_unlock(st);
    return ret;
}

/* libvirt's network driver finds the network by UUID for these two. */
static int bnet_state_query(virNetworkPtr net, bool persistent)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    virNetworkGetUUID(net, uuid);
    mv_bnet_state *st = mv_bnet_lock(virNetworkGetConnect(net));
    mv_bnet_net *n = mv_bnet_find_uuid(st, uuid);
    int ret = n ? (persistent ? n->persistent : n->active) : -1;
    mv_bnet_unlock(st);
    return ret;
}

int mv_bnet_is_active(virNetworkPtr net)
{
    return bnet_state_query(net, false);
}

int mv_bnet_is_persistent(virNetworkPtr net)
{
    return bnet_state_query(net, true);
}

int mv_bnet_get_leases(virNetworkPtr net, const char *mac,
                       virNetworkDHCPLeasePtr **leases, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_BNET_ERR, "networkGetDHCPLeases") < 0)
        return -1;
    unsigned char m[6];
    if (mac && mv_net_mac_parse(mac, m) < 0) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_INVALID_ARG, "invalid MAC address '%s'", mac);
        return -1;
    }
    MV_BNET_BEGIN(net, st, n, -1);
    int ret = mv_bnet_leases_get(st, n, mac, leases);
    mv_bnet_unlock(st);
    return ret;
}
