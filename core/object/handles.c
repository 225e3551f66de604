/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/object/handles.c — the handles drivers create for applications
 * (domains, networks, pools, volumes, interfaces), their reference counts,
 * and the connection accessors of the plugin API (objects.h). */
#include "core/object/handles.h"

#include "core/util/error.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <modvirt-plugin/objects.h>

#define MV_HEAD_LIKE(type) \
    G_STATIC_ASSERT(offsetof(type, magic) == offsetof(mv_handle_head, magic) && \
                    offsetof(type, refs) == offsetof(mv_handle_head, refs) && \
                    offsetof(type, conn) == offsetof(mv_handle_head, conn))
MV_HEAD_LIKE(struct _virDomain);
MV_HEAD_LIKE(struct _virNetwork);
MV_HEAD_LIKE(struct _virStoragePool);
MV_HEAD_LIKE(struct _virStorageVol);
MV_HEAD_LIKE(struct _virInterface);

/* Reports a constructor argument the driver got wrong. */
static bool mv_handle_args_bad(virConnectPtr conn, const char *func, const char *what,
                               const void *a, const void *b, const void *c)
{
    if (!mv_conn_ok(conn)) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_CONN, "%s", func);
        return true;
    }
    if (!a || !b || !c) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                        "%s in %s must not be NULL", what, func);
        return true;
    }
    return false;
}

static void *mv_handle_new(size_t size, guint32 magic, virConnectPtr conn)
{
    mv_handle_head *h = g_malloc0(size);
    g_atomic_int_inc(&conn->refs);
    h->conn = conn;
    h->refs = 1;
    h->magic = magic;
    return h;
}

void mv_handle_ref(void *handle)
{
    g_atomic_int_inc(&((mv_handle_head *)handle)->refs);
}

static void mv_handle_free_fields(mv_handle_head *h)
{
    switch (h->magic) {
    case MV_MAGIC_DOMAIN:
        g_free(((virDomainPtr)h)->name);
        break;
    case MV_MAGIC_NETWORK:
        g_free(((virNetworkPtr)h)->name);
        break;
    case MV_MAGIC_POOL:
        g_free(((virStoragePoolPtr)h)->name);
        break;
    case MV_MAGIC_VOL:
        g_free(((virStorageVolPtr)h)->pool);
        g_free(((virStorageVolPtr)h)->name);
        g_free(((virStorageVolPtr)h)->key);
        break;
    case MV_MAGIC_INTERFACE:
        g_free(((virInterfacePtr)h)->name);
        g_free(((virInterfacePtr)h)->mac);
        break;
    default:
        break;
    }
}

void mv_handle_unref(void *handle)
{
    mv_handle_head *h = handle;
    if (!g_atomic_int_dec_and_test(&h->refs))
        return;
    virConnectPtr conn = h->conn;
    mv_handle_free_fields(h);
    h->magic = MV_MAGIC_DEAD;
    g_free(h);
    mv_object_connect_unref(conn);
}

static const char *mv_handle_name(const mv_handle_head *h)
{
    switch (h->magic) {
    case MV_MAGIC_DOMAIN:    return ((const struct _virDomain *)h)->name;
    case MV_MAGIC_NETWORK:   return ((const struct _virNetwork *)h)->name;
    case MV_MAGIC_POOL:      return ((const struct _virStoragePool *)h)->name;
    case MV_MAGIC_VOL:       return ((const struct _virStorageVol *)h)->name;
    case MV_MAGIC_INTERFACE: return ((const struct _virInterface *)h)->name;
    default:                 return NULL;
    }
}

static void mv_handle_list_free(void **list, int n)
{
    for (int i = 0; i < n; i++)
        mv_handle_unref(list[i]);
    free(list);
}

int mv_handle_list_take_names(void **list, int n, char **names, int maxnames)
{
    if (n < 0)
        return -1;
    int count = MIN(n, maxnames);
    for (int i = 0; names && i < count; i++)
        names[i] = g_strdup(mv_handle_name(list[i]));
    mv_handle_list_free(list, n);
    return count;
}

int mv_handle_list_take_ids(virDomainPtr *list, int n, int *ids, int maxids)
{
    if (n < 0)
        return -1;
    int count = MIN(n, maxids);
    for (int i = 0; i < count; i++)
        ids[i] = g_atomic_int_get(&list[i]->id);
    mv_handle_list_free((void **)list, n);
    return count;
}

