/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-iface.h — inside the host interface driver: a
 * per-call rtnetlink view of the current network namespace (bnet-iface-nl.c)
 * and the <interface> definition built from it (bnet-iface-xml.c). The
 * driver slots (bnet-iface.c) hold no state between calls: links change
 * under us, so every call reads the kernel afresh.
 */
#ifndef MV_BNET_IFACE_H
#define MV_BNET_IFACE_H

#include "bnet.h"

#include <stdbool.h>
#include <glib.h>
#include <netlink/route/link.h>
#include <netlink/route/addr.h>

/* libvirt's interface backends report under VIR_FROM_INTERFACE. */
#define MV_BNET_IFACE_ERR VIR_FROM_INTERFACE

typedef struct rtnl_link mv_bnet_iface_link;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(mv_bnet_iface_link, rtnl_link_put)

typedef struct mv_bnet_iface_nl {
    struct nl_sock *sk;
    struct nl_cache *links;
    struct nl_cache *addrs;   /* NULL until mv_bnet_iface_nl_load_addrs */
} mv_bnet_iface_nl;

/* Connects and reads the links; -1 with an error reported. */
int mv_bnet_iface_nl_open(mv_bnet_iface_nl *nl);
void mv_bnet_iface_nl_close(mv_bnet_iface_nl *nl);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(mv_bnet_iface_nl, mv_bnet_iface_nl_close)
int mv_bnet_iface_nl_load_addrs(mv_bnet_iface_nl *nl);

/* The link named NAME (a new reference), or NULL with VIR_ERR_NO_INTERFACE. */
mv_bnet_iface_link *mv_bnet_iface_nl_find(mv_bnet_iface_nl *nl, const char *name);
/* Whether listings and MAC lookups show LINK (not loopback, tap or bridge port). */
bool mv_bnet_iface_nl_listed(mv_bnet_iface_nl *nl, mv_bnet_iface_link *link);
/* "aa:bb:..." in lower case (g_malloc'd), NULL for a link without address. */
char *mv_bnet_iface_nl_mac(mv_bnet_iface_link *link);
/* Link speed in Mbit/s as libvirt reads it (up Ethernet links only), or 0. */
unsigned int mv_bnet_iface_nl_speed(mv_bnet_iface_link *link);
/* A bridge's STP state and forward delay (clock ticks, as sysfs shows it):
 * 1 when read, 0 when the kernel reported none, -1 with an error. */
int mv_bnet_iface_nl_bridge(mv_bnet_iface_nl *nl, int ifindex,
                            unsigned int *stp, unsigned int *delay);
/* Sets or clears IFF_UP; -1 with a system error naming the link. */
int mv_bnet_iface_nl_set_up(mv_bnet_iface_nl *nl, mv_bnet_iface_link *link, bool up);

/* The definition of LINK, built through mv_interface_def_parse. */
mv_interface_def *mv_bnet_iface_def(mv_bnet_iface_nl *nl, mv_bnet_iface_link *link);

#endif
