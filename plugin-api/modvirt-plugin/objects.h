/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/objects.h — handles a driver hands to applications, and the
 * driver's private data on a connection.
 *
 * Constructors return a new handle holding one reference (the caller's) and a
 * reference on the connection, or NULL with an error reported. Handles are
 * not cached: looking an object up twice gives two handles to it. The public
 * getters (virDomainGetName, virDomainGetUUID, ...) read a handle without
 * calling the driver.
 */
#ifndef MODVIRT_PLUGIN_OBJECTS_H
#define MODVIRT_PLUGIN_OBJECTS_H

#include <libvirt/libvirt.h>
#include "abi.h"
#include "uri.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    MV_DRIVER_HYPERVISOR = 0,
    MV_DRIVER_NETWORK = 1,
    MV_DRIVER_STORAGE = 2,
    MV_DRIVER_INTERFACE = 3,
} mv_driver_kind;

/* Private data of the driver of KIND on CONN; set in connectOpen, read in
 * every slot. The core never frees it: the driver does so in connectClose. */
void *mv_connect_get_private(virConnectPtr conn, mv_driver_kind kind);
void mv_connect_set_private(virConnectPtr conn, mv_driver_kind kind, void *data);

/* What virConnectGetType answers for CONN instead of the connect driver's
 * name: for a driver that relays another process's driver (the remote
 * plugin, with the daemon's answer). Call it in connectOpen. Since plugin
 * ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_connect_set_type(virConnectPtr conn, const char *type);

/* The URI the connection was opened with (owned by the core). */
const mv_uri *mv_connect_get_uri(virConnectPtr conn);

/* Non-zero for a connection opened read-only. */
int mv_connect_is_readonly(virConnectPtr conn);

/* The connection is gone (its peer closed it, or stopped answering): runs
 * the close callback the application registered with
 * virConnectRegisterCloseCallback, once, with REASON (a
 * virConnectCloseReason). Since plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_connect_closed(virConnectPtr conn, int reason);

virDomainPtr mv_domain_new(virConnectPtr conn, const char *name,
                           const unsigned char *uuid, int id);
/* Updates the id a handle reports (after start: the new id; after stop: -1). */
void mv_domain_set_id(virDomainPtr dom, int id);

virNetworkPtr mv_network_new(virConnectPtr conn, const char *name,
                             const unsigned char *uuid);
virStoragePoolPtr mv_storage_pool_new(virConnectPtr conn, const char *name,
                                      const unsigned char *uuid);
virStorageVolPtr mv_storage_vol_new(virConnectPtr conn, const char *pool,
                                    const char *name, const char *key);
/* The name of the pool a volume handle was made for. */
const char *mv_storage_vol_get_pool_name(virStorageVolPtr vol);
virInterfacePtr mv_interface_new(virConnectPtr conn, const char *name,
                                 const char *mac);

#ifdef __cplusplus
}
#endif

#endif
