/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/interface.c — the virInterface* entry points and the interface
 * listing calls on a connection: libvirt's argument and read-only checks,
 * then the connection's interface driver. */
#include "core/api/api-internal.h"

#define MV_FROM_THIS VIR_FROM_INTERFACE

/* The handle */

virConnectPtr virInterfaceGetConnect(virInterfacePtr iface)
{
    MV_API_IFACE(iface, NULL);
    return conn_;
}

int virInterfaceRef(virInterfacePtr iface)
{
    MV_API_IFACE(iface, -1);
    return mv_api_object_ref(iface);
}

int virInterfaceFree(virInterfacePtr iface)
{
    MV_API_IFACE(iface, -1);
    return mv_api_object_unref(iface);
}

const char *virInterfaceGetName(virInterfacePtr iface)
{
    MV_API_IFACE(iface, NULL);
    return iface->name;
}

const char *virInterfaceGetMACString(virInterfacePtr iface)
{
    MV_API_IFACE(iface, NULL);
    return iface->mac;
}

/* Listing: the NumOf and List calls use the driver's own slot when it has
 * one, otherwise its ListAll slot. */

int virConnectNumOfInterfaces(virConnectPtr conn)
{
    MV_API_CONN(conn, -1);
    if (conn->iface->connectNumOfInterfaces || !conn->iface->connectListAllInterfaces)
        MV_API_DISPATCH_INT(iface, connectNumOfInterfaces, (conn));
    virInterfacePtr *list = NULL;
    int n = conn->iface->connectListAllInterfaces(conn, &list, VIR_CONNECT_LIST_INTERFACES_ACTIVE);
    return mv_api_list_names(conn, (void **)list, n, NULL, G_MAXINT);
}

int virConnectListInterfaces(virConnectPtr conn, char **const names, int maxnames)
{
    MV_API_CONN(conn, -1);
    MV_API_NAMES_ARGS(names, maxnames);
    if (conn->iface->connectListInterfaces || !conn->iface->connectListAllInterfaces)
        MV_API_DISPATCH_INT(iface, connectListInterfaces, (conn, names, maxnames));
    virInterfacePtr *list = NULL;
    int n = conn->iface->connectListAllInterfaces(conn, &list, VIR_CONNECT_LIST_INTERFACES_ACTIVE);
    return mv_api_list_names(conn, (void **)list, n, names, maxnames);
}

int virConnectNumOfDefinedInterfaces(virConnectPtr conn)
{
    MV_API_CONN(conn, -1);
    if (conn->iface->connectNumOfDefinedInterfaces || !conn->iface->connectListAllInterfaces)
        MV_API_DISPATCH_INT(iface, connectNumOfDefinedInterfaces, (conn));
    virInterfacePtr *list = NULL;
    int n = conn->iface->connectListAllInterfaces(conn, &list,
                                                  VIR_CONNECT_LIST_INTERFACES_INACTIVE);
    return mv_api_list_names(conn, (void **)list, n, NULL, G_MAXINT);
}

int virConnectListDefinedInterfaces(virConnectPtr conn, char **const names, int maxnames)
{
    MV_API_CONN(conn, -1);
    MV_API_NAMES_ARGS(names, maxnames);
    if (conn->iface->connectListDefinedInterfaces || !conn->iface->connectListAllInterfaces)
        MV_API_DISPATCH_INT(iface, connectListDefinedInterfaces, (conn, names, maxnames));
    virInterfacePtr *list = NULL;
    int n = conn->iface->connectListAllInterfaces(conn, &list,
                                                  VIR_CONNECT_LIST_INTERFACES_INACTIVE);
    return mv_api_list_names(conn, (void **)list, n, names, maxnames);
}

int virConnectListAllInterfaces(virConnectPtr conn, virInterfacePtr **ifaces, unsigned int flags)
{
    if (ifaces)
        *ifaces = NULL;
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RO, iface, connectListAllInterfaces,
                    (conn, ifaces, flags));
}

/* Lookups */

virInterfacePtr virInterfaceLookupByName(virConnectPtr conn, const char *name)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, name, iface, interfaceLookupByName,
                        (conn, name));
}

virInterfacePtr virInterfaceLookupByMACString(virConnectPtr conn, const char *macstr)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, macstr, iface, interfaceLookupByMACString,
                        (conn, macstr));
}

/* Definitions and state */

char *virInterfaceGetXMLDesc(virInterfacePtr iface, unsigned int flags)
{
    MV_API_CALL_PTR(MV_API_IFACE, iface, MV_RO, iface, interfaceGetXMLDesc, (iface, flags));
}

virInterfacePtr virInterfaceDefineXML(virConnectPtr conn, const char *xml, unsigned int flags)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, xml, iface, interfaceDefineXML,
                        (conn, xml, flags));
}

int virInterfaceUndefine(virInterfacePtr iface)
{
    MV_API_CALL_INT(MV_API_IFACE, iface, MV_RW, iface, interfaceUndefine, (iface));
}

int virInterfaceCreate(virInterfacePtr iface, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_IFACE, iface, MV_RW, iface, interfaceCreate, (iface, flags));
}

int virInterfaceDestroy(virInterfacePtr iface, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_IFACE, iface, MV_RW, iface, interfaceDestroy, (iface, flags));
}

int virInterfaceIsActive(virInterfacePtr iface)
{
    MV_API_CALL_INT(MV_API_IFACE, iface, MV_RO, iface, interfaceIsActive, (iface));
}

/* Transactions over the host's network configuration */

int virInterfaceChangeBegin(virConnectPtr conn, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RW, iface, interfaceChangeBegin, (conn, flags));
}

int virInterfaceChangeCommit(virConnectPtr conn, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RW, iface, interfaceChangeCommit, (conn, flags));
}

int virInterfaceChangeRollback(virConnectPtr conn, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RW, iface, interfaceChangeRollback, (conn, flags));
}
