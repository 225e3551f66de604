/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-network.c — the test driver's virtual networks, as
 * libvirt's test driver keeps them: in memory, with its state machine,
 * duplicate checks, errors (mostly by name, as libvirt looks them up) and
 * lifecycle events. virNetworkUpdate is in test-network-update.c. */
#include "test-objects.h"
#include "test-network.h"

#include <stdlib.h>
#include <string.h>

static const char *net_name(gconstpointer o) { return ((const mv_test_net *)o)->def->name; }
static const unsigned char *net_uuid(gconstpointer o) { return ((const mv_test_net *)o)->def->uuid; }

static bool net_match(gconstpointer o, unsigned int flags)
{
    const mv_test_net *n = o;
    return mv_object_filter(flags, n->active, n->persistent, n->autostart);
}

static gpointer net_handle(virConnectPtr conn, gconstpointer o)
{
    const mv_test_net *n = o;
    return mv_network_new(conn, n->def->name, n->def->uuid);
}

static void net_unref(gpointer h) { virNetworkFree(h); }

static const mv_object_kind net_kind = {
    .size = sizeof(mv_object_kind), .err_domain = VIR_FROM_TEST, .err_code = VIR_ERR_NO_NETWORK,
    .what = "network", .name = net_name, .uuid = net_uuid, .match = net_match,
    .handle = net_handle, .unref = net_unref,
};

static void net_event(mv_test_state *st, const mv_test_net *n, int event)
{
    mv_event_queue_network_lifecycle(st->events, n->def->name, n->def->uuid, event, 0);
}

mv_test_net *mv_test_net_find_name(mv_test_state *st, const char *name)
{
    return mv_object_lookup_name(&net_kind, st->nets->pdata, st->nets->len, name);
}

static mv_test_net *net_find_uuid(mv_test_state *st, const unsigned char *uuid)
{
    return mv_object_lookup_uuid(&net_kind, st->nets->pdata, st->nets->len, uuid);
}

/* The slots receiving a handle lock the state and find its network. */
#define NET_BEGIN(net, st, n, fail)                                     \
    mv_test_state *st = mv_test_lock(virNetworkGetConnect(net));        \
    mv_test_net *n = mv_test_net_find_name(st, virNetworkGetName(net)); \
    if (!n) {                                                           \
        mv_test_unlock(st);                                             \
        return fail;                                                    \
    }

static void net_remove(mv_test_state *st, mv_test_net *n)
{
    mv_test_obj_remove(st->nets, n);
}

/* Listing */

int mv_test_list_all_networks(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags)
{
    if (mv_error_check_flags(flags, MV_TEST_LIST_FILTERS, VIR_FROM_TEST,
                             "testConnectListAllNetworks") < 0)
        return -1;
    mv_test_state *st = mv_test_lock(conn);
    int ret = mv_object_list_all(conn, &net_kind, st->nets->pdata, st->nets->len, (void ***)nets, flags);
    mv_test_unlock(st);
    return ret;
}

static int mv_test_num_networks(virConnectPtr conn, unsigned int flags)
{
    mv_test_state *st = mv_test_lock(conn);
    int ret = mv_object_count(&net_kind, st->nets->pdata, st->nets->len, flags);
    mv_test_unlock(st);
    return ret;
}

static int mv_test_list_networks(virConnectPtr conn, unsigned int flags, char **const names, int max)
{
    mv_test_state *st = mv_test_lock(conn);
    int ret = mv_object_list_names(&net_kind, st->nets->pdata, st->nets->len, flags, names, max);
    mv_test_unlock(st);
    return ret;
}

int mv_test_num_active_networks(virConnectPtr conn)
{
    return mv_test_num_networks(conn, VIR_CONNECT_LIST_NETWORKS_ACTIVE);
}

int mv_test_num_inactive_networks(virConnectPtr conn)
{
    return mv_test_num_networks(conn, VIR_CONNECT_LIST_NETWORKS_INACTIVE);
}

