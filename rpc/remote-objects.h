/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/remote-objects.h — the handles of libvirt's remote program on the wire
 * (domain, network, pool, volume, interface) and their conversion to and
 * from the public handles.
 *
 * A handle goes on the wire as what identifies it; the side that receives it
 * makes a handle of its own on its connection (no lookup), as libvirt does,
 * and the driver that gets it finds the object by those keys.
 */
#ifndef MV_RPC_REMOTE_OBJECTS_H
#define MV_RPC_REMOTE_OBJECTS_H

#include <stdbool.h>
#include <libvirt/libvirt.h>
#include "xdr.h"

typedef struct mv_remote_domain {
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int id;
} mv_remote_domain;

typedef struct mv_remote_network {
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
} mv_remote_network;

typedef struct mv_remote_pool {
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
} mv_remote_pool;

typedef struct mv_remote_vol {
    char *pool;
    char *name;
    char *key;
} mv_remote_vol;

typedef struct mv_remote_iface {
    char *name;
    char *mac;
} mv_remote_iface;

bool mv_remote_domain_xdr(mv_xdr *x, void *p);
bool mv_remote_network_xdr(mv_xdr *x, void *p);
bool mv_remote_pool_xdr(mv_xdr *x, void *p);
bool mv_remote_vol_xdr(mv_xdr *x, void *p);
bool mv_remote_iface_xdr(mv_xdr *x, void *p);
/* One virTypedParameter (the type tparam of remote.proto, in arrays). */
bool mv_remote_tparam_xdr(mv_xdr *x, void *p);

/* A handle on CONN for what W names; NULL with an error when W is not
 * valid (a name or key that is empty, too long or has a NUL byte). */
virDomainPtr mv_remote_domain_get(virConnectPtr conn, const mv_remote_domain *w);
virNetworkPtr mv_remote_network_get(virConnectPtr conn, const mv_remote_network *w);
virStoragePoolPtr mv_remote_pool_get(virConnectPtr conn, const mv_remote_pool *w);
virStorageVolPtr mv_remote_vol_get(virConnectPtr conn, const mv_remote_vol *w);
virInterfacePtr mv_remote_iface_get(virConnectPtr conn, const mv_remote_iface *w);

/* Fills W from H. With COPY the strings are duplicated (W is then freed
 * with mv_xdr_free); without, W borrows them from H for one encode. */
void mv_remote_domain_put(mv_remote_domain *w, virDomainPtr h, bool copy);
void mv_remote_network_put(mv_remote_network *w, virNetworkPtr h, bool copy);
void mv_remote_pool_put(mv_remote_pool *w, virStoragePoolPtr h, bool copy);
void mv_remote_vol_put(mv_remote_vol *w, virStorageVolPtr h, bool copy);
void mv_remote_iface_put(mv_remote_iface *w, virInterfacePtr h, bool copy);

#endif
