/* plugins/bridge-net/bnet-plugin.c — the plugin's descriptor and its
 * registrations: a connect driver "NETWORK" for network:///system and
 * network:///embed?root=DIR (no domains; networks and host interfaces),
 * and the same tables as the host-wide network and interface drivers, which
 * the core offers to the local connections of every hypervisor driver that
 * asks for host services (qemu, lxc, a third party's). */
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

static const char *const bnet_schemes[] = { "network", NULL };

static const mv_connect_driver bnet_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "NETWORK",
    .uri_schemes = bnet_schemes,
    .local_only = 1,
    /* No hypervisor table: the core serves SCHEME:///system and
     * SCHEME:///embed?root=DIR and opens the tables below. */
    .network = &mv_bnet_network_driver,
    .interface = &mv_bnet_interface_driver,
};

static int bnet_init(mv_plugin_ctx *ctx)
{
    if (mv_plugin_register_connect(ctx, &bnet_connect) < 0 ||
        mv_plugin_register_shared_network(ctx, &mv_bnet_network_driver) < 0)
        return -1;
    return mv_plugin_register_shared_interface(ctx, &mv_bnet_interface_driver);
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