int mv_test_list_active_networks(virConnectPtr conn, char **const names, int max)
{
    return mv_test_list_networks(conn, VIR_CONNECT_LIST_NETWORKS_ACTIVE, names, max);
}

int mv_test_list_inactive_networks(virConnectPtr conn, char **const names, int max)
{
    return mv_test_list_networks(conn, VIR_CONNECT_LIST_NETWORKS_INACTIVE, names, max);
}

/* Lookups */

virNetworkPtr mv_test_lookup_network_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    mv_test_state *st = mv_test_lock(conn);
    mv_test_net *n = net_find_uuid(st, uuid);
    virNetworkPtr ret = n ? net_handle(conn, n) : NULL;
    mv_test_unlock(st);
    return ret;
}

virNetworkPtr mv_test_lookup_network_name(virConnectPtr conn, const char *name)
{
    mv_test_state *st = mv_test_lock(conn);
    mv_test_net *n = mv_test_net_find_name(st, name);
    virNetworkPtr ret = n ? net_handle(conn, n) : NULL;
    mv_test_unlock(st);
    return ret;
}

/* The network DEF names, or NULL; -1 when only its name or UUID matches. */
static int net_find_same(mv_test_state *st, const mv_network_def *def, mv_test_net **out)
{
    *out = NULL;
    for (guint i = 0; i < st->nets->len; i++) {
        mv_test_net *n = st->nets->pdata[i];
        int same = mv_network_def_same_identity(n->def, def);
        if (same < 0)
            return -1;
        if (same) {
            *out = n;
            break;
        }
    }
    return 0;
}

static mv_test_net *net_add(mv_test_state *st, mv_network_def *def)
{
    mv_test_net *n = g_new0(mv_test_net, 1);
    n->def = def;
    g_ptr_array_add(st->nets, n);
    return n;
}

/* Life cycle */

/* Parses XML (after the flag check) and locks the state; NULL with an
 * error, or the state with *DEF and the network it names (*SAME, or NULL). */
static mv_test_state *net_parse(virConnectPtr conn, const char *xml, unsigned int flags,
                                const char *func, mv_network_def **def, mv_test_net **same)
{
    if (mv_error_check_flags(flags, VIR_NETWORK_CREATE_VALIDATE, VIR_FROM_TEST, func) < 0 ||
        !(*def = mv_network_def_parse(xml, 0)))
        return NULL;
    mv_test_state *st = mv_test_lock(conn);
    if (net_find_same(st, *def, same) < 0) {
        mv_network_def_free(*def);
        mv_test_unlock(st);
        return NULL;
    }
    return st;
}

virNetworkPtr mv_test_create_network(virConnectPtr conn, const char *xml, unsigned int flags)
{
    mv_network_def *def;
    mv_test_net *n;
    mv_test_state *st = net_parse(conn, xml, flags, "testNetworkCreateXMLFlags", &def, &n);
    if (!st)
        return NULL;
    virNetworkPtr ret = NULL;
    if (n && n->active) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_OPERATION_INVALID,
                        "network is already active as '%s'", n->def->name);
        mv_network_def_free(def);
    } else {
        if (!n) {
            n = net_add(st, def);
        } else {
            /* The transient definition runs; the persistent one waits. */
            mv_network_def_free(n->new_def);
            n->new_def = n->def;
            n->def = def;
        }
        n->active = true;
        net_event(st, n, VIR_NETWORK_EVENT_STARTED);
        ret = net_handle(conn, n);
    }
    mv_test_unlock(st);
    return ret;
}

