/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet.h — the bridge-net plugin's shared declarations:
 * what the network part (bnet-*.c for networks, bnet-net.h) and the host
 * interface part (bnet-iface*.c, bnet-iface.h) give the plugin file,
 * bnet-plugin.c, which holds the descriptor and both driver tables. Each
 * part owns its own files; this header is the contract between them.
 */
#ifndef MV_BNET_H
#define MV_BNET_H

#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-network.h>
#include <modvirt-plugin/conf-interface.h>

#define MV_BNET_SRC "plugin.bridge-net"

/* The slots of the host interface driver (bnet-iface.c). They keep no
 * per-connection data: every call reads and changes the links of the
 * process's current network namespace afresh. */
mv_open_status mv_bnet_iface_open(virConnectPtr conn, const mv_uri *uri, unsigned int flags);
int mv_bnet_iface_close(virConnectPtr conn);
int mv_bnet_iface_list_all(virConnectPtr conn, virInterfacePtr **ifaces, unsigned int flags);
virInterfacePtr mv_bnet_iface_lookup_name(virConnectPtr conn, const char *name);
virInterfacePtr mv_bnet_iface_lookup_mac(virConnectPtr conn, const char *mac);
char *mv_bnet_iface_get_xml(virInterfacePtr iface, unsigned int flags);
virInterfacePtr mv_bnet_iface_define(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_bnet_iface_undefine(virInterfacePtr iface);
int mv_bnet_iface_create(virInterfacePtr iface, unsigned int flags);
int mv_bnet_iface_destroy(virInterfacePtr iface, unsigned int flags);
int mv_bnet_iface_is_active(virInterfacePtr iface);
/* ChangeBegin, ChangeCommit and ChangeRollback: refused, saying why. */
int mv_bnet_iface_change(virConnectPtr conn, unsigned int flags);

#endif
