/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt public API — libvirt-network.h —
 * virtual networks, their ports and DHCP leases.
 * Names, values and signatures match libvirt 9.0 so libvirt clients build
 * unchanged. */
#ifndef LIBVIRT_NETWORK_H
#define LIBVIRT_NETWORK_H

#ifndef __VIR_LIBVIRT_H_INCLUDES__
# error "Don't include this file directly, only use libvirt/libvirt.h"
#endif

/* Network definitions and their lifecycle. */
typedef enum {
    VIR_NETWORK_XML_INACTIVE = 1,
} virNetworkXMLFlags;

typedef struct _virNetwork virNetwork;
typedef virNetwork *virNetworkPtr;
typedef struct _virNetworkPort virNetworkPort;
typedef virNetworkPort *virNetworkPortPtr;

virConnectPtr virNetworkGetConnect(virNetworkPtr network);
int virConnectNumOfNetworks(virConnectPtr conn);
int virConnectListNetworks(virConnectPtr conn, char **const names,
                           int maxnames);
int virConnectNumOfDefinedNetworks(virConnectPtr conn);
int virConnectListDefinedNetworks(virConnectPtr conn, char **const names,
                                  int maxnames);

typedef enum {
    VIR_CONNECT_LIST_NETWORKS_INACTIVE     = 1 << 0,
    VIR_CONNECT_LIST_NETWORKS_ACTIVE       = 1 << 1,
    VIR_CONNECT_LIST_NETWORKS_PERSISTENT   = 1 << 2,
    VIR_CONNECT_LIST_NETWORKS_TRANSIENT    = 1 << 3,
    VIR_CONNECT_LIST_NETWORKS_AUTOSTART    = 1 << 4,
    VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART = 1 << 5,
} virConnectListAllNetworksFlags;

int virConnectListAllNetworks(virConnectPtr conn, virNetworkPtr **nets,
                              unsigned int flags);
virNetworkPtr virNetworkLookupByName(virConnectPtr conn, const char *name);
virNetworkPtr virNetworkLookupByUUID(virConnectPtr conn,
                                     const unsigned char *uuid);
virNetworkPtr virNetworkLookupByUUIDString(virConnectPtr conn,
                                           const char *uuid);

typedef enum {
    VIR_NETWORK_CREATE_VALIDATE = 1,
} virNetworkCreateFlags;

virNetworkPtr virNetworkCreateXML(virConnectPtr conn, const char *xmlDesc);
virNetworkPtr virNetworkCreateXMLFlags(virConnectPtr conn, const char *xmlDesc,
                                       unsigned int flags);

typedef enum {
    VIR_NETWORK_DEFINE_VALIDATE = 1,
} virNetworkDefineFlags;

virNetworkPtr virNetworkDefineXML(virConnectPtr conn, const char *xmlDesc);
virNetworkPtr virNetworkDefineXMLFlags(virConnectPtr conn, const char *xmlDesc,
                                       unsigned int flags);
int virNetworkUndefine(virNetworkPtr network);

/* Live network updates (virNetworkUpdate). */
typedef enum {
    VIR_NETWORK_UPDATE_COMMAND_NONE      = 0,
    VIR_NETWORK_UPDATE_COMMAND_MODIFY    = 1,
    VIR_NETWORK_UPDATE_COMMAND_DELETE    = 2,
    VIR_NETWORK_UPDATE_COMMAND_ADD_LAST  = 3,
    VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST = 4,
#ifdef VIR_ENUM_SENTINELS
    VIR_NETWORK_UPDATE_COMMAND_LAST,
#endif
} virNetworkUpdateCommand;

typedef enum {
    VIR_NETWORK_SECTION_NONE              = 0,
    VIR_NETWORK_SECTION_BRIDGE            = 1,
    VIR_NETWORK_SECTION_DOMAIN            = 2,
    VIR_NETWORK_SECTION_IP                = 3,
    VIR_NETWORK_SECTION_IP_DHCP_HOST      = 4,
    VIR_NETWORK_SECTION_IP_DHCP_RANGE     = 5,
    VIR_NETWORK_SECTION_FORWARD           = 6,
    VIR_NETWORK_SECTION_FORWARD_INTERFACE = 7,
    VIR_NETWORK_SECTION_FORWARD_PF        = 8,
    VIR_NETWORK_SECTION_PORTGROUP         = 9,
    VIR_NETWORK_SECTION_DNS_HOST          = 10,
    VIR_NETWORK_SECTION_DNS_TXT           = 11,
    VIR_NETWORK_SECTION_DNS_SRV           = 12,
#ifdef VIR_ENUM_SENTINELS
    VIR_NETWORK_SECTION_LAST,
#endif
} virNetworkUpdateSection;

