/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt public API — libvirt-interface.h —
 * host network interfaces.
 * Names, values and signatures match libvirt 9.0 so libvirt clients build
 * unchanged. */
#ifndef LIBVIRT_INTERFACE_H
#define LIBVIRT_INTERFACE_H

#ifndef __VIR_LIBVIRT_H_INCLUDES__
# error "Don't include this file directly, only use libvirt/libvirt.h"
#endif

typedef struct _virInterface virInterface;
typedef virInterface *virInterfacePtr;

virConnectPtr virInterfaceGetConnect(virInterfacePtr iface);
int virConnectNumOfInterfaces(virConnectPtr conn);
int virConnectListInterfaces(virConnectPtr conn, char **const names,
                             int maxnames);
int virConnectNumOfDefinedInterfaces(virConnectPtr conn);
int virConnectListDefinedInterfaces(virConnectPtr conn, char **const names,
                                    int maxnames);

/* Listing, defining and transactions on host interfaces. */
typedef enum {
    VIR_CONNECT_LIST_INTERFACES_INACTIVE = 1 << 0,
    VIR_CONNECT_LIST_INTERFACES_ACTIVE   = 1 << 1,
} virConnectListAllInterfacesFlags;

int virConnectListAllInterfaces(virConnectPtr conn, virInterfacePtr **ifaces,
                                unsigned int flags);
virInterfacePtr virInterfaceLookupByName(virConnectPtr conn, const char *name);
virInterfacePtr virInterfaceLookupByMACString(virConnectPtr conn,
        const char *mac);
const char*virInterfaceGetName(virInterfacePtr iface);
const char*virInterfaceGetMACString(virInterfacePtr iface);

typedef enum {
    VIR_INTERFACE_XML_INACTIVE = 1,
} virInterfaceXMLFlags;

typedef enum {
    VIR_INTERFACE_DEFINE_VALIDATE = 1,
} virInterfaceDefineFlags;

char *virInterfaceGetXMLDesc(virInterfacePtr iface, unsigned int flags);
virInterfacePtr virInterfaceDefineXML(virConnectPtr conn, const char *xmlDesc,
                                      unsigned int flags);
int virInterfaceUndefine(virInterfacePtr iface);
int virInterfaceCreate(virInterfacePtr iface, unsigned int flags);
int virInterfaceDestroy(virInterfacePtr iface, unsigned int flags);
int virInterfaceRef(virInterfacePtr iface);
int virInterfaceFree(virInterfacePtr iface);
int virInterfaceChangeBegin(virConnectPtr conn, unsigned int flags);
int virInterfaceChangeCommit(virConnectPtr conn, unsigned int flags);
int virInterfaceChangeRollback(virConnectPtr conn, unsigned int flags);
int virInterfaceIsActive(virInterfacePtr iface);

#endif /* LIBVIRT_INTERFACE_H */
