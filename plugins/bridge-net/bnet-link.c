/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-link.c — the bridge over rtnetlink (libnl):
 * created in one RTM_NEWLINK with its MAC, MTU, STP state and forward
 * delay, then its addresses and IFF_UP; deleted by index, or for destroy
 * set down, unaddressed and renamed (mv_bnet_link_retire). Also reads the
 * main routing table for subnets the host already routes. */
#include "bnet-net.h"

#include <errno.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

typedef struct nl_sock mv_bnet_nlsock;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(mv_bnet_nlsock, nl_socket_free)

static struct nl_sock *bnet_nl_connect(const char *what, const char *name)
{
    struct nl_sock *sk = nl_socket_alloc();
    int err = sk ? nl_connect(sk, NETLINK_ROUTE) : -NLE_NOMEM;
    if (err < 0) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_SYSTEM_ERROR, "%s '%s': rtnetlink: %s",
                        what, name, nl_geterror(err));
        if (sk)
            nl_socket_free(sk);
        return NULL;
    }
    return sk;
}

bool mv_bnet_link_exists(const char *name)
{
    return if_nametoindex(name) != 0;
}

/* The RTM_NEWLINK that creates the bridge with its attributes. */
static struct nl_msg *bnet_bridge_msg(const mv_network_def *def, const char *name)
{
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
    struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    unsigned char mac[6];
    if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0)
        goto fail;
    if (nla_put_string(msg, IFLA_IFNAME, name) < 0)
        goto fail;
    if (def->mac && mv_net_mac_parse(def->mac, mac) == 0 &&
        nla_put(msg, IFLA_ADDRESS, sizeof(mac), mac) < 0)
        goto fail;
    if (def->mtu && nla_put_u32(msg, IFLA_MTU, def->mtu) < 0)
        goto fail;
    struct nlattr *info = nla_nest_start(msg, IFLA_LINKINFO);
    if (!info || nla_put_string(msg, IFLA_INFO_KIND, "bridge") < 0)
        goto fail;
    struct nlattr *data = nla_nest_start(msg, IFLA_INFO_DATA);
    /* The kernel applies the delay before STP, so 0 s with STP on works;
     * the unit is clock ticks (USER_HZ, 100 per second). */
    if (!data || nla_put_u32(msg, IFLA_BR_FORWARD_DELAY, (uint32_t)(def->delay * 100)) < 0 ||
        nla_put_u32(msg, IFLA_BR_STP_STATE, def->stp ? 1 : 0) < 0)
        goto fail;
    nla_nest_end(msg, data);
    nla_nest_end(msg, info);
    return msg;
fail:
    nlmsg_free(msg);
    return NULL;
}

static int bnet_addr_add(struct nl_sock *sk, int ifindex, const mv_network_ip *ip)
{
    int prefix = mv_network_ip_prefix(ip);
    bool v4 = ip->address.family == MV_NET_FAMILY_IPV4;
    struct nl_addr *local = nl_addr_build(v4 ? AF_INET : AF_INET6, ip->address.bytes, v4 ? 4 : 16);
    struct rtnl_addr *a = rtnl_addr_alloc();
    int err = -NLE_NOMEM;
    if (local && a) {
        nl_addr_set_prefixlen(local, prefix);
        rtnl_addr_set_ifindex(a, ifindex);
        rtnl_addr_set_local(a, local);
        rtnl_addr_set_prefixlen(a, prefix);
        if (v4) {
            /* the subnet's broadcast address, as `ip addr add ... brd +` */
            unsigned char b[4];
            memcpy(b, ip->address.bytes, 4);
            for (int i = prefix; i < 32; i++)
                b[i / 8] |= (unsigned char)(0x80 >> (i % 8));
            struct nl_addr *brd = nl_addr_build(AF_INET, b, 4);
            if (brd) {
                rtnl_addr_set_broadcast(a, brd);
                nl_addr_put(brd);
            }
        } else {
            rtnl_addr_set_flags(a, IFA_F_NODAD);
        }
        err = rtnl_addr_add(sk, a, NLM_F_CREATE | NLM_F_EXCL);
    }
    if (a)
        rtnl_addr_put(a);
    if (local)
        nl_addr_put(local);
    return err;
}