/* Domains, networks and pools start the same way: a name and a UUID. */
static void *mv_handle_new_named(size_t size, guint32 magic, virConnectPtr conn,
                                 const char *name, const unsigned char *uuid,
                                 const char *func)
{
    if (mv_handle_args_bad(conn, func, "name and uuid", name, uuid, name))
        return NULL;
    struct _virNetwork *h = mv_handle_new(size, magic, conn);
    h->name = g_strdup(name);
    memcpy(h->uuid, uuid, VIR_UUID_BUFLEN);
    return h;
}

#define MV_NAMED_LIKE(type) \
    G_STATIC_ASSERT(offsetof(type, name) == offsetof(struct _virNetwork, name) && \
                    offsetof(type, uuid) == offsetof(struct _virNetwork, uuid))
MV_NAMED_LIKE(struct _virDomain);
MV_NAMED_LIKE(struct _virStoragePool);

virDomainPtr mv_domain_new(virConnectPtr conn, const char *name,
                           const unsigned char *uuid, int id)
{
    virDomainPtr dom = mv_handle_new_named(sizeof(*dom), MV_MAGIC_DOMAIN,
                                           conn, name, uuid, __func__);
    if (dom)
        dom->id = id;
    return dom;
}

void mv_domain_set_id(virDomainPtr dom, int id)
{
    if (mv_domain_ok(dom))
        g_atomic_int_set(&dom->id, id);
}

virNetworkPtr mv_network_new(virConnectPtr conn, const char *name,
                             const unsigned char *uuid)
{
    return mv_handle_new_named(sizeof(struct _virNetwork), MV_MAGIC_NETWORK,
                               conn, name, uuid, __func__);
}

virStoragePoolPtr mv_storage_pool_new(virConnectPtr conn, const char *name,
                                      const unsigned char *uuid)
{
    return mv_handle_new_named(sizeof(struct _virStoragePool), MV_MAGIC_POOL,
                               conn, name, uuid, __func__);
}

virStorageVolPtr mv_storage_vol_new(virConnectPtr conn, const char *pool,
                                    const char *name, const char *key)
{
    if (mv_handle_args_bad(conn, __func__, "pool, name and key", pool, name, key))
        return NULL;
    virStorageVolPtr vol = mv_handle_new(sizeof(*vol), MV_MAGIC_VOL, conn);
    vol->pool = g_strdup(pool);
    vol->name = g_strdup(name);
    vol->key = g_strdup(key);
    return vol;
}

const char *mv_storage_vol_get_pool_name(virStorageVolPtr vol)
{
    return mv_vol_ok(vol) ? vol->pool : NULL;
}

virInterfacePtr mv_interface_new(virConnectPtr conn, const char *name,
                                 const char *mac)
{
    if (mv_handle_args_bad(conn, __func__, "name", name, name, name))
        return NULL;
    virInterfacePtr iface = mv_handle_new(sizeof(*iface), MV_MAGIC_INTERFACE, conn);
    iface->name = g_strdup(name);
    /* As libvirt: a driver that knows no MAC gives an empty one. */
    iface->mac = g_strdup(mac ? mac : "");
    return iface;
}

void *mv_connect_get_private(virConnectPtr conn, mv_driver_kind kind)
{
    if (!mv_conn_ok(conn) || (unsigned int)kind >= G_N_ELEMENTS(conn->priv))
        return NULL;
    return conn->priv[kind];
}

void mv_connect_set_private(virConnectPtr conn, mv_driver_kind kind, void *data)
{
    if (mv_conn_ok(conn) && (unsigned int)kind < G_N_ELEMENTS(conn->priv))
        conn->priv[kind] = data;
}

void mv_connect_set_type(virConnectPtr conn, const char *type)
{
    if (!mv_conn_ok(conn))
        return;
    g_free(conn->type);
    conn->type = g_strdup(type);
}

const mv_uri *mv_connect_get_uri(virConnectPtr conn)
{
    return mv_conn_ok(conn) ? conn->uri : NULL;
}

int mv_connect_is_readonly(virConnectPtr conn)
{
    return mv_conn_ok(conn) && (conn->flags & VIR_CONNECT_RO);
}
