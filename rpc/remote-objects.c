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

/* A typed parameter: its name, then its type and value as libvirt's
 * remote_typed_param carries them (a union on the type; a boolean as an
 * int). A name that does not fit the field, or an unknown type, fails the
 * decode. */
bool mv_remote_tparam_xdr(mv_xdr *x, void *p)
{
    virTypedParameter *t = p;
    if (x->op == MV_XDR_FREE) {
        if (t->type == VIR_TYPED_PARAM_STRING)
            g_clear_pointer(&t->value.s, g_free);
        return true;
    }
    char *field = x->op == MV_XDR_ENCODE ? t->field : NULL;
    if (!mv_xdr_string(x, &field, VIR_TYPED_PARAM_FIELD_LENGTH - 1))
        return false;
    if (x->op == MV_XDR_DECODE) {
        g_strlcpy(t->field, field, sizeof(t->field));
        g_free(field);
    }
    if (!mv_xdr_cint(x, &t->type))
        return false;
    switch (t->type) {
    case VIR_TYPED_PARAM_INT:
        return mv_xdr_cint(x, &t->value.i);
    case VIR_TYPED_PARAM_UINT:
        return mv_xdr_cuint(x, &t->value.ui);
    case VIR_TYPED_PARAM_LLONG:
        return mv_xdr_cllong(x, &t->value.l);
    case VIR_TYPED_PARAM_ULLONG:
        return mv_xdr_cullong(x, &t->value.ul);
    case VIR_TYPED_PARAM_DOUBLE:
        return mv_xdr_double(x, &t->value.d);
    case VIR_TYPED_PARAM_BOOLEAN: {
        int b = t->value.b;
        if (!mv_xdr_cint(x, &b))
            return false;
        t->value.b = b != 0;
        return true;
    }
    case VIR_TYPED_PARAM_STRING:
        return str(x, &t->value.s);
    default:
        x->failed = true;
        if (x->op == MV_XDR_DECODE)
            t->type = 0;
        return false;
    }
}