static int bnet_link_send(struct nl_sock *sk, int ifindex, unsigned int flags,
                          unsigned int change, const char *ifname)
{
    struct ifinfomsg ifi = {
        .ifi_family = AF_UNSPEC, .ifi_index = ifindex,
        .ifi_flags = flags, .ifi_change = change,
    };
    struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
    if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
        (ifname && nla_put_string(msg, IFLA_IFNAME, ifname) < 0)) {
        nlmsg_free(msg);
        return -NLE_NOMEM;
    }
    return nl_send_sync(sk, msg);   /* frees msg */
}

static int bnet_link_up(struct nl_sock *sk, int ifindex)
{
    return bnet_link_send(sk, ifindex, IFF_UP, IFF_UP, NULL);
}

int mv_bnet_bridge_create(const mv_network_def *def, const char *name)
{
    g_autoptr(mv_bnet_nlsock) sk = bnet_nl_connect("Unable to create bridge", name);
    if (!sk)
        return -1;
    struct nl_msg *msg = bnet_bridge_msg(def, name);
    int err = msg ? nl_send_sync(sk, msg) : -NLE_NOMEM;   /* frees msg */
    if (err < 0) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_SYSTEM_ERROR, "Unable to create bridge %s: %s",
                        name, nl_geterror(err));
        return -1;
    }
    int ifindex = (int)if_nametoindex(name);
    const char *step = "find";
    err = ifindex ? 0 : -NLE_OBJ_NOTFOUND;
    for (size_t i = 0; err == 0 && i < def->nips; i++) {
        step = "add an address to";
        err = bnet_addr_add(sk, ifindex, def->ips[i]);
    }
    if (err == 0) {
        step = "set up";
        err = bnet_link_up(sk, ifindex);
    }
    if (err < 0) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_SYSTEM_ERROR, "Unable to %s bridge %s: %s",
                        step, name, nl_geterror(err));
        mv_bnet_link_delete(name);
        return -1;
    }
    return 0;
}

/* Logs, never reports: it runs in cleanups that keep an earlier error. */
int mv_bnet_link_delete(const char *name)
{
    int ifindex = (int)if_nametoindex(name);
    if (!ifindex)
        return 0;
    struct nl_sock *sk = nl_socket_alloc();
    int err = sk ? nl_connect(sk, NETLINK_ROUTE) : -NLE_NOMEM;
    if (err == 0) {
        struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
        struct nl_msg *msg = nlmsg_alloc_simple(RTM_DELLINK, 0);
        err = msg && nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0
                  ? nl_send_sync(sk, msg) : -NLE_NOMEM;
    }
    if (sk)
        nl_socket_free(sk);
    if (err < 0 && err != -NLE_NODEV && err != -NLE_OBJ_NOTFOUND) {
        mv_log(MV_LOG_WARN, MV_BNET_SRC, "cannot delete bridge '%s': %s", name,
               nl_geterror(err));
        return -1;
    }
    return 0;
}

/* Removes DEF's addresses from IFINDEX; a missing one is no error (IPv6
 * ones go with the link down). An IPv4 address would otherwise keep its
 * local route, and the host would keep answering on it. */
static int bnet_addrs_del(struct nl_sock *sk, int ifindex, const mv_network_def *def)
{
    for (size_t i = 0; i < def->nips; i++) {
        const mv_network_ip *ip = def->ips[i];
        int prefix = mv_network_ip_prefix(ip);
        bool v4 = ip->address.family == MV_NET_FAMILY_IPV4;
        struct nl_addr *local = nl_addr_build(v4 ? AF_INET : AF_INET6, ip->address.bytes, v4 ? 4 : 16);
        struct rtnl_addr *a = rtnl_addr_alloc();
        int err = -NLE_NOMEM;
        if (local && a) {
            nl_addr_set_prefixlen(local, prefix);
            rtnl_addr_set_ifindex(a, ifindex);
            rtnl_addr_set_local(a, local);
            rtnl_addr_set_prefixlen(a, prefix);
            err = rtnl_addr_delete(sk, a, 0);
        }
        if (a)
            rtnl_addr_put(a);
        if (local)
            nl_addr_put(local);
        if (err < 0 && err != -NLE_NOADDR && err != -NLE_OBJ_NOTFOUND && err != -NLE_NODEV)
            return err;
    }
    return 0;
}

