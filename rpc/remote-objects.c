/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/remote-objects.c — wire handles: codecs and conversion to handles. */
#include "remote-objects.h"

#include <string.h>
#include <glib.h>
#include <modvirt-plugin/objects.h>

/* Large enough for any name or key libvirt lets through. */
#define HANDLE_STRING_MAX 4194304

static bool str(mv_xdr *x, char **s)
{
    return mv_xdr_string(x, s, HANDLE_STRING_MAX);
}

bool mv_remote_domain_xdr(mv_xdr *x, void *p)
{
    mv_remote_domain *w = p;
    return str(x, &w->name) && mv_xdr_opaque_fixed(x, w->uuid, VIR_UUID_BUFLEN)
        && mv_xdr_cint(x, &w->id);
}

bool mv_remote_network_xdr(mv_xdr *x, void *p)
{
    mv_remote_network *w = p;
    return str(x, &w->name) && mv_xdr_opaque_fixed(x, w->uuid, VIR_UUID_BUFLEN);
}

bool mv_remote_pool_xdr(mv_xdr *x, void *p)
{
    mv_remote_pool *w = p;
    return str(x, &w->name) && mv_xdr_opaque_fixed(x, w->uuid, VIR_UUID_BUFLEN);
}

bool mv_remote_vol_xdr(mv_xdr *x, void *p)
{
    mv_remote_vol *w = p;
    return str(x, &w->pool) && str(x, &w->name) && str(x, &w->key);
}

bool mv_remote_iface_xdr(mv_xdr *x, void *p)
{
    mv_remote_iface *w = p;
    return str(x, &w->name) && str(x, &w->mac);
}

virDomainPtr mv_remote_domain_get(virConnectPtr conn, const mv_remote_domain *w)
{
    virDomainPtr d = mv_domain_new(conn, w->name, w->uuid, w->id);
    return d;
}

virNetworkPtr mv_remote_network_get(virConnectPtr conn, const mv_remote_network *w)
{
    return mv_network_new(conn, w->name, w->uuid);
}

virStoragePoolPtr mv_remote_pool_get(virConnectPtr conn, const mv_remote_pool *w)
{
    return mv_storage_pool_new(conn, w->name, w->uuid);
}

virStorageVolPtr mv_remote_vol_get(virConnectPtr conn, const mv_remote_vol *w)
{
    return mv_storage_vol_new(conn, w->pool, w->name, w->key);
}

virInterfacePtr mv_remote_iface_get(virConnectPtr conn, const mv_remote_iface *w)
{
    return mv_interface_new(conn, w->name, w->mac);
}

static char *give(const char *s, bool copy)
{
    return copy ? g_strdup(s) : (char *)s;
}

void mv_remote_domain_put(mv_remote_domain *w, virDomainPtr h, bool copy)
{
    w->name = give(virDomainGetName(h), copy);
    virDomainGetUUID(h, w->uuid);
    w->id = (int)virDomainGetID(h);
}

void mv_remote_network_put(mv_remote_network *w, virNetworkPtr h, bool copy)
{
    w->name = give(virNetworkGetName(h), copy);
    virNetworkGetUUID(h, w->uuid);
}

void mv_remote_pool_put(mv_remote_pool *w, virStoragePoolPtr h, bool copy)
{
    w->name = give(virStoragePoolGetName(h), copy);
    virStoragePoolGetUUID(h, w->uuid);
}

void mv_remote_vol_put(mv_remote_vol *w, virStorageVolPtr h, bool copy)
{
    w->pool = give(mv_storage_vol_get_pool_name(h), copy);
    w->name = give(virStorageVolGetName(h), copy);
    w->key = give(virStorageVolGetKey(h), copy);
}

void mv_remote_iface_put(mv_remote_iface *w, virInterfacePtr h, bool copy)
{
    w->name = give(virInterfaceGetName(h), copy);
    w->mac = give(virInterfaceGetMACString(h), copy);
}
