/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/guest-leases.h — what the host knows of a guest's
 * addresses and hostname without asking the guest: the DHCP leases of the
 * virtual networks its <interface type='network'> are on, and the host's
 * neighbour (ARP) table. For virDomainInterfaceAddresses (sources lease and
 * arp) and virDomainGetHostname (source lease). Since plugin ABI 1.2. */
#ifndef MODVIRT_PLUGIN_GUEST_LEASES_H
#define MODVIRT_PLUGIN_GUEST_LEASES_H

#include <glib.h>
#include <libvirt/libvirt.h>
#include "abi.h"
#include "conf-domain.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A copy of what the lookups need of a definition's interfaces (MAC, host
 * device, network name), so a driver takes it under its lock and looks up
 * without it: the lookups call the connection's network driver. */
typedef struct mv_guest_nics mv_guest_nics;

MV_PLUGIN_AVAILABLE_IN_1_2
mv_guest_nics *mv_guest_nics_new(const mv_domain_def *def);

MV_PLUGIN_AVAILABLE_IN_1_2
void mv_guest_nics_free(mv_guest_nics *nics);

/* virDomainInterfaceAddresses from the leases, as libvirt's drivers: for
 * each <interface type='network'> in order, the network by name on CONN
 * and its leases for the interface's MAC; an interface with leases is one
 * entry (its host device, its MAC, the leased addresses with their
 * prefixes). The count and *IFACES (NULL-terminated, the caller frees each
 * with virDomainInterfaceFree and the array with free), or -1 with the
 * network driver's error (a network that is gone: VIR_ERR_NO_NETWORK). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_guest_leases_addresses(virConnectPtr conn, const mv_guest_nics *nics,
                              virDomainInterfacePtr **ifaces);

/* virDomainInterfaceAddresses from the host's neighbour table: for each
 * interface, the complete entries with its MAC (IPv4, prefix 0), as one
 * entry per interface. -1 with VIR_ERR_INTERNAL_ERROR under FROM (a
 * VIR_FROM_* domain) when the table cannot be read. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_guest_arp_addresses(int from, const mv_guest_nics *nics,
                           virDomainInterfacePtr **ifaces);

/* virDomainGetHostname's lease source, as libvirt's qemu and lxc drivers:
 * the first lease with a hostname, in the order of the <interface
 * type='network'>, looked up as mv_guest_leases_addresses does. NULL with
 * the network driver's error, or when no lease has one with libvirt's
 * VIR_ERR_NO_HOSTNAME "no hostname found for domain NAME" under FROM. */
MV_PLUGIN_AVAILABLE_IN_1_2
char *mv_guest_leases_hostname(int from, virConnectPtr conn, const mv_guest_nics *nics,
                               const char *name);

/* Building an answer of virDomainInterfacePtr from any source (a guest
 * agent's, say) as the lookups above build theirs, in a GPtrArray made
 * with g_ptr_array_new(): mv_guest_iface_new appends an interface (NAME,
 * HWADDR copied; either may be NULL), mv_guest_iface_add_addr one address
 * of TYPE (virIPAddrType) and PREFIX to it; mv_guest_ifaces_take turns
 * LIST into the caller's NULL-terminated *IFACES and returns the count,
 * mv_guest_ifaces_free drops LIST and what it holds. */
MV_PLUGIN_AVAILABLE_IN_1_2
virDomainInterfacePtr mv_guest_iface_new(GPtrArray *list, const char *name, const char *hwaddr);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_guest_iface_add_addr(virDomainInterfacePtr iface, int type, const char *addr,
                             unsigned int prefix);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_guest_ifaces_take(GPtrArray *list, virDomainInterfacePtr **ifaces);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_guest_ifaces_free(GPtrArray *list);

#ifdef __cplusplus
}
#endif

#endif
