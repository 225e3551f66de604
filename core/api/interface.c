/* core/api/interface.c — the virInterface* entry points and the interface
 * listing calls on a connection: libvirt's argument and read-only checks,
 * then the connection's interface driver. */
#include "core/object/handles.h"

#define MV_FROM_THIS VIR_FROM_INTERFACE

MV_API_DEFINE_REFCOUNT(virInterface, virInterfacePtr, MV_API_IFACE)
MV_API_DEFINE_STRING_GETTER(virInterfaceGetName, virInterfacePtr, MV_API_IFACE, name)
MV_API_DEFINE_STRING_GETTER(virInterfaceGetMACString, virInterfacePtr, MV_API_IFACE, mac)

/* Listing */

MV_API_DEFINE_NUM_OF(virConnectNumOfInterfaces, virConnectPtr, MV_API_CONN, iface,
                     connectNumOfInterfaces, connectListAllInterfaces, virInterfacePtr,
                     VIR_CONNECT_LIST_INTERFACES_ACTIVE)
MV_API_DEFINE_LIST_NAMES(virConnectListInterfaces, virConnectPtr, MV_API_CONN, iface,
                         connectListInterfaces, connectListAllInterfaces, virInterfacePtr,
                         VIR_CONNECT_LIST_INTERFACES_ACTIVE)
MV_API_DEFINE_NUM_OF(virConnectNumOfDefinedInterfaces, virConnectPtr, MV_API_CONN, iface,
                     connectNumOfDefinedInterfaces, connectListAllInterfaces, virInterfacePtr,
                     VIR_CONNECT_LIST_INTERFACES_INACTIVE)
MV_API_DEFINE_LIST_NAMES(virConnectListDefinedInterfaces, virConnectPtr, MV_API_CONN, iface,
                         connectListDefinedInterfaces, connectListAllInterfaces,
                         virInterfacePtr, VIR_CONNECT_LIST_INTERFACES_INACTIVE)

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
