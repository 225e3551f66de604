/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-objects.c — finding networks with libvirt's
 * network driver errors, handles and lifecycle events. */
#include "bnet-net.h"

#include <string.h>

mv_bnet_net *mv_bnet_find_name(mv_bnet_state *st, const char *name)
{
    for (guint i = 0; i < st->nets->len; i++) {
        mv_bnet_net *n = st->nets->pdata[i];
        if (strcmp(n->def->name, name) == 0)
            return n;
    }
    mv_error_report(MV_BNET_ERR, VIR_ERR_NO_NETWORK, "no network with matching name '%s'", name);
    return NULL;
}

mv_bnet_net *mv_bnet_find_uuid(mv_bnet_state *st, const unsigned char *uuid)
{
    for (guint i = 0; i < st->nets->len; i++) {
        mv_bnet_net *n = st->nets->pdata[i];
        if (memcmp(n->def->uuid, uuid, VIR_UUID_BUFLEN) == 0)
            return n;
    }
    char s[VIR_UUID_STRING_BUFLEN];
    mv_uuid_format(uuid, s);
    mv_error_report(MV_BNET_ERR, VIR_ERR_NO_NETWORK, "no network with matching uuid '%s'", s);
    return NULL;
}

virNetworkPtr mv_bnet_handle(virConnectPtr conn, const mv_bnet_net *n)
{
    return mv_network_new(conn, n->def->name, n->def->uuid);
}

void mv_bnet_event(mv_bnet_state *st, const mv_bnet_net *n, int event)
{
    mv_event_queue_network_lifecycle(st->events, n->def->name, n->def->uuid, event, 0);
}
