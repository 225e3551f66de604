/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/netdev.h — what a driver reads of the host network
 * devices its guests use. Since plugin ABI 1.2. */
#ifndef MODVIRT_PLUGIN_NETDEV_H
#define MODVIRT_PLUGIN_NETDEV_H

#include <libvirt/libvirt.h>
#include "abi.h"
#include "conf-domain.h"
#include "conf-domain-devices.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The traffic counters of host device IFNAME (a tap, or a veth pair's host
 * end) as the guest on its other end sees them, for
 * virDomainInterfaceStats: what the device received the guest sent, and
 * the other way round (libvirt's swap). 0, or -1 with VIR_ERR_INTERNAL_ERROR
 * under FROM (a VIR_FROM_* domain) when the device has no counters (it is
 * gone). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_netdev_guest_counters(int from, const char *ifname, virDomainInterfaceStatsPtr stats);

/* The interface of DEF that DEVICE names, as libvirt's drivers find it for
 * virDomainInterfaceStats: by MAC address (any case) or by host-side
 * device name (<target dev>). NULL with libvirt's VIR_ERR_INVALID_ARG
 * "'DEVICE' is not a known interface" (VIR_FROM_DOMAIN) when none does. */
MV_PLUGIN_AVAILABLE_IN_1_2
const mv_domain_net_def *mv_netdev_find(const mv_domain_def *def, const char *device);

#ifdef __cplusplus
}
#endif

#endif
