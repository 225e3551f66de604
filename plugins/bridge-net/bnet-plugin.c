/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-plugin.c — the plugin's descriptor, its driver
 * tables and its registrations: a connect driver "NETWORK" for
 * network:///system and network:///embed?root=DIR (no domains; networks and
 * host interfaces), and the same tables as the host-wide network and
 * interface drivers, which the core offers to the local connections of
 * every hypervisor driver that asks for host services (qemu, lxc, a third
 * party's). Each slot names the function that implements it; bnet-net.h
 * (networks) and bnet.h (host interfaces) say which file holds each. */
#include "bnet-net.h"

#include <string.h>

mv_open_status mv_bnet_network_open(virConnectPtr conn, const mv_uri *uri, unsigned int flags)
{
    if (uri->server || uri->transport)
        return MV_OPEN_DECLINED;
    /* A read-only connection changes nothing: it starts no network,
     * autostart included, and repairs or cleans up nothing. */
    mv_bnet_state *st = mv_bnet_state_acquire(uri, flags & VIR_CONNECT_RO);
    if (!st)
        return MV_OPEN_ERROR;
    mv_connect_set_private(conn, MV_DRIVER_NETWORK, st);
    mv_connect_set_event_source(conn, MV_DRIVER_NETWORK, st->events);
    return MV_OPEN_SUCCESS;
}

int mv_bnet_network_close(virConnectPtr conn)
{
    mv_bnet_state *st = mv_connect_get_private(conn, MV_DRIVER_NETWORK);
    mv_connect_set_private(conn, MV_DRIVER_NETWORK, NULL);
    mv_bnet_state_release(st);
    return 0;
}

/* Networks. The list calls without their own slot fall back to ListAll in
 * the core. */
static const mv_network_driver bnet_network = {
    .size = sizeof(mv_network_driver),
    .connectOpen = mv_bnet_network_open,
    .connectClose = mv_bnet_network_close,
    .connectListAllNetworks = mv_bnet_list_all,
    .networkLookupByUUID = mv_bnet_lookup_uuid,
    .networkLookupByName = mv_bnet_lookup_name,
    .networkCreateXMLFlags = mv_bnet_create_xml,
    .networkDefineXMLFlags = mv_bnet_define_xml,
    .networkUndefine = mv_bnet_undefine,
    .networkCreate = mv_bnet_create,
    .networkDestroy = mv_bnet_destroy,
    .networkGetXMLDesc = mv_bnet_get_xml,
    .networkGetBridgeName = mv_bnet_get_bridge,
    .networkGetAutostart = mv_bnet_get_autostart,
    .networkSetAutostart = mv_bnet_set_autostart,
    .networkIsActive = mv_bnet_is_active,
    .networkIsPersistent = mv_bnet_is_persistent,
    .networkGetDHCPLeases = mv_bnet_get_leases,
};

/* The host's existing links, as host interfaces. */
static const mv_interface_driver bnet_interface = {
    .size = sizeof(mv_interface_driver),
    .connectOpen = mv_bnet_iface_open,
    .connectClose = mv_bnet_iface_close,
    .connectListAllInterfaces = mv_bnet_iface_list_all,
    .interfaceLookupByName = mv_bnet_iface_lookup_name,
    .interfaceLookupByMACString = mv_bnet_iface_lookup_mac,
    .interfaceGetXMLDesc = mv_bnet_iface_get_xml,
    .interfaceDefineXML = mv_bnet_iface_define,
    .interfaceUndefine = mv_bnet_iface_undefine,
    .interfaceCreate = mv_bnet_iface_create,
    .interfaceDestroy = mv_bnet_iface_destroy,
    .interfaceIsActive = mv_bnet_iface_is_active,
    .interfaceChangeBegin = mv_bnet_iface_change,
    .interfaceChangeCommit = mv_bnet_iface_change,
    .interfaceChangeRollback = mv_bnet_iface_change,
};

static const char *const bnet_schemes[] = { "network", NULL };

static const mv_connect_driver bnet_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "NETWORK",
    .uri_schemes = bnet_schemes,
    .local_only = 1,
    /* No hypervisor table: the core serves SCHEME:///system and
     * SCHEME:///embed?root=DIR and opens the tables below. */
    .network = &bnet_network,
    .interface = &bnet_interface,
};

static int bnet_init(mv_plugin_ctx *ctx)
{
    if (mv_plugin_register_connect(ctx, &bnet_connect) < 0 ||
        mv_plugin_register_shared_network(ctx, &bnet_network) < 0)
        return -1;
    return mv_plugin_register_shared_interface(ctx, &bnet_interface);
}

static const mv_plugin_descriptor bnet_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = "bridge-net",
    .version = MV_BNET_VERSION,
    .description = "virtual networks on Linux bridges with dnsmasq and nftables, host "
                   "interfaces (network:///system, network:///embed?root=DIR; host-wide "
                   "networks and interfaces of local hypervisors)",
    .license = "LGPL-2.1-or-later",
    .init = bnet_init,
};

MV_PLUGIN_DEFINE(bnet_descriptor)