/* The kernel needs ~40 ms to unregister a bridge; a set-down and a rename
 * take well under a millisecond. NAME goes down (no traffic, no routes),
 * loses DEF's addresses, and becomes MV_BNET_RETIRED_PREFIX<ifindex in hex>
 * (unique while the link lives, at most 14 characters), freeing NAME at
 * once. *RETIRED is the new name, NULL when NAME did not exist. Logs,
 * never reports. */
int mv_bnet_link_retire(const mv_network_def *def, const char *name, char **retired)
{
    *retired = NULL;
    int ifindex = (int)if_nametoindex(name);
    if (!ifindex)
        return 0;
    char newname[IF_NAMESIZE];
    g_snprintf(newname, sizeof(newname), MV_BNET_RETIRED_PREFIX "%x", (unsigned int)ifindex);
    struct nl_sock *sk = nl_socket_alloc();
    int err = sk ? nl_connect(sk, NETLINK_ROUTE) : -NLE_NOMEM;
    if (err == 0)
        err = bnet_link_send(sk, ifindex, 0, IFF_UP, NULL);
    if (err == 0)
        err = bnet_addrs_del(sk, ifindex, def);
    /* a rename needs the link down (-EBUSY otherwise) */
    if (err == 0)
        err = bnet_link_send(sk, ifindex, 0, 0, newname);
    if (sk)
        nl_socket_free(sk);
    if (err < 0) {
        mv_log(MV_LOG_WARN, MV_BNET_SRC, "cannot set bridge '%s' down and rename it to '%s': %s",
               name, newname, nl_geterror(err));
        return -1;
    }
    *retired = g_strdup(newname);
    return 0;
}

bool mv_bnet_link_is_retired(const char *name)
{
    return g_str_has_prefix(name, MV_BNET_RETIRED_PREFIX);
}

typedef struct {
    const mv_net_addr *net;
    unsigned int prefix;
    const char *skip;
    char *dev;
} bnet_route_query;

static void bnet_route_check(struct nl_object *obj, void *arg)
{
    bnet_route_query *q = arg;
    struct rtnl_route *r = (struct rtnl_route *)obj;
    struct nl_addr *dst = rtnl_route_get_dst(r);
    if (q->dev || rtnl_route_get_table(r) != RT_TABLE_MAIN || !dst ||
        nl_addr_get_prefixlen(dst) == 0 || rtnl_route_get_nnexthops(r) < 1)
        return;
    mv_net_addr a = { 0 };
    unsigned int len = nl_addr_get_len(dst);
    if (len > sizeof(a.bytes))
        return;
    a.family = nl_addr_get_family(dst) == AF_INET ? MV_NET_FAMILY_IPV4 : MV_NET_FAMILY_IPV6;
    memcpy(a.bytes, nl_addr_get_binary_addr(dst), len);
    if (!mv_net_subnets_overlap(&a, nl_addr_get_prefixlen(dst), q->net, q->prefix))
        return;
    char name[IF_NAMESIZE] = "";
    int ifindex = rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(r, 0));
    if (!if_indextoname((unsigned int)ifindex, name) ||
        (q->skip && strcmp(name, q->skip) == 0))
        return;
    q->dev = g_strdup(name);
}

int mv_bnet_route_overlap(const mv_net_addr *net, unsigned int prefix,
                          const char *skip_dev, char **dev)
{
    g_autoptr(mv_bnet_nlsock) sk = bnet_nl_connect("Unable to read routes for", "main");
    if (!sk)
        return -1;
    struct nl_cache *cache = NULL;
    int family = net->family == MV_NET_FAMILY_IPV4 ? AF_INET : AF_INET6;
    int err = rtnl_route_alloc_cache(sk, family, 0, &cache);
    if (err < 0) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_SYSTEM_ERROR, "Unable to read the routing table: %s",
                        nl_geterror(err));
        return -1;
    }
    bnet_route_query q = { .net = net, .prefix = prefix, .skip = skip_dev };
    nl_cache_foreach(cache, bnet_route_check, &q);
    nl_cache_free(cache);
    *dev = q.dev;
    return q.dev ? 1 : 0;
}
