/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/network.c — the virNetwork* entry points and the network listing
 * calls on a connection: libvirt's argument and read-only checks, then the
 * connection's network driver (an all-NULL table when it has none). */
#include "core/api/api-internal.h"

#include <stdlib.h>

#define MV_FROM_THIS VIR_FROM_NETWORK

/* The handle */

virConnectPtr virNetworkGetConnect(virNetworkPtr network)
{
    MV_API_NETWORK(network, NULL);
    return conn_;
}

int virNetworkRef(virNetworkPtr network)
{
    MV_API_NETWORK(network, -1);
    return mv_api_object_ref(network);
}

int virNetworkFree(virNetworkPtr network)
{
    MV_API_NETWORK(network, -1);
    return mv_api_object_unref(network);
}

const char *virNetworkGetName(virNetworkPtr network)
{
    MV_API_NETWORK(network, NULL);
    return network->name;
}

int virNetworkGetUUID(virNetworkPtr network, unsigned char *uuid)
{
    MV_API_NETWORK(network, -1);
    MV_API_NONNULL(uuid, -1);
    return mv_api_uuid_get(network->uuid, uuid);
}

int virNetworkGetUUIDString(virNetworkPtr network, char *buf)
{
    MV_API_NETWORK(network, -1);
    MV_API_NONNULL(buf, -1);
    return mv_api_uuid_string_get(network->uuid, buf);
}

/* Listing: the NumOf and List calls use the driver's own slot when it has
 * one, otherwise its ListAll slot. */

int virConnectNumOfNetworks(virConnectPtr conn)
{
    MV_API_CONN(conn, -1);
    if (conn->net->connectNumOfNetworks || !conn->net->connectListAllNetworks)
        MV_API_DISPATCH_INT(net, connectNumOfNetworks, (conn));
    virNetworkPtr *list = NULL;
    int n = conn->net->connectListAllNetworks(conn, &list, VIR_CONNECT_LIST_NETWORKS_ACTIVE);
    return mv_api_list_names(conn, (void **)list, n, NULL, G_MAXINT);
}

int virConnectListNetworks(virConnectPtr conn, char **const names, int maxnames)
{
    MV_API_CONN(conn, -1);
    MV_API_NAMES_ARGS(names, maxnames);
    if (conn->net->connectListNetworks || !conn->net->connectListAllNetworks)
        MV_API_DISPATCH_INT(net, connectListNetworks, (conn, names, maxnames));
    virNetworkPtr *list = NULL;
    int n = conn->net->connectListAllNetworks(conn, &list, VIR_CONNECT_LIST_NETWORKS_ACTIVE);
    return mv_api_list_names(conn, (void **)list, n, names, maxnames);
}

int virConnectNumOfDefinedNetworks(virConnectPtr conn)
{
    MV_API_CONN(conn, -1);
    if (conn->net->connectNumOfDefinedNetworks || !conn->net->connectListAllNetworks)
        MV_API_DISPATCH_INT(net, connectNumOfDefinedNetworks, (conn));
    virNetworkPtr *list = NULL;
    int n = conn->net->connectListAllNetworks(conn, &list, VIR_CONNECT_LIST_NETWORKS_INACTIVE);
    return mv_api_list_names(conn, (void **)list, n, NULL, G_MAXINT);
}

int virConnectListDefinedNetworks(virConnectPtr conn, char **const names, int maxnames)
{
    MV_API_CONN(conn, -1);
    MV_API_NAMES_ARGS(names, maxnames);
    if (conn->net->connectListDefinedNetworks || !conn->net->connectListAllNetworks)
        MV_API_DISPATCH_INT(net, connectListDefinedNetworks, (conn, names, maxnames));
    virNetworkPtr *list = NULL;
    int n = conn->net->connectListAllNetworks(conn, &list, VIR_CONNECT_LIST_NETWORKS_INACTIVE);
    return mv_api_list_names(conn, (void **)list, n, names, maxnames);
}

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

virNetworkPtr virNetworkLookupByUUIDString(virConnectPtr conn, const char *uuidstr)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    MV_API_CONN(conn, NULL);
    MV_API_NONNULL(uuidstr, NULL);
    if (!mv_api_uuid_parse(conn, MV_FROM_THIS, __func__, uuidstr, uuid, NULL))
        return NULL;
    return virNetworkLookupByUUID(conn, uuid);
}

/* Life cycle */

/* A call without flags is its Flags variant with 0: drivers have only the
 * slot with flags. */

virNetworkPtr virNetworkCreateXML(virConnectPtr conn, const char *xmlDesc)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, xmlDesc, net, networkCreateXMLFlags,
                        (conn, xmlDesc, 0));
}

virNetworkPtr virNetworkCreateXMLFlags(virConnectPtr conn, const char *xmlDesc,
                                       unsigned int flags)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, xmlDesc, net, networkCreateXMLFlags,
                        (conn, xmlDesc, flags));
}

virNetworkPtr virNetworkDefineXML(virConnectPtr conn, const char *xml)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, xml, net, networkDefineXMLFlags,
                        (conn, xml, 0));
}

virNetworkPtr virNetworkDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, xml, net, networkDefineXMLFlags,
                        (conn, xml, flags));
}

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