typedef enum {
    VIR_NETWORK_UPDATE_AFFECT_CURRENT = 0,
    VIR_NETWORK_UPDATE_AFFECT_LIVE    = 1 << 0,
    VIR_NETWORK_UPDATE_AFFECT_CONFIG  = 1 << 1,
} virNetworkUpdateFlags;

int virNetworkUpdate(virNetworkPtr network, unsigned int command,
                     unsigned int section, int parentIndex, const char *xml,
                     unsigned int flags);
int virNetworkCreate(virNetworkPtr network);
int virNetworkDestroy(virNetworkPtr network);
int virNetworkRef(virNetworkPtr network);
int virNetworkFree(virNetworkPtr network);
const char*virNetworkGetName(virNetworkPtr network);
int virNetworkGetUUID(virNetworkPtr network, unsigned char *uuid);
int virNetworkGetUUIDString(virNetworkPtr network, char *buf);
char *virNetworkGetXMLDesc(virNetworkPtr network, unsigned int flags);
char *virNetworkGetBridgeName(virNetworkPtr network);
int virNetworkGetAutostart(virNetworkPtr network, int *autostart);
int virNetworkSetAutostart(virNetworkPtr network, int autostart);
int virNetworkIsActive(virNetworkPtr net);
int virNetworkIsPersistent(virNetworkPtr net);

typedef enum {
    VIR_NETWORK_EVENT_DEFINED   = 0,
    VIR_NETWORK_EVENT_UNDEFINED = 1,
    VIR_NETWORK_EVENT_STARTED   = 2,
    VIR_NETWORK_EVENT_STOPPED   = 3,
#ifdef VIR_ENUM_SENTINELS
    VIR_NETWORK_EVENT_LAST,
#endif
} virNetworkEventLifecycleType;

typedef void (*virConnectNetworkEventLifecycleCallback)(virConnectPtr conn,
        virNetworkPtr net, int event, int detail, void *opaque);

#define VIR_NETWORK_EVENT_CALLBACK(cb) ((virConnectNetworkEventGenericCallback)(void (*)(void))(cb))

/* Network lifecycle events. */
typedef enum {
    VIR_NETWORK_EVENT_ID_LIFECYCLE = 0,
#ifdef VIR_ENUM_SENTINELS
    VIR_NETWORK_EVENT_ID_LAST,
#endif
} virNetworkEventID;

/* DHCP leases handed out by a network. */
typedef enum {
    VIR_IP_ADDR_TYPE_IPV4 = 0,
    VIR_IP_ADDR_TYPE_IPV6 = 1,
#ifdef VIR_ENUM_SENTINELS
    VIR_IP_ADDR_TYPE_LAST,
#endif
} virIPAddrType;

typedef struct _virNetworkDHCPLease virNetworkDHCPLease;
typedef virNetworkDHCPLease *virNetworkDHCPLeasePtr;

struct _virNetworkDHCPLease {
    char *iface;
    long long expirytime;
    int type;
    char *mac;
    char *iaid;
    char *ipaddr;
    unsigned int prefix;
    char *hostname;
    char *clientid;
};

void virNetworkDHCPLeaseFree(virNetworkDHCPLeasePtr lease);
int virNetworkGetDHCPLeases(virNetworkPtr network, const char *mac,
                            virNetworkDHCPLeasePtr **leases,
                            unsigned int flags);

typedef void (*virConnectNetworkEventGenericCallback)(virConnectPtr conn,
        virNetworkPtr net, void *opaque);

/* Network ports. */
typedef enum {
    VIR_NETWORK_PORT_CREATE_RECLAIM  = 1 << 0,
    VIR_NETWORK_PORT_CREATE_VALIDATE = 1 << 1,
} virNetworkPortCreateFlags;

#define VIR_NETWORK_PORT_BANDWIDTH_IN_AVERAGE "inbound.average"
#define VIR_NETWORK_PORT_BANDWIDTH_IN_PEAK "inbound.peak"
#define VIR_NETWORK_PORT_BANDWIDTH_IN_BURST "inbound.burst"
#define VIR_NETWORK_PORT_BANDWIDTH_IN_FLOOR "inbound.floor"
#define VIR_NETWORK_PORT_BANDWIDTH_OUT_AVERAGE "outbound.average"
#define VIR_NETWORK_PORT_BANDWIDTH_OUT_PEAK "outbound.peak"
#define VIR_NETWORK_PORT_BANDWIDTH_OUT_BURST "outbound.burst"

/* Network events. */
int virConnectNetworkEventRegisterAny(virConnectPtr conn, virNetworkPtr net,
                                      int eventID,
                                      virConnectNetworkEventGenericCallback cb,
                                      void *opaque, virFreeCallback freecb);
int virConnectNetworkEventDeregisterAny(virConnectPtr conn, int callbackID);

#endif /* LIBVIRT_NETWORK_H */