/* VIR_NETWORK_DEFINE_VALIDATE has the value of VIR_NETWORK_CREATE_VALIDATE. */
virNetworkPtr mv_test_define_network(virConnectPtr conn, const char *xml, unsigned int flags)
{
    mv_network_def *def;
    mv_test_net *n;
    mv_test_state *st = net_parse(conn, xml, flags, "testNetworkDefineXMLFlags", &def, &n);
    if (!st)
        return NULL;
    if (!n)
        n = net_add(st, def);
    else
        mv_test_net_set_config(n, def);
    n->persistent = true;
    net_event(st, n, VIR_NETWORK_EVENT_DEFINED);
    virNetworkPtr ret = net_handle(conn, n);
    mv_test_unlock(st);
    return ret;
}

void mv_test_net_set_config(mv_test_net *n, mv_network_def *def)
{
    if (n->active) {
        mv_network_def_free(n->new_def);
        n->new_def = def;
    } else {
        mv_network_def_free(n->def);
        mv_network_def_free(n->new_def);
        n->def = def;
        n->new_def = NULL;
    }
}

int mv_test_undefine_network(virNetworkPtr net)
{
    NET_BEGIN(net, st, n, -1);
    int ret = -1;
    if (n->active) {
        mv_test_obj_invalid("Network '%s' is still running", n->def->name);
    } else {
        net_event(st, n, VIR_NETWORK_EVENT_UNDEFINED);
        net_remove(st, n);
        ret = 0;
    }
    mv_test_unlock(st);
    return ret;
}

int mv_test_start_network(virNetworkPtr net)
{
    NET_BEGIN(net, st, n, -1);
    int ret = -1;
    if (n->active) {
        mv_test_obj_invalid("Network '%s' is already running", n->def->name);
    } else {
        n->active = true;
        net_event(st, n, VIR_NETWORK_EVENT_STARTED);
        ret = 0;
    }
    mv_test_unlock(st);
    return ret;
}

/* As libvirt's test driver: a definition given while running stays
 * pending (new_def) and is not applied when the network stops. */
int mv_test_destroy_network(virNetworkPtr net)
{
    NET_BEGIN(net, st, n, -1);
    n->active = false;
    net_event(st, n, VIR_NETWORK_EVENT_STOPPED);
    if (!n->persistent)
        net_remove(st, n);
    mv_test_unlock(st);
    return 0;
}

/* Properties */

char *mv_test_network_xml(virNetworkPtr net, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testNetworkGetXMLDesc") < 0)
        return NULL;
    NET_BEGIN(net, st, n, NULL);
    char *xml = mv_network_def_format(n->def, flags);
    mv_test_unlock(st);
    return xml;
}

char *mv_test_network_bridge(virNetworkPtr net)
{
    NET_BEGIN(net, st, n, NULL);
    char *ret = NULL;
    if (!n->def->bridge)
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INTERNAL_ERROR,
                        "network '%s' does not have a bridge name.", n->def->name);
    else if (!(ret = strdup(n->def->bridge)))
        mv_error_report(VIR_FROM_TEST, VIR_ERR_NO_MEMORY, NULL);
    mv_test_unlock(st);
    return ret;
}

int mv_test_network_get_autostart(virNetworkPtr net, int *autostart)
{
    NET_BEGIN(net, st, n, -1);
    *autostart = n->autostart;
    mv_test_unlock(st);
    return 0;
}

int mv_test_network_set_autostart(virNetworkPtr net, int autostart)
{
    NET_BEGIN(net, st, n, -1);
    n->autostart = autostart != 0;
    mv_test_unlock(st);
    return 0;
}

/* libvirt's test driver finds the network by UUID for these two. */
static int mv_test_network_state(virNetworkPtr net, bool persistent)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    virNetworkGetUUID(net, uuid);
    mv_test_state *st = mv_test_lock(virNetworkGetConnect(net));
    mv_test_net *n = net_find_uuid(st, uuid);
    int ret = n ? (persistent ? n->persistent : n->active) : -1;
    mv_test_unlock(st);
    return ret;
}

int mv_test_network_is_active(virNetworkPtr net)
{
    return mv_test_network_state(net, false);
}

int mv_test_network_is_persistent(virNetworkPtr net)
{
    return mv_test_network_state(net, true);
}
