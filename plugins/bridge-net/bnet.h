/* plugins/bridge-net/bnet.h — the bridge-net plugin's shared declarations:
 * what the network part (bnet-*.c for networks) and the host interface part
 * (bnet-iface*.c) give each other. Each part owns its own files; this
 * header is the contract between them.
 */
#ifndef MV_BNET_H
#define MV_BNET_H

#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-network.h>
#include <modvirt-plugin/conf-interface.h>

#define MV_BNET_SRC "plugin.bridge-net"

/* The host interface driver table (bnet-iface*.c). Its connectOpen keeps
 * per-connection data under MV_DRIVER_INTERFACE; it reads and changes
 * links of the process's current network namespace. */
extern const mv_interface_driver mv_bnet_interface_driver;

/* The network driver table (bnet-network*.c). */
extern const mv_network_driver mv_bnet_network_driver;

#endif
