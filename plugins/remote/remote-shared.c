/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-shared.c — network, storage and interface drivers
 * relayed to the daemon that serves them. The core offers them only in a
 * per-driver daemon (modvirtd --drivers), to a hypervisor connection none
 * of whose plugins serves that kind: there the guests' networks and
 * volumes are another daemon's, as virtqemud reaches virtnetworkd.
 *
 * A relay connects at its first call, through the remote plugin's own
 * connect driver, to SCHEME+unix:///system (networks and interfaces come
 * with the network driver, volumes with the storage driver), which the
 * daemon socket choice sends to the per-driver daemon when it listens, else
 * to the single daemon; and connects again at the next call once that
 * daemon went away (a restart, or its socket unit starting it anew).
 */
#include "remote.h"

#include <string.h>

#define MV_LOG_SRC "remote"

typedef struct relay {
    GMutex lock;
    char *uri;
    bool readonly;
    virConnectPtr peer;          /* NULL until the first call */
} relay;

static const char *scheme_of(int kind)
{
    return kind == MV_DRIVER_STORAGE ? "storage" : "network";
}

static mv_open_status relay_open(virConnectPtr conn, int kind, const mv_uri *uri,
                                 unsigned int flags)
{
    if (uri->server || uri->transport || !uri->path || strcmp(uri->path, "/system"))
        return MV_OPEN_DECLINED;
    relay *r = g_new0(relay, 1);
    g_mutex_init(&r->lock);
    r->uri = g_strdup_printf("%s+unix:///system", scheme_of(kind));
    r->readonly = flags & VIR_CONNECT_RO;
    mv_connect_set_private(conn, kind, r);
    return MV_OPEN_SUCCESS;
}

static int relay_close(virConnectPtr conn, int kind)
{
    relay *r = mv_connect_get_private(conn, kind);
    if (!r)
        return 0;
    mv_connect_set_private(conn, kind, NULL);
    if (r->peer)
        virConnectClose(r->peer);
    g_mutex_clear(&r->lock);
    g_free(r->uri);
    g_free(r);
    return 0;
}

/* R's connection (a reference the caller drops), opened when there is
 * none or the daemon went away; NULL with the error of opening it. */
static virConnectPtr relay_peer(relay *r)
{
    g_mutex_lock(&r->lock);
    if (r->peer && !mv_remote_client_alive(mv_remote_client_of(r->peer))) {
        mv_log(MV_LOG_INFO, MV_LOG_SRC, "%s: the daemon went away, connecting again", r->uri);
        virConnectClose(r->peer);
        r->peer = NULL;
    }
    if (!r->peer)
        r->peer = r->readonly ? virConnectOpenReadOnly(r->uri) : virConnectOpen(r->uri);
    virConnectPtr peer = r->peer;
    if (peer)
        virConnectRef(peer);
    g_mutex_unlock(&r->lock);
    return peer;
}

int mv_remote_call_kind(virConnectPtr conn, int kind, int proc, mv_xdr_proc args_xdr,
                        void *args, mv_xdr_proc ret_xdr, void *ret)
{
    relay *r = mv_connect_get_private(conn, kind);
    if (!r)   /* a connection of the remote plugin itself */
        return mv_remote_call(conn, proc, args_xdr, args, ret_xdr, ret);
    virConnectPtr peer = relay_peer(r);
    if (!peer)
        return -1;
    int rc = mv_remote_call(peer, proc, args_xdr, args, ret_xdr, ret);
    virConnectClose(peer);
    return rc;
}

static mv_open_status relay_open_network(virConnectPtr conn, const mv_uri *uri,
                                         unsigned int flags)
{
    return relay_open(conn, MV_DRIVER_NETWORK, uri, flags);
}

static int relay_close_network(virConnectPtr conn)
{
    return relay_close(conn, MV_DRIVER_NETWORK);
}

static mv_open_status relay_open_storage(virConnectPtr conn, const mv_uri *uri,
                                         unsigned int flags)
{
    return relay_open(conn, MV_DRIVER_STORAGE, uri, flags);
}

static int relay_close_storage(virConnectPtr conn)
{
    return relay_close(conn, MV_DRIVER_STORAGE);
}

static mv_open_status relay_open_interface(virConnectPtr conn, const mv_uri *uri,
                                           unsigned int flags)
{
    return relay_open(conn, MV_DRIVER_INTERFACE, uri, flags);
}

static int relay_close_interface(virConnectPtr conn)
{
    return relay_close(conn, MV_DRIVER_INTERFACE);
}

const mv_network_driver mv_remote_relay_network = {
    .size = sizeof(mv_network_driver),
    MV_REMOTE_NETWORK_SLOTS
    .connectOpen = relay_open_network,
    .connectClose = relay_close_network,
};

/* Without volume upload and download: their streams belong to a
 * connection of the remote plugin. */
const mv_storage_driver mv_remote_relay_storage = {
    .size = sizeof(mv_storage_driver),
    MV_REMOTE_STORAGE_SLOTS
    .connectOpen = relay_open_storage,
    .connectClose = relay_close_storage,
};

const mv_interface_driver mv_remote_relay_interface = {
    .size = sizeof(mv_interface_driver),
    MV_REMOTE_INTERFACE_SLOTS
    .connectOpen = relay_open_interface,
    .connectClose = relay_close_interface,
};
