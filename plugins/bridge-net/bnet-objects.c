/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-objects.c — finding networks with libvirt's
 * network driver errors, handles and lifecycle events. */
#include "bnet-net.h"

#include <string.h>

static const char *bnet_net_name(const void *obj)
{
    return ((const mv_bnet_net *)obj)->def->name;
}

static const unsigned char *bnet_net_uuid(const void *obj)
{
    return ((const mv_bnet_net *)obj)->def->uuid;
}

static bool bnet_net_match(const void *obj, unsigned int flags)
{
    const mv_bnet_net *n = obj;
    return mv_object_filter(flags, n->active, n->persistent, n->autostart);
}

static void *bnet_net_new_handle(virConnectPtr conn, const void *obj)
{
    return mv_bnet_handle(conn, obj);
}

static void bnet_net_unref(void *handle)
{
    virNetworkFree(handle);
}

const mv_object_kind mv_bnet_net_kind = {
    .size = sizeof(mv_object_kind),
    .err_domain = MV_BNET_ERR,
    .err_code = VIR_ERR_NO_NETWORK,
    .what = "network",
    .name = bnet_net_name,
    .uuid = bnet_net_uuid,
    .match = bnet_net_match,
    .handle = bnet_net_new_handle,
    .unref = bnet_net_unref,
};

mv_bnet_net *mv_bnet_find_name(mv_bnet_state *st, const char *name)
{
    return mv_object_lookup_name(&mv_bnet_net_kind, st->nets->pdata, st->nets->len, name);
}

mv_bnet_net *mv_bnet_find_uuid(mv_bnet_state *st, const unsigned char *uuid)
{
    return mv_object_lookup_uuid(&mv_bnet_net_kind, st->nets->pdata, st->nets->len, uuid);
}

virNetworkPtr mv_bnet_handle(virConnectPtr conn, const mv_bnet_net *n)
{
    return mv_network_new(conn, n->def->name, n->def->uuid);
}

void mv_bnet_event(mv_bnet_state *st, const mv_bnet_net *n, int event)
{
    mv_event_queue_network_lifecycle(st->events, n->def->name, n->def->uuid, event, 0);
}
