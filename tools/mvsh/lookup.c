/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/lookup.c — find the object a command argument names, trying
 * id, UUID, name (or key, path, MAC) in virsh's order, and failing with
 * virsh's "failed to get ..." lines.
 */
#include "mvsh.h"

#include <stdlib.h>
#include <string.h>

#define UUID_LEN 36  /* VIR_UUID_STRING_BUFLEN - 1 */

/* One object family: the by-name and by-uuid lookups share a shape. */
typedef struct lookup_kind {
    const char *what;
    void *(*by_uuid)(virConnectPtr, const char *);
    void *(*by_name)(virConnectPtr, const char *);
    bool keep_error;  /* virsh shows the library error after its own line */
} lookup_kind;

static void *lookup(mvsh *sh, const lookup_kind *k, const char *name)
{
    void *obj = NULL;
    if (k->by_uuid && strlen(name) == UUID_LEN)
        obj = k->by_uuid(sh->conn, name);
    if (!obj)
        obj = k->by_name(sh->conn, name);
    if (!obj) {
        if (k->keep_error)
            mvsh_fail("failed to get %s '%s'", k->what, name);
        else
            mvsh_error("failed to get %s '%s'", k->what, name);
    }
    return obj;
}

#define CAST(f) ((void *(*)(virConnectPtr, const char *))(f))

static void *no_lookup(virConnectPtr conn, const char *name)
{
    return NULL;
}

/* BY says which of id, uuid and name this command accepts (domid takes no
 * id, domname no name, as in virsh). */
virDomainPtr mvsh_domain(mvsh *sh, const mvsh_args *a, const char *opt, unsigned by)
{
    return mvsh_domain_named(sh, mvsh_arg(a, opt), by);
}

virDomainPtr mvsh_domain_named(mvsh *sh, const char *name, unsigned by)
{
    const lookup_kind k = { "domain",
        by & MVSH_BY_UUID ? CAST(virDomainLookupByUUIDString) : NULL,
        by & MVSH_BY_NAME ? CAST(virDomainLookupByName) : no_lookup, false };
    char *end;
    long id = strtol(name, &end, 10);
    if ((by & MVSH_BY_ID) && *name && !*end && id >= 0 && id <= 0x7fffffff) {
        virDomainPtr dom = virDomainLookupByID(sh->conn, (int)id);
        if (dom)
            return dom;
    }
    virDomainPtr dom = lookup(sh, &k, name);
    mvsh_reset_error();  /* virsh shows only its own line for domains */
    return dom;
}

virNetworkPtr mvsh_network(mvsh *sh, const mvsh_args *a, const char *opt)
{
    static const lookup_kind k = { "network", CAST(virNetworkLookupByUUIDString),
                                   CAST(virNetworkLookupByName), true };
    return lookup(sh, &k, mvsh_arg(a, opt));
}

virStoragePoolPtr mvsh_pool(mvsh *sh, const mvsh_args *a, const char *opt)
{
    static const lookup_kind k = { "pool", CAST(virStoragePoolLookupByUUIDString),
                                   CAST(virStoragePoolLookupByName), true };
    return lookup(sh, &k, mvsh_arg(a, opt));
}

static void *iface_by_mac(virConnectPtr conn, const char *mac)
{
    return strlen(mac) == 17 ? virInterfaceLookupByMACString(conn, mac) : NULL;
}

virInterfacePtr mvsh_interface(mvsh *sh, const mvsh_args *a, const char *opt)
{
    const char *name = mvsh_arg(a, opt);
    virInterfacePtr iface = virInterfaceLookupByName(sh->conn, name);
    if (!iface && !(iface = iface_by_mac(sh->conn, name)))
        mvsh_fail("failed to get interface '%s'", name);
    return iface;
}

/* By name in --pool when given, then by key, then by path. */
virStorageVolPtr mvsh_volume(mvsh *sh, const mvsh_args *a, const char *opt)
{
    const char *name = mvsh_arg(a, opt);
    bool has_pool = mvsh_has_opt(a->cmd, "pool");
    const char *pool_name = has_pool ? mvsh_arg(a, "pool") : NULL;
    virStoragePoolPtr pool = NULL;
    virStorageVolPtr vol = NULL;
    if (pool_name) {
        if (!(pool = mvsh_pool(sh, a, "pool")))
            return NULL;
        if (virStoragePoolIsActive(pool) != 1) {
            mvsh_error("pool '%s' is not active", pool_name);
            virStoragePoolFree(pool);
            return NULL;
        }
        vol = virStorageVolLookupByName(pool, name);
    }
    if (!vol)
        vol = virStorageVolLookupByKey(sh->conn, name);
    if (!vol)
        vol = virStorageVolLookupByPath(sh->conn, name);
    if (!vol && has_pool && !pool)
        mvsh_fail("failed to get vol '%s', specifying --pool might help", name);
    else if (!vol)
        mvsh_fail("failed to get vol '%s'", name);
    if (pool)
        virStoragePoolFree(pool);
    return vol;
}
