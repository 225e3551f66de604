/* core/api/network.c — the virNetwork* entry points and the network listing
 * calls on a connection: libvirt's argument and read-only checks, then the
 * connection's network driver (an all-NULL table when it has none). */
#include "core/object/handles.h"

#include <stdlib.h>

#define MV_FROM_THIS VIR_FROM_NETWORK

MV_API_DEFINE_REFCOUNT(virNetwork, virNetworkPtr, MV_API_NETWORK)
MV_API_DEFINE_STRING_GETTER(virNetworkGetName, virNetworkPtr, MV_API_NETWORK, name)
MV_API_DEFINE_UUID_GETTERS(virNetwork, virNetworkPtr, MV_API_NETWORK)
MV_API_DEFINE_LOOKUP_UUID_STRING(virNetwork, virNetworkPtr,
                                 "uuidstr in %s must be a valid UUID", __func__)

/* Listing */

MV_API_DEFINE_NUM_OF(virConnectNumOfNetworks, virConnectPtr, MV_API_CONN, net,
                     connectNumOfNetworks, connectListAllNetworks, virNetworkPtr,
                     VIR_CONNECT_LIST_NETWORKS_ACTIVE)
MV_API_DEFINE_LIST_NAMES(virConnectListNetworks, virConnectPtr, MV_API_CONN, net,
                         connectListNetworks, connectListAllNetworks, virNetworkPtr,
                         VIR_CONNECT_LIST_NETWORKS_ACTIVE)
MV_API_DEFINE_NUM_OF(virConnectNumOfDefinedNetworks, virConnectPtr, MV_API_CONN, net,
                     connectNumOfDefinedNetworks, connectListAllNetworks, virNetworkPtr,
                     VIR_CONNECT_LIST_NETWORKS_INACTIVE)
MV_API_DEFINE_LIST_NAMES(virConnectListDefinedNetworks, virConnectPtr, MV_API_CONN, net,
                         connectListDefinedNetworks, connectListAllNetworks, virNetworkPtr,
                         VIR_CONNECT_LIST_NETWORKS_INACTIVE)

int virConnectListAllNetworks(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags)
{
    if (nets)
        *nets = NULL;
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RO, net, connectListAllNetworks, (conn, nets, flags));
}

/* Lookups */

virNetworkPtr virNetworkLookupByName(virConnectPtr conn, const char *name)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, name, net, networkLookupByName, (conn, name));
}

virNetworkPtr virNetworkLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, uuid, net, networkLookupByUUID, (conn, uuid));
}

/* Life cycle */

MV_API_DEFINE_XML_PAIR(virNetworkPtr, virNetworkCreateXML, virNetworkCreateXMLFlags, xmlDesc,
                       net, networkCreateXMLFlags)
MV_API_DEFINE_XML_PAIR(virNetworkPtr, virNetworkDefineXML, virNetworkDefineXMLFlags, xml,
                       net, networkDefineXMLFlags)

int virNetworkUndefine(virNetworkPtr network)
{
    MV_API_CALL_INT(MV_API_NETWORK, network, MV_RW, net, networkUndefine, (network));
}

int virNetworkUpdate(virNetworkPtr network, unsigned int command, unsigned int section,
                     int parentIndex, const char *xml, unsigned int flags)
{
    MV_API_CALL_INT_ARG(MV_API_NETWORK, network, MV_RW, xml, net, networkUpdate,
                        (network, command, section, parentIndex, xml, flags));
}

int virNetworkCreate(virNetworkPtr network)
{
    MV_API_CALL_INT(MV_API_NETWORK, network, MV_RW, net, networkCreate, (network));
}

int virNetworkDestroy(virNetworkPtr network)
{
    MV_API_CALL_INT(MV_API_NETWORK, network, MV_RW, net, networkDestroy, (network));
}

/* Properties */

char *virNetworkGetXMLDesc(virNetworkPtr network, unsigned int flags)
{
    MV_API_CALL_PTR(MV_API_NETWORK, network, MV_RO, net, networkGetXMLDesc, (network, flags));
}

char *virNetworkGetBridgeName(virNetworkPtr network)
{
    MV_API_CALL_PTR(MV_API_NETWORK, network, MV_RO, net, networkGetBridgeName, (network));
}

int virNetworkGetAutostart(virNetworkPtr network, int *autostart)
{
    MV_API_CALL_INT_ARG(MV_API_NETWORK, network, MV_RO, autostart, net, networkGetAutostart,
                        (network, autostart));
}

int virNetworkSetAutostart(virNetworkPtr network, int autostart)
{
    MV_API_CALL_INT(MV_API_NETWORK, network, MV_RW, net, networkSetAutostart,
                    (network, autostart));
}

int virNetworkIsActive(virNetworkPtr network)
{
    MV_API_CALL_INT(MV_API_NETWORK, network, MV_RO, net, networkIsActive, (network));
}

int virNetworkIsPersistent(virNetworkPtr network)
{
    MV_API_CALL_INT(MV_API_NETWORK, network, MV_RO, net, networkIsPersistent, (network));
}

/* DHCP leases */

int virNetworkGetDHCPLeases(virNetworkPtr network, const char *mac,
                            virNetworkDHCPLeasePtr **leases, unsigned int flags)
{
    if (leases)
        *leases = NULL;
    MV_API_CALL_INT(MV_API_NETWORK, network, MV_RO, net, networkGetDHCPLeases,
                    (network, mac, leases, flags));
}

void virNetworkDHCPLeaseFree(virNetworkDHCPLeasePtr lease)
{
    if (!lease)
        return;
    free(lease->iface);
    free(lease->mac);
    free(lease->iaid);
    free(lease->ipaddr);
    free(lease->hostname);
    free(lease->clientid);
    free(lease);
}
